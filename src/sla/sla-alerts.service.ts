import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { nextOpening } from '../calendar/business-calendar';
import { describeError } from '../common/errors/describe-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue, openJobQueue } from '../jobs/job-queue';
import { OutboundMailer } from '../outbound/outbound-mailer.service';
import { draftSlaAlert } from '../outbound/outgoing-draft';
import { insertOutgoing } from '../outbound/outgoing-store';
import { recomputeSla, SlaAlertPoint, slaColumnPrefix } from './sla-store';
import { SLA_POLICY } from './sla.tokens';
import { SlaClock, SlaPolicy } from './sla.types';

export const SLA_ALERTS_QUEUE = 'sla-alerts';
/** A job this much later than its point was missed (downtime), not merely queued. */
const LATE_AFTER_MS = 60_000;
const SWEEP_INTERVAL_MS = 5 * 60_000;

interface AlertPointData {
  clock: SlaClock;
  point: 'warning' | 'breach';
  at: string;
  due: string;
}

/** One point; still the shape of jobs queued before alerts were chained. */
interface AlertJobData extends AlertPointData {
  ticketId: string;
  version: number;
}

/**
 * The points of one ticket's SLA version still to fire, earliest first. The job fires at the
 * first; once it has recorded every point that is due, it queues the rest as the next job.
 */
interface AlertChainData {
  ticketId: string;
  version: number;
  /** Position of `points[0]` among the version's points: part of the job id, so re-queuing is idempotent. */
  from: number;
  points: AlertPointData[];
}

/** A version has at most a warning and a breach for each of the three clocks. */
const MAX_POINTS_PER_VERSION = 6;

export type AlertOutcome = 'recorded' | 'already-recorded' | 'stale' | 'not-applicable';

/**
 * Warnings and breaches: delayed BullMQ jobs with deterministic ids that carry the
 * ticket's SLA version, so moved deadlines retire old jobs and a job that fires twice
 * or late records nothing twice (sla_alerts is unique per ticket, clock, point and due
 * time). A ticket has one job at a time, at its next point, which queues the following
 * one: six delayed jobs per new ticket cost intake a sixth of its throughput in Redis
 * round trips. Staff are told in working time only: an
 * alert fired at night is held until the next opening (notify_at). On start, and
 * every few minutes, breaches missed while the service was down are recorded.
 */
