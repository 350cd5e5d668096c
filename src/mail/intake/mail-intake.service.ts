import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { describeError } from '../../common/errors/describe-error';
import { AfterCommit, IncomingMessageRecorder, RecordedMessage } from '../../tickets/incoming-message-recorder';
import type { InboundMessage } from '../parsing/inbound-message';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SlaAlertsService } from '../../sla/sla-alerts.service';
import { OutboundMailer } from '../../outbound/outbound-mailer.service';
import { ParsedMessage, ParserPool } from './parser-pool';
import { StoredCheckpoint } from './sync-plan';

export interface FetchedMessage {
  uid: number;
  raw: Buffer;
  internalDate: Date | null;
}

export interface FolderRef {
  mailboxAddress: string;
  folder: string;
  uidValidity: bigint;
}

export interface ParsedBatch {
  fetched: FetchedMessage[];
  parsed: ParsedMessage[];
}

export interface IngestResult {
  /** Messages whose raw copy was stored now (a refetch of a stored UID is not counted). */
  stored: number;
  newTickets: number;
  joined: number;
  duplicates: number;
  recorded: RecordedMessage[];
  /** UIDs whose after-intake action (\Seen or move) is due now. */
  uidsForPostAction: number[];
}

/** One key for all intake transactions: Message-ID de-duplication across mailboxes must not race. */
const INTAKE_LOCK_KEY = 'mesa-de-ayuda:intake';

/**
 * Stores fetched mail and turns it into tickets. A batch is one transaction: raw
 * bytes, articles and the folder checkpoint commit together or not at all, so the
 * IMAP side may be acknowledged (\Seen, move) only after this returns.
 */
