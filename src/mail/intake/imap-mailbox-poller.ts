import { Logger } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { describeError } from '../../common/errors/describe-error';
import type { IntakeConfig, MailboxConfig } from '../../config/app-config';
import { FetchedMessage, FolderRef, MailIntakeService, ParsedBatch } from './mail-intake.service';
import type { PollerState } from './poller-state';
import { backoffDelay, chunk, planSync, uidsToFetch } from './sync-plan';

/** Batches fetched and parsed ahead of the one committing; each holds at most a batch of raw mail in memory. */
const PREPARED_AHEAD = 2;

export type { PollerState };

export interface PollerStatus {
  mailbox: string;
  folder: string;
  state: PollerState;
  lastSyncAt: Date | null;
  lastError: string | null;
  ingested: number;
}

export interface SyncSummary {
  fetched: number;
  newTickets: number;
  joined: number;
  duplicates: number;
}

/**
 * Keeps one IMAP connection to one mailbox folder and ingests whatever is past the
 * checkpoint: at connect, on IDLE `exists` notifications, and on a periodic poll
 * as fall-back. Reconnects with jittered exponential backoff. It never deletes or
 * expunges; \Seen or a move happen only after the batch has committed.
 */
export class ImapMailboxPoller {
  private readonly logger: Logger;
  private client: ImapFlow | null = null;
  private stopped = true;
  private state: PollerState = 'stopped';
  private lastSyncAt: Date | null = null;
  private lastError: string | null = null;
  private ingested = 0;
  private syncRunning: Promise<SyncSummary> | null = null;
  private syncAgain = false;
  private loopDone: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private pollTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly mailbox: MailboxConfig,
    private readonly settings: IntakeConfig,
    private readonly intake: MailIntakeService,
  ) {
    this.logger = new Logger(`ImapPoller:${mailbox.key}`);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loopDone = this.connectionLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    this.client?.close();
    await this.loopDone;
    await this.syncRunning?.catch(() => undefined);
    this.setState('stopped');
  }

  status(): PollerStatus {
    return {
      mailbox: this.mailbox.address,
      folder: this.mailbox.imap.folder,
      state: this.state,
      lastSyncAt: this.lastSyncAt,
      lastError: this.lastError,
      ingested: this.ingested,
    };
  }

  /** Runs a sync now (or joins the running one and runs again after it). Resolves with what the last run did. */
  async syncNow(): Promise<SyncSummary> {
    if (!this.client || !this.client.usable) throw new Error(`Sin conexión IMAP con ${this.mailbox.address}`);
    if (this.syncRunning) {
      this.syncAgain = true;
      await this.syncRunning.catch(() => undefined);
      if (this.syncRunning) return this.syncRunning;
    }
    this.syncRunning = this.syncUntilQuiet().finally(() => {
      this.syncRunning = null;
    });
    return this.syncRunning;
  }

  private requestSync(): void {
    this.syncNow().catch((error: unknown) => {
      this.lastError = describeError(error);
      this.logger.warn(`${this.mailbox.address}: sincronización fallida: ${this.lastError}`);
      // A database outage would otherwise wait for the next poll: ask again soon.
      if (!this.stopped && this.client?.usable) {
        setTimeout(() => this.requestSync(), Math.min(this.settings.pollIntervalSeconds * 1000, 5000)).unref();
      }
    });
  }

  private async syncUntilQuiet(): Promise<SyncSummary> {
    const total: SyncSummary = { fetched: 0, newTickets: 0, joined: 0, duplicates: 0 };
    do {
      this.syncAgain = false;
      const run = await this.syncOnce();
      total.fetched += run.fetched;
      total.newTickets += run.newTickets;
      total.joined += run.joined;
      total.duplicates += run.duplicates;
    } while (this.syncAgain && !this.stopped);
    return total;
  }

  private async syncOnce(): Promise<SyncSummary> {
    const client = this.client;
    const summary: SyncSummary = { fetched: 0, newTickets: 0, joined: 0, duplicates: 0 };
    if (!client || !client.usable || client.mailbox === false) throw new Error('buzón no seleccionado');
    const previousState = this.state;
    this.setState('syncing');
    try {
      const ref: FolderRef = {
        mailboxAddress: this.mailbox.address,
        folder: this.mailbox.imap.folder,
        uidValidity: BigInt(client.mailbox.uidValidity),
      };
      const plan = planSync(await this.intake.checkpoint(ref.mailboxAddress, ref.folder), ref.uidValidity);
      if (plan.uidValidityChanged) {
        this.logger.warn(`${ref.mailboxAddress}/${ref.folder}: UIDVALIDITY cambió a ${ref.uidValidity}; se revisa la carpeta completa`);
        await this.intake.dropStalePostActions(ref);
      }
      await this.applyPostAction(client, ref, await this.intake.pendingPostActions(ref));

      const found = await client.search({ uid: `${plan.fromUid}:*` }, { uid: true });
      const uids = uidsToFetch(Array.isArray(found) ? found : [], plan.fromUid);
      if (uids.length === 0 && plan.uidValidityChanged) await this.intake.saveEmptyCheckpoint(ref);
      // A three-stage pipeline: while batch N commits, the next PREPARED_AHEAD batches are
      // fetched over IMAP and parsed on the worker threads, so network, CPU and database
      // time overlap and the parser never waits for a commit to hand it work.
      const batches = chunk(uids, this.settings.batchSize);
      const prepare = (index: number) => {
        const prepared = this.fetchBatch(client, batches[index]).then((fetched) => this.intake.parseBatch(fetched, ref.mailboxAddress));
        // A failure is reported by the await that consumes it; keep it from being unhandled meanwhile.
        prepared.catch(() => undefined);
        return prepared;
      };
      const ahead: Array<Promise<ParsedBatch>> = [];
      let prepared = 0;
      const prepareAhead = () => {
        while (ahead.length < PREPARED_AHEAD && prepared < batches.length) ahead.push(prepare(prepared++));
      };
      prepareAhead();
      while (ahead.length > 0) {
        const batch = await ahead.shift()!;
        prepareAhead();
        const result = await this.intake.commitParsed(ref, batch, this.mailbox.afterIntake !== 'none');
        summary.fetched += batch.fetched.length;
        summary.newTickets += result.newTickets;
        summary.joined += result.joined;
        summary.duplicates += result.duplicates;
        this.ingested += result.stored;
        await this.applyPostAction(client, ref, result.uidsForPostAction);
      }
      this.lastSyncAt = new Date();
      this.lastError = null;
      return summary;
    } finally {
      if (this.state === 'syncing') this.setState(previousState === 'syncing' ? 'connected' : previousState);
    }
  }

  private async fetchBatch(client: ImapFlow, uids: number[]): Promise<FetchedMessage[]> {
    const messages = await client.fetchAll(uids.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
    // A message without its body must not be skipped: the checkpoint would move past it.
    const incomplete = messages.find((m) => !Buffer.isBuffer(m.source));
    if (incomplete) throw new Error(`el servidor no entregó el contenido del uid ${incomplete.uid}`);
    return messages
      .map((m) => ({ uid: m.uid, raw: m.source as Buffer, internalDate: toDate(m.internalDate) }))
      .sort((a, b) => a.uid - b.uid);
  }

  private async applyPostAction(client: ImapFlow, ref: FolderRef, uids: number[]): Promise<void> {
    if (uids.length === 0 || this.mailbox.afterIntake === 'none') return;
    const range = uids.join(',');
    if (this.mailbox.afterIntake === 'seen') {
      await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
    } else if (this.mailbox.moveTo) {
      await client.messageMove(range, this.mailbox.moveTo, { uid: true });
    }
    await this.intake.markPostActionsDone(ref, uids);
  }

  private async connectionLoop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const closed = await this.connectOnce().catch((error: unknown) => {
        this.lastError = describeError(error);
        this.logger.warn(`${this.mailbox.address}: no se pudo conectar a ${this.describeServer()}: ${this.lastError}`);
        return false;
      });
      if (closed) attempt = 0;
      if (this.stopped) break;
      const delay = backoffDelay(attempt++, this.settings.reconnectMinMs, this.settings.reconnectMaxMs);
      this.setState('waiting-to-reconnect');
      this.logger.log(`${this.mailbox.address}: reconexión en ${delay} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  /** Connects, selects the folder and stays until the connection closes. True when it had connected. */
  private async connectOnce(): Promise<boolean> {
    this.setState('connecting');
    const { imap } = this.mailbox;
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.tls,
      auth: { user: imap.user, pass: imap.password },
      logger: false,
      disableAutoIdle: !this.settings.useIdle,
      // IDLE soon after each sync, so new mail is noticed within a second or two.
      autoIdleDelay: 200,
      maxIdleTime: 5 * 60 * 1000,
      connectionTimeout: 15000,
      greetingTimeout: 15000,
      socketTimeout: 10 * 60 * 1000,
    });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (error: unknown) => {
      this.lastError = describeError(error);
      this.logger.warn(`${this.mailbox.address}: error de conexión IMAP: ${this.lastError}`);
    });
    client.on('exists', () => this.requestSync());
    this.client = client;
    try {
      await client.connect();
      if (this.stopped) return true;
      if (this.mailbox.afterIntake === 'move' && this.mailbox.moveTo) {
        // Create the destination up front: a MOVE into a missing folder fails after every commit.
        const created = await client.mailboxCreate(this.mailbox.moveTo);
        if (created.created) this.logger.log(`${this.mailbox.address}: carpeta «${this.mailbox.moveTo}» creada`);
      }
      await client.mailboxOpen(imap.folder);
      this.setState('connected');
      this.requestSync();
      this.pollTimer = setInterval(() => this.requestSync(), this.settings.pollIntervalSeconds * 1000);
      this.pollTimer.unref();
      await closed;
      if (!this.stopped) this.logger.warn(`${this.mailbox.address}: la conexión IMAP se cerró`);
      return true;
    } finally {
      if (this.pollTimer) clearInterval(this.pollTimer);
      this.pollTimer = null;
      client.close();
      this.client = null;
      await this.syncRunning?.catch(() => undefined);
    }
  }

  private setState(state: PollerState): void {
    if (state === this.state) return;
    const from = this.state;
    this.state = state;
    if (state !== 'syncing' && from !== 'syncing') {
      this.logger.log(`${this.mailbox.address}/${this.mailbox.imap.folder}: ${from} → ${state}`);
    }
  }

  private describeServer(): string {
    return `${this.mailbox.imap.host}:${this.mailbox.imap.port}`;
  }
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'string') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}
