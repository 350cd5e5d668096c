import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, Job } from 'bullmq';
import type { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { CallCoalescer } from '../common/batching/call-coalescer';
import { describeError } from '../common/errors/describe-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue, openJobQueue } from '../jobs/job-queue';
import { createPooledSmtpTransport, sendComposed } from './send-composed';
import { classifySendError, retryDelayMs } from './send-policy';
import { automaticHeaders, OutgoingAttachment } from './outgoing-draft';

export const OUTBOUND_QUEUE = 'outbound-mail';

/** Most acceptances recorded, or rows claimed, by one UPDATE. */
const ROW_UPDATE_BATCH = 64;

/**
 * What claiming a row does, in both claims: a row found in "sending" was interrupted after an
 * earlier claim, so this send may be the second one and is counted.
 */
const CLAIM_FOR_SENDING = `SET status = 'sending', attempts = attempts + 1, sending_started_at = now(),
  crash_resends = crash_resends + CASE WHEN status = 'sending' THEN 1 ELSE 0 END`;

export type SendOutcome = 'sent' | 'already-done' | 'failed' | 'expired' | 'missing';

interface OutgoingRow {
  id: string;
  ticket_id: string | null;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  message_id: string;
  from_address: string;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  in_reply_to: string | null;
  references: string[];
  automatic: boolean;
  body_text: string;
  body_html: string | null;
  attachments: OutgoingAttachment[];
  send_after: Date;
  queued_at: Date;
}

/**
 * Sends what outgoing_messages holds, exactly once as far as SMTP allows. The row
 * is the truth; a BullMQ job (id = row id) only says "look at row N". The worker
 * claims the row (queued → sending) in its own transaction, sends, and records the
 * server's answer. A row found in "sending" was interrupted after the claim: the
 * server may have accepted it, so it is re-sent with the same Message-ID and the
 * re-send is counted (crash_resends). A sweeper re-enqueues rows Redis lost.
 */
@Injectable()
export class OutboundMailer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboundMailer.name);
  private jobs: JobQueue | null = null;
  private transport: Transporter | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;
  /**
   * Acceptances that arrive together (one per connection of the pool) share one UPDATE and
   * one commit; each job still finishes only once its own row is recorded, so a crash in
   * between is the usual window: the row is left "sending" and its re-send is counted.
   */
  private readonly sentRecords = new CallCoalescer<{ id: string; response: string }, void>(ROW_UPDATE_BATCH, (sent) => this.recordSentRows(sent));
  /** Claims made together (jobs picked up as a batch of sends finished) share one UPDATE and commit too. */
  private readonly dueClaims = new CallCoalescer<string, OutgoingRow | null>(ROW_UPDATE_BATCH, (ids) => this.claimDueRows(ids));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobsEnabled) return;
    if (!this.config.outbound.enabled) {
      // Enqueue only: another process sends.
      this.jobs = openJobQueue(this.config, OUTBOUND_QUEUE, this.logger);
      return;
    }
    const { smtp, concurrency } = this.config.outbound;
    this.transport = createPooledSmtpTransport(smtp, concurrency);
    this.jobs = openJobQueue(this.config, OUTBOUND_QUEUE, this.logger, (job: Job<{ id: string }>) => this.process(job), {
      concurrency,
      settings: { backoffStrategy: (attemptsMade: number) => retryDelayMs(attemptsMade, this.config.outbound.retryBaseMs) },
    });
    this.sweepTimer = setInterval(() => void this.sweep().catch(() => undefined), this.config.outbound.sweepIntervalSeconds * 1000);
    this.sweepTimer.unref();
    void this.sweep().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.jobs?.close();
    this.transport?.close();
  }

  /** Enqueues stored rows (after their transaction committed). Never throws: the sweeper covers Redis being down. */
  async enqueue(rows: Array<{ id: string; sendAfter?: Date }>): Promise<void> {
    const queue = this.jobs?.queue;
    if (!queue || rows.length === 0) return;
    const now = Date.now();
    try {
      await queue.addBulk(
        rows.map((row) => ({
          name: 'send',
          data: { id: row.id },
          opts: {
            jobId: `out-${row.id}`,
            delay: Math.max(0, (row.sendAfter?.getTime() ?? now) - now),
            attempts: 25,
            backoff: { type: 'custom' },
            // Kept neither way: the row is the record, and a removed job can be re-added by the sweeper.
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
    } catch (error: unknown) {
      this.logger.warn(`no se pudieron encolar ${rows.length} correos (se reintentará): ${describeError(error)}`);
    }
  }

  /** Rows left queued without a job (Redis lost it), or in "sending" by a process that died. */
  async sweep(): Promise<number> {
    // While Redis is down an enqueue waits for it; never pile one sweep on another.
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      return await this.sweepOnce();
    } finally {
      this.sweeping = false;
    }
  }

  private async sweepOnce(): Promise<number> {
    const rows: Array<{ id: string; send_after: Date }> = await this.dataSource.query(
      `SELECT id, send_after FROM outgoing_messages
       WHERE (status = 'queued' AND queued_at < now() - interval '5 seconds')
          OR (status = 'sending' AND sending_started_at < now() - interval '2 minutes')
       ORDER BY id LIMIT 10000`,
    );
    await this.enqueue(rows.map((row) => ({ id: String(row.id), sendAfter: new Date(row.send_after) })));
    return rows.length;
  }

  async process(job: Job<{ id: string }>): Promise<SendOutcome> {
    const claim = await this.claim(job.data.id);
    if (claim.kind === 'later') {
      await job.moveToDelayed(claim.at.getTime(), job.token);
      throw new DelayedError();
    }
    if (claim.kind !== 'send') return claim.kind;
    return this.send(claim.row);
  }

  /**
   * The common case in one statement (no transaction round trips), shared with the claims
   * made at the same moment: a row that is due and still in time goes to "sending".
   * Anything else (done, missing, not due, expired) is sorted out by the full claim below.
   */
  private async claim(id: string): Promise<{ kind: 'send'; row: OutgoingRow } | { kind: 'later'; at: Date } | { kind: Exclude<SendOutcome, 'sent' | 'failed'> }> {
    const claimed = await this.dueClaims.call(id);
    if (claimed) return { kind: 'send', row: claimed };
    return this.claimCarefully(id);
  }

  private async claimDueRows(ids: string[]): Promise<Array<OutgoingRow | null>> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [claimed]: [OutgoingRow[], number] = await this.dataSource.query(
      `UPDATE outgoing_messages ${CLAIM_FOR_SENDING}
       WHERE id = ANY($1::bigint[]) AND status IN ('queued', 'sending') AND send_after <= $2 AND queued_at > $3
       RETURNING *`,
      [ids, new Date().toISOString(), new Date(Date.now() - this.config.outbound.giveUpAfterHours * 3600000).toISOString()],
    );
    const rowOf = new Map(claimed.map((row) => [String(row.id), row]));
    return ids.map((id) => rowOf.get(String(id)) ?? null);
  }

  private async claimCarefully(id: string): Promise<{ kind: 'send'; row: OutgoingRow } | { kind: 'later'; at: Date } | { kind: Exclude<SendOutcome, 'sent' | 'failed'> }> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: OutgoingRow[] = await manager.query(`SELECT * FROM outgoing_messages WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return { kind: 'missing' as const };
      if (row.status === 'sent' || row.status === 'failed') return { kind: 'already-done' as const };
      if (new Date(row.send_after).getTime() > Date.now()) return { kind: 'later' as const, at: new Date(row.send_after) };
      if (Date.now() - new Date(row.queued_at).getTime() > this.config.outbound.giveUpAfterHours * 3600000) {
        await this.markFailed(manager, row, 'no se pudo entregar dentro del plazo de reintentos');
        return { kind: 'expired' as const };
      }
      await manager.query(
        `UPDATE outgoing_messages ${CLAIM_FOR_SENDING}
         WHERE id = $1`,
        [id],
      );
      return { kind: 'send' as const, row };
    });
  }

  private async send(row: OutgoingRow): Promise<SendOutcome> {
    let response: string;
    try {
      const info = await sendComposed(this.transport!, {
        messageId: row.message_id,
        from: row.from_address,
        replyTo: row.from_address,
        to: row.to_addresses,
        cc: row.cc_addresses.length ? row.cc_addresses : undefined,
        subject: row.subject,
        inReplyTo: row.in_reply_to ?? undefined,
        references: row.references.length ? row.references : undefined,
        headers: automaticHeaders(row.automatic),
        text: row.body_text,
        html: row.body_html ?? undefined,
        attachments: await this.attachmentsOf(row),
      });
      response = String(info.response ?? '');
    } catch (error: unknown) {
      const verdict = classifySendError(error);
      if (verdict.permanent) {
        await this.dataSource.transaction((manager) => this.markFailed(manager, row, verdict.description));
        this.logger.warn(`correo ${row.id} rechazado de forma definitiva: ${verdict.description}`);
        return 'failed';
      }
      await this.dataSource.query(
        `UPDATE outgoing_messages SET status = 'queued', last_error = $2, crash_resends = crash_resends + $3
         WHERE id = $1 AND status = 'sending'`,
        [row.id, verdict.description, verdict.maybeDelivered ? 1 : 0],
      );
      throw new Error(`envío temporalmente fallido: ${verdict.description}`);
    }
    await this.sentRecords.call({ id: row.id, response: response.slice(0, 500) });
    return 'sent';
  }

  private async recordSentRows(sent: Array<{ id: string; response: string }>): Promise<void[]> {
    await this.dataSource.query(
      `UPDATE outgoing_messages AS o SET status = 'sent', sent_at = now(), smtp_response = u.response, last_error = NULL
       FROM unnest($1::bigint[], $2::text[]) AS u(id, response) WHERE o.id = u.id`,
      [sent.map((s) => s.id), sent.map((s) => s.response)],
    );
    return sent.map(() => undefined);
  }

  private async markFailed(manager: import('typeorm').EntityManager, row: OutgoingRow, reason: string): Promise<void> {
    await manager.query(`UPDATE outgoing_messages SET status = 'failed', failed_at = now(), last_error = $2 WHERE id = $1`, [row.id, reason]);
    if (row.ticket_id) {
      await manager.query(`UPDATE tickets SET needs_attention = true, attention_reason = $2, updated_at = now() WHERE id = $1`, [
        row.ticket_id,
        `No se pudo entregar un correo a ${row.to_addresses.join(', ')}: ${reason}`,
      ]);
      await manager.query(`INSERT INTO ticket_events (ticket_id, kind, actor, detail) VALUES ($1, 'mail-failed', 'outbound', $2)`, [
        row.ticket_id,
        JSON.stringify({ outgoingMessageId: row.id, messageId: row.message_id, reason }),
      ]);
    }
  }

  private async attachmentsOf(row: OutgoingRow) {
    if (!row.attachments.length) return undefined;
    const blobs: Array<{ sha256: string; content: Buffer }> = await this.dataSource.query(
      `SELECT sha256, content FROM attachment_blobs WHERE sha256 = ANY($1::text[])`,
      [row.attachments.map((a) => a.sha256)],
    );
    const contentOf = new Map(blobs.map((b) => [b.sha256, b.content]));
    return row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: contentOf.get(a.sha256)! }));
  }
}