@Injectable()
export class SlaAlertsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaAlertsService.name);
  private jobs: JobQueue | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SLA_POLICY) private readonly policy: SlaPolicy,
    private readonly outbound: OutboundMailer,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobsEnabled) return;
    this.jobs = openJobQueue(this.config, SLA_ALERTS_QUEUE, this.logger, (job: Job<AlertJobData | AlertChainData>) => this.process(job), { concurrency: 4 });
    void this.sweepMissedBreaches().catch((error: unknown) => this.logger.warn(`revisión de vencimientos: ${describeError(error)}`));
    this.sweepTimer = setInterval(() => {
      void this.sweepMissedBreaches().catch((error: unknown) => this.logger.warn(`revisión de vencimientos: ${describeError(error)}`));
    }, SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.jobs?.close();
  }

  /** Schedules alert jobs (after the transaction that computed them committed). Never throws. */
  async schedule(points: SlaAlertPoint[]): Promise<void> {
    const queue = this.jobs?.queue;
    if (!queue || points.length === 0) return;
    try {
      const chains = new Map<string, AlertChainData>();
      for (const p of [...points].sort((a, b) => a.at.getTime() - b.at.getTime())) {
        const key = `${p.ticketId}-v${p.version}`;
        const chain = chains.get(key) ?? { ticketId: p.ticketId, version: p.version, from: 0, points: [] };
        chain.points.push({ clock: p.clock, point: p.point, at: p.at.toISOString(), due: p.due.toISOString() });
        chains.set(key, chain);
      }
      const retired = [...chains.values()].filter((c) => c.version > 1).flatMap((c) => chainJobIds(c.ticketId, c.version - 1));
      await Promise.all(retired.map((id) => queue.remove(id).catch(() => 0)));
      await this.queueChains([...chains.values()]);
    } catch (error: unknown) {
      // Redis down: the sweep records breaches later; warnings are best effort.
      this.logger.warn(`no se pudieron programar ${points.length} alertas de ANS: ${describeError(error)}`);
    }
  }

  private async queueChains(chains: AlertChainData[]): Promise<void> {
    const queue = this.jobs?.queue;
    if (!queue || chains.length === 0) return;
    const now = Date.now();
    await queue.addBulk(
      chains.map((chain) => ({
        name: `${chain.points[0].clock}-${chain.points[0].point}`,
        data: chain,
        opts: {
          jobId: chainJobId(chain.ticketId, chain.version, chain.from),
          delay: Math.max(0, new Date(chain.points[0].at).getTime() - now),
          attempts: 5,
          backoff: { type: 'exponential', delay: 5000 },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 1000 },
        },
      })),
    );
  }

  async process(job: Job<AlertJobData | AlertChainData>): Promise<AlertOutcome> {
    const chain: AlertChainData = 'points' in job.data ? job.data : { ticketId: job.data.ticketId, version: job.data.version, from: 0, points: [job.data] };
    const early = new Date(chain.points[0].at).getTime() - Date.now();
    if (early > 0) {
      await job.moveToDelayed(Date.now() + early, job.token);
      throw new DelayedError();
    }
    let first: AlertOutcome | null = null;
    let done = 0;
    // Every point already due (the first, and any a late or held-back job has reached), in order.
    for (const point of chain.points) {
      if (new Date(point.at).getTime() > Date.now()) break;
      const { outcome, points, outgoing } = await this.record({ ticketId: chain.ticketId, version: chain.version, ...point }, new Date());
      first ??= outcome;
      done++;
      await this.schedule(points);
      await this.outbound.enqueue(outgoing);
      // A newer version has its own chain.
      if (outcome === 'stale' || points.length > 0) return first;
    }
    const rest = chain.points.slice(done);
    if (rest.length > 0) await this.queueChains([{ ...chain, from: chain.from + done, points: rest }]);
    return first ?? 'not-applicable';
  }

  /** Records one alert if it still applies. Idempotent. */
  async record(
    data: Omit<AlertJobData, 'at'> & { at?: string },
    now: Date,
  ): Promise<{ outcome: AlertOutcome; points: SlaAlertPoint[]; outgoing: Array<{ id: string; sendAfter: Date }> }> {
    return this.dataSource.transaction(async (manager) => {
      const [ticket] = await manager.query(
        `SELECT id, sla_version, status, reference, subject, reply_from, category, queue_mailbox FROM tickets WHERE id = $1 FOR UPDATE`,
        [data.ticketId],
      );
      if (!ticket || ticket.sla_version !== data.version) return { outcome: 'stale' as const, points: [], outgoing: [] };
      const points = await recomputeSla(manager, this.policy, [data.ticketId], now);
      const prefix = slaColumnPrefix(data.clock);
      const [state] = await manager.query(`SELECT ${prefix}_due AS due, ${prefix}_met AS met, sla_version FROM tickets WHERE id = $1`, [data.ticketId]);
      // Stopped in time, paused, or moved meanwhile: nothing to say.
      if (state.met === true || state.due === null || new Date(state.due).getTime() !== new Date(data.due).getTime()) {
        return { outcome: 'not-applicable' as const, points, outgoing: [] };
      }
      const firedAt = now.getTime();
      const notifyAt = new Date(nextOpening(this.policy.calendar, now));
      const inserted: Array<{ id: string }> = await manager.query(
        `INSERT INTO sla_alerts (ticket_id, clock, point, due_at, fired_at, detected_late, notify_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (ticket_id, clock, point, due_at) DO NOTHING
         RETURNING id`,
        [
          data.ticketId,
          data.clock,
          data.point,
          data.due,
          now.toISOString(),
          data.at !== undefined && firedAt - new Date(data.at).getTime() > LATE_AFTER_MS,
          notifyAt.toISOString(),
        ],
      );
      if (inserted.length === 0) return { outcome: 'already-recorded' as const, points, outgoing: [] };
      this.logger.log(`ANS: ${data.point === 'breach' ? 'vencimiento' : 'alerta'} de ${data.clock} en el ticket ${ticket.reference}`);
      // Staff hear of it in working time only: the mail waits until notifyAt.
      const draft = draftSlaAlert(
        { id: String(ticket.id), reference: ticket.reference, subject: ticket.subject, replyFrom: ticket.reply_from, category: ticket.category, queueMailbox: ticket.queue_mailbox },
        { id: String(inserted[0].id), point: data.point, clock: data.clock, dueAt: new Date(data.due), notifyAt },
        this.config.outbound.staffAddresses,
      );
      const outgoing = (await insertOutgoing(manager, [draft])).map(({ id, draft: d }) => ({ id, sendAfter: d.sendAfter }));
      return { outcome: 'recorded' as const, points, outgoing };
    });
  }

  /** Breaches whose job never ran (downtime, Redis lost): found by due time and recorded, once. */
  async sweepMissedBreaches(now: Date = new Date()): Promise<number> {
    const missed: Array<{ id: string; clock: SlaClock; due: Date; sla_version: number }> = await this.dataSource.query(
      `SELECT t.id, c.clock, c.due, t.sla_version
       FROM tickets t
       CROSS JOIN LATERAL (VALUES ('firstResponse', t.sla_first_response_due, t.sla_first_response_met),
                                  ('resolution', t.sla_resolution_due, t.sla_resolution_met),
                                  ('legal', t.sla_legal_due, t.sla_legal_met)) AS c(clock, due, met)
       WHERE c.due < $1 AND c.met IS DISTINCT FROM true AND t.status <> 'closed'
         AND NOT EXISTS (SELECT 1 FROM sla_alerts a
                         WHERE a.ticket_id = t.id AND a.clock = c.clock AND a.point = 'breach' AND a.due_at = c.due)
       LIMIT 5000`,
      [now.toISOString()],
    );
    let recorded = 0;
    for (const row of missed) {
      const { outcome, points, outgoing } = await this.record(
        { ticketId: String(row.id), version: row.sla_version, clock: row.clock, point: 'breach', due: new Date(row.due).toISOString(), at: new Date(row.due).toISOString() },
        now,
      );
      if (outcome === 'recorded') recorded++;
      // The recompute may have moved the deadlines (a policy changed while the service was down): their alerts.
      await this.schedule(points);
      await this.outbound.enqueue(outgoing);
    }
    if (recorded) this.logger.warn(`ANS: ${recorded} vencimientos ocurridos sin servicio quedaron registrados`);
    return recorded;
  }
}

function chainJobId(ticketId: string, version: number, from: number): string {
  return `sla-${ticketId}-v${version}-${from}`;
}

/** Every id a version's chain can have had, to retire whichever is still waiting. */
function chainJobIds(ticketId: string, version: number): string[] {
  return Array.from({ length: MAX_POINTS_PER_VERSION }, (_, from) => chainJobId(ticketId, version, from));
}
