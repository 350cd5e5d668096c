import { Inject, Injectable, Logger, MessageEvent, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { BehaviorSubject, filter, interval, map, merge, Observable, Subject, takeUntil } from 'rxjs';
import { describeError } from '../../common/errors/describe-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { listenOnChannel } from '../../database/listen-channel';
import { concernsQueue, parseTicketChange, reconnectDelay, TICKET_CHANGES_CHANNEL, TicketChange } from './ticket-change';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** Under the usual 30–60 s idle timeouts of proxies and load balancers. */
export const HEARTBEAT_MS = 25_000;

/**
 * Ticket changes from every process, pushed to the agents' browsers. One dedicated
 * pg Client per process LISTENs on the channel the tickets trigger notifies on
 * (a pooled connection cannot hold a LISTEN), and a Subject fans each change out
 * to the SSE subscribers. The client connects on the first subscriber, so the
 * worker and the CLI never open it, and reconnects with backoff when the
 * connection drops; NOTIFYs sent while it was down are lost, so subscribers get
 * a `ready` event on each (re)connection, telling the UI to refetch.
 */
@Injectable()
export class TicketChangesListener implements OnModuleDestroy {
  private readonly logger = new Logger(TicketChangesListener.name);
  private readonly changes = new Subject<TicketChange>();
  /** Counts connections: each new value is a (re)connection. */
  private readonly connections = new BehaviorSubject<number>(0);
  private readonly closing = new Subject<void>();
  private client: Client | null = null;
  private started = false;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The SSE events for one subscriber: `ready` on each (re)connection, `ticket` per change of the queue, a heartbeat comment. */
  events(queue: string | undefined): Observable<MessageEvent> {
    this.start();
    const ready = this.connections.pipe(
      filter((count) => count > 0),
      map((): MessageEvent => ({ type: 'ready', retry: 3000, data: { queue: queue ?? null } })),
    );
    const changes = this.changes.pipe(
      filter((change) => concernsQueue(change, queue)),
      map((change): MessageEvent => ({ type: 'ticket', data: change })),
    );
    const heartbeat = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ comment: 'ping' })));
    return merge(ready, changes, heartbeat).pipe(takeUntil(this.closing));
  }

  /** Resolves once the LISTEN is active (tests, and callers that must not miss the next change). */
  whenListening(): Promise<void> {
    this.start();
    return new Promise((resolve) => {
      const subscription = this.connections.pipe(filter((count) => count > 0)).subscribe(() => {
        resolve();
        queueMicrotask(() => subscription.unsubscribe());
      });
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    // Ends every open stream, so the HTTP server can close its connections.
    this.closing.next();
    this.closing.complete();
    this.changes.complete();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'mesa-live-updates', keepAlive: true });
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      const delay = reconnectDelay(this.attempt++, RECONNECT_MIN_MS, RECONNECT_MAX_MS);
      this.logger.warn(`escucha de cambios de tickets caída (${describeError(error)}); reintento en ${delay} ms`);
      this.retryTimer = setTimeout(() => void this.connect(), delay);
      this.retryTimer.unref();
    };
    const onPayload = (payload: string | undefined) => {
      const change = parseTicketChange(payload);
      if (change) this.changes.next(change);
    };
    if (!(await listenOnChannel(client, TICKET_CHANGES_CHANNEL, onPayload, fail))) return;
    if (this.stopped || failed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempt = 0;
    this.connections.next(this.connections.value + 1);
  }
}