@Injectable()
export class MailIntakeService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MailIntakeService.name);
  private readonly parser: ParserPool;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recorder: IncomingMessageRecorder,
    private readonly slaAlerts: SlaAlertsService,
    private readonly outbound: OutboundMailer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.parser = new ParserPool(config.intake.parserWorkers, config.intake.parserTimeLimitMs);
  }

  async onModuleInit(): Promise<void> {
    await this.parser.warmUp();
  }

  async onModuleDestroy(): Promise<void> {
    await this.parser.close();
  }

  async checkpoint(mailboxAddress: string, folder: string): Promise<StoredCheckpoint | null> {
    const rows: Array<{ uid_validity: string; last_uid: string }> = await this.dataSource.query(
      `SELECT uid_validity, last_uid FROM mailbox_checkpoints WHERE mailbox_address = $1 AND folder = $2`,
      [mailboxAddress, folder],
    );
    if (rows.length === 0) return null;
    return { uidValidity: BigInt(rows[0].uid_validity), lastUid: Number(rows[0].last_uid) };
  }

  /** Records an empty folder (or a new UIDVALIDITY) so later syncs compare against it. */
  async saveEmptyCheckpoint(ref: FolderRef): Promise<void> {
    await this.dataSource.transaction((manager) => this.advanceCheckpoint(manager, ref, 0));
  }

  /**
   * Stores a batch. Should the batch fail for a reason other than the database being
   * unreachable, it is retried one message at a time, and a message that still fails
   * is stored raw with a body-less, unreadable article: one bad e-mail never blocks
   * the folder, and nothing is skipped.
   */
  async ingestBatch(ref: FolderRef, fetched: FetchedMessage[], postActionWanted: boolean): Promise<IngestResult> {
    return this.commitParsed(ref, await this.parseBatch(fetched, ref.mailboxAddress), postActionWanted);
  }

  /** CPU-bound half of intake, on the parser pool; the poller runs it ahead of the commit of the previous batch. */
  async parseBatch(fetched: FetchedMessage[], mailboxAddress: string | null = null): Promise<ParsedBatch> {
    const contexts = fetched.map((m) => (mailboxAddress ? { mailbox: mailboxAddress, receivedAt: m.internalDate } : null));
    return { fetched, parsed: await this.parser.parseAll(fetched.map((m) => m.raw), contexts) };
  }

  async commitParsed(ref: FolderRef, batch: ParsedBatch, postActionWanted: boolean): Promise<IngestResult> {
    const { fetched, parsed } = batch;
    const commitStarted = process.hrtime.bigint();
    try {
      const result = await this.commitBatch(ref, fetched, parsed, postActionWanted);
      this.logger.debug(`${ref.mailboxAddress}/${ref.folder}: ${fetched.length} mensajes confirmados en ${msSince(commitStarted, process.hrtime.bigint())} ms`);
      return result;
    } catch (error: unknown) {
      if (isConnectionError(error)) throw error;
      this.logger.warn(`${ref.mailboxAddress}/${ref.folder}: lote rechazado (${describeError(error)}); se reintenta mensaje por mensaje`);
    }
    const total: IngestResult = emptyResult();
    for (let i = 0; i < fetched.length; i++) {
      let single: IngestResult;
      try {
        single = await this.commitBatch(ref, [fetched[i]], [parsed[i]], postActionWanted);
      } catch (error: unknown) {
        if (isConnectionError(error)) throw error;
        this.logger.error(`${ref.mailboxAddress}/${ref.folder} uid ${fetched[i].uid}: se guarda como ilegible (${describeError(error)})`);
        single = await this.commitBatch(ref, [fetched[i]], [degrade(parsed[i], error)], postActionWanted);
      }
      total.stored += single.stored;
      total.newTickets += single.newTickets;
      total.joined += single.joined;
      total.duplicates += single.duplicates;
      total.recorded.push(...single.recorded);
      total.uidsForPostAction.push(...single.uidsForPostAction);
    }
    return total;
  }

  private async commitBatch(
    ref: FolderRef,
    fetched: FetchedMessage[],
    parsed: ParsedMessage[],
    postActionWanted: boolean,
  ): Promise<IngestResult> {
    const result = emptyResult();
    if (fetched.length === 0) return result;
    const after: AfterCommit = { slaAlerts: [], outgoing: [] };

    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [INTAKE_LOCK_KEY]);
      const inserted = await this.insertRawMessages(manager, ref, fetched, postActionWanted);
      const rawIdOfUid = new Map(inserted.map((row) => [Number(row.uid), row.id]));
      const fresh = fetched
        .map((message, index) => ({ message, parsed: parsed[index] }))
        .filter(({ message }) => rawIdOfUid.has(message.uid));
      result.stored = fresh.length;
      result.recorded = await this.recorder.record(
        manager,
        fresh.map(({ message, parsed: inbound }) => ({
          rawMessageId: rawIdOfUid.get(message.uid)!,
          mailboxAddress: ref.mailboxAddress,
          receivedAt: message.internalDate ?? new Date(),
          message: inbound,
          analysis: inbound.analysis,
        })),
        after,
      );
      if (result.recorded.length) {
        await manager.query(
          `UPDATE raw_messages AS r SET article_id = u.article_id
           FROM unnest($1::bigint[], $2::bigint[]) AS u(raw_id, article_id) WHERE r.id = u.raw_id`,
          [result.recorded.map((r) => r.rawMessageId), result.recorded.map((r) => r.articleId)],
        );
      }
      await this.advanceCheckpoint(manager, ref, Math.max(...fetched.map((m) => m.uid)));
    });

    // Alert jobs only once the tickets they point at are committed.
    void this.slaAlerts.schedule(after.slaAlerts);
    void this.outbound.enqueue(after.outgoing);
    for (const recorded of result.recorded) {
      if (recorded.outcome === 'new-ticket') result.newTickets++;
      else if (recorded.outcome === 'joined-ticket') result.joined++;
      else result.duplicates++;
    }
    if (postActionWanted) result.uidsForPostAction = fetched.map((m) => m.uid);
    const problems = parsed.filter((p) => p.unreadable).length;
    this.logger.log(
      `${ref.mailboxAddress}/${ref.folder}: lote de ${fetched.length} (uid ${fetched[0].uid}-${fetched[fetched.length - 1].uid}) ` +
        `confirmado: ${result.newTickets} tickets nuevos, ${result.joined} respuestas, ${result.duplicates} duplicados` +
        (problems ? `, ${problems} ilegibles` : ''),
    );
    return result;
  }

  /**
   * One multi-row INSERT with each raw message as its own bytea parameter: node-pg
   * sends top-level Buffers in binary, whereas a bytea[] array would be hex-encoded
   * text, doubling the bytes and costing more than the rest of the transaction.
   */
  private async insertRawMessages(
    manager: EntityManager,
    ref: FolderRef,
    fetched: FetchedMessage[],
    postActionWanted: boolean,
  ): Promise<Array<{ id: string; uid: string }>> {
    const params: unknown[] = [ref.mailboxAddress, ref.folder, ref.uidValidity.toString(), postActionWanted];
    const rows = fetched.map((m) => {
      const base = params.length;
      params.push(m.uid, m.internalDate?.toISOString() ?? null, m.raw.length, createHash('sha256').update(m.raw).digest('hex'), m.raw);
      return `($1, $2, $3, $${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $4)`;
    });
    return manager.query(
      `INSERT INTO raw_messages (mailbox_address, folder, uid_validity, uid, internal_date, size, sha256, content, post_action_pending)
       VALUES ${rows.join(', ')}
       ON CONFLICT (mailbox_address, folder, uid_validity, uid) DO NOTHING
       RETURNING id, uid`,
      params,
    );
  }

  /** UIDs stored under this UIDVALIDITY whose \Seen/move has not been applied yet (a crash came in between). */
  async pendingPostActions(ref: FolderRef): Promise<number[]> {
    const rows: Array<{ uid: string }> = await this.dataSource.query(
      `SELECT uid FROM raw_messages
       WHERE post_action_pending AND mailbox_address = $1 AND folder = $2 AND uid_validity = $3 ORDER BY uid`,
      [ref.mailboxAddress, ref.folder, ref.uidValidity.toString()],
    );
    return rows.map((row) => Number(row.uid));
  }

  async markPostActionsDone(ref: FolderRef, uids: number[]): Promise<void> {
    if (uids.length === 0) return;
    await this.dataSource.query(
      `UPDATE raw_messages SET post_action_pending = false
       WHERE mailbox_address = $1 AND folder = $2 AND uid_validity = $3 AND uid = ANY($4::bigint[])`,
      [ref.mailboxAddress, ref.folder, ref.uidValidity.toString(), uids],
    );
  }

  /** Pending actions under an old UIDVALIDITY can no longer be addressed on the server. */
  async dropStalePostActions(ref: FolderRef): Promise<void> {
    await this.dataSource.query(
      `UPDATE raw_messages SET post_action_pending = false
       WHERE post_action_pending AND mailbox_address = $1 AND folder = $2 AND uid_validity <> $3`,
      [ref.mailboxAddress, ref.folder, ref.uidValidity.toString()],
    );
  }

  private async advanceCheckpoint(manager: EntityManager, ref: FolderRef, lastUid: number): Promise<void> {
    // Only ever forward within one UIDVALIDITY; a new UIDVALIDITY replaces the old position.
    await manager.query(
      `INSERT INTO mailbox_checkpoints (mailbox_address, folder, uid_validity, last_uid, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (mailbox_address, folder) DO UPDATE SET
         last_uid = CASE WHEN mailbox_checkpoints.uid_validity = EXCLUDED.uid_validity
                         THEN GREATEST(mailbox_checkpoints.last_uid, EXCLUDED.last_uid) ELSE EXCLUDED.last_uid END,
         uid_validity = EXCLUDED.uid_validity,
         updated_at = now()`,
      [ref.mailboxAddress, ref.folder, ref.uidValidity.toString(), lastUid],
    );
  }
}

function emptyResult(): IngestResult {
  return { stored: 0, newTickets: 0, joined: 0, duplicates: 0, recorded: [], uidsForPostAction: [] };
}

/** Keeps what identifies the message and drops everything that could have failed to store. */
function degrade(message: InboundMessage, error: unknown): InboundMessage {
  return {
    ...message,
    text: null,
    html: null,
    attachments: [],
    unreadable: true,
    parseProblems: [...message.parseProblems, `no se pudo guardar el contenido: ${describeError(error)}`],
  };
}

/** Errors that say the database is unreachable: retrying message by message would not help. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (/^08/.test(code) || ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code))) {
    return true;
  }
  return /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(error.message);
}

function msSince(from: bigint, to: bigint): number {
  return Math.round(Number(to - from) / 1e6);
}
