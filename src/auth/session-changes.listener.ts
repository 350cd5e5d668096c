import { Logger } from '@nestjs/common';
import { describeError } from '../common/errors/describe-error';
import { listenOnChannel, type ListenerConnection } from '../database/listen-channel';
import type { SessionCache } from './session-cache';

/** The channel the session_changes triggers notify on (migration 1733400000000). */
export const SESSION_CHANGES_CHANNEL = 'session_changes';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** A round trip on an idle connection takes well under a millisecond; this long means the connection is gone. */
export const SYNC_TIMEOUT_MS = 2000;

export type { ListenerConnection };

interface Deferred {
  promise: Promise<boolean>;
  resolve: (value: boolean) => void;
}

function deferred(): Deferred {
  let resolve!: (value: boolean) => void;
  const promise = new Promise<boolean>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Keeps a SessionCache true to the database. One dedicated connection per process
 * LISTENs on session_changes (a pooled connection cannot hold a LISTEN) and drops
 * the entries each message names. While it is not listening the cache is empty and
 * unused, so a lost connection costs speed, never correctness.
 *
 * A NOTIFY reaches the listener a moment after its transaction commits, which is not
 * soon enough for "disabled means refused on the very next request". `sync()` closes
 * that gap: it resolves after a round trip on this same connection that started after
 * the call. PostgreSQL hands a listening session every notification committed before
 * a statement reached it ahead of that statement's answer, so once `sync()` resolves
 * true every change committed before the request arrived has reached the cache.
 * Requests that arrive together share one round trip.
 */
export class SessionChangesListener {
  private readonly logger = new Logger('SessionChanges');
  /** The connection that is listening; null while connecting or down. */
  private client: ListenerConnection | null = null;
  /** The connection being opened or listening: only its failure schedules a reconnection. */
  private current: ListenerConnection | null = null;
  private started = false;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  /** The round trip on the wire, and the one that waits for it (joined by requests arriving meanwhile). */
  private inFlight = false;
  private queued: Deferred | null = null;

  constructor(
    private readonly newConnection: () => ListenerConnection,
    private readonly cache: SessionCache,
    private readonly syncTimeoutMs = SYNC_TIMEOUT_MS,
  ) {}

  /** Listening now: the cache may be read and filled. */
  get live(): boolean {
    return this.client !== null;
  }

  /** Connects on first use, so the worker and the CLI never open the connection. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.connect();
  }

  /** Resolves once listening (tests, which must know the cache is in use). */
  async whenListening(): Promise<void> {
    this.start();
    while (!this.client && !this.stopped) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** True once every change committed before this call has been applied to the cache; false when not listening. */
  sync(): Promise<boolean> {
    this.start();
    if (!this.client) return Promise.resolve(false);
    if (this.queued) return this.queued.promise;
    const next = deferred();
    this.queued = next;
    // Sent at the end of this turn of the event loop, so the requests that arrived together share it.
    if (!this.inFlight) setImmediate(() => this.dispatch());
    return next.promise;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.current;
    this.client = null;
    this.current = null;
    this.cache.clear();
    this.queued?.resolve(false);
    this.queued = null;
    await client?.end().catch(() => undefined);
  }

  private dispatch(): void {
    if (this.inFlight) return;
    const batch = this.queued;
    this.queued = null;
    if (!batch) return;
    const client = this.client;
    if (!client) {
      batch.resolve(false);
      return;
    }
    this.inFlight = true;
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Only a round trip on the connection that is still listening proves anything.
      batch.resolve(ok && this.client === client);
      this.inFlight = false;
      if (this.queued) this.dispatch();
    };
    const timer = setTimeout(() => {
      this.drop(client, new Error(`sin respuesta en ${this.syncTimeoutMs} ms`));
      settle(false);
    }, this.syncTimeoutMs);
    timer.unref();
    // An empty statement: the round trip is all that is wanted, and PostgreSQL skips planning it.
    client.query(';').then(
      () => settle(true),
      (error: unknown) => {
        this.drop(client, error);
        settle(false);
      },
    );
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = this.newConnection();
    this.current = client;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      this.drop(client, error);
    };
    if (!(await listenOnChannel(client, SESSION_CHANGES_CHANNEL, (payload) => this.cache.invalidate(payload ?? '*'), fail))) return;
    if (this.stopped || failed) {
      await client.end().catch(() => undefined);
      return;
    }
    // Whatever was read before the LISTEN took effect may already be stale.
    this.cache.clear();
    this.client = client;
    this.attempt = 0;
  }

  /** Stops trusting the cache at once and reconnects with backoff. */
  private drop(client: ListenerConnection, error: unknown): void {
    void client.end().catch(() => undefined);
    if (client !== this.current) return;
    this.current = null;
    this.client = null;
    this.cache.clear();
    if (this.stopped) return;
    const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(this.attempt++, 30));
    const delay = Math.round(base * (0.8 + 0.2 * Math.random()));
    this.logger.warn(`escucha de cambios de sesiones caída (${describeError(error)}); sin caché de sesiones hasta reconectar, reintento en ${delay} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
