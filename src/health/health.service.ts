import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { describeError } from '../common/errors/describe-error';
import { toBogotaIso } from '../common/time/bogota-time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { IntakeSupervisor } from '../mail/intake/intake-supervisor.service';
import { OUTBOUND_QUEUE } from '../outbound/outbound-mailer.service';
import { describeMailbox } from './mailbox-health';

/** A check that hangs (a half-open connection) must not hang the health answer with it. */
const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: sin respuesta en ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The indicators behind GET /api/health, in terminus' shape. Only PostgreSQL and
 * Redis decide up/down (without them nothing works); mailboxes and the outbound
 * queue are reported for operators but never turn the answer into a 503: a
 * mailbox password expiring must not get the API container restarted.
 */
@Injectable()
export class HealthService implements OnApplicationShutdown {
  private readonly redis: Redis;
  private outboundQueue: Queue | null = null;
  private connecting: Promise<void> | null = null;
  private readonly startedAt = new Date();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly intake: IntakeSupervisor,
    private readonly indicators: HealthIndicatorService,
  ) {
    // Fails fast while Redis is away instead of queueing commands until it returns.
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
  }

  async database(): Promise<HealthIndicatorResult<'database'>> {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 'PostgreSQL');
      return check.up();
    } catch (error: unknown) {
      return check.down({ message: `No se pudo consultar PostgreSQL: ${describeError(error)}` });
    }
  }

  async redisCheck(): Promise<HealthIndicatorResult<'redis'>> {
    const check = this.indicators.check('redis');
    try {
      await withTimeout(this.pingRedis(), 'Redis');
      return check.up();
    } catch (error: unknown) {
      return check.down({ message: `No se pudo contactar Redis: ${describeError(error)}` });
    }
  }

  mailboxes(): HealthIndicatorResult<'mailboxes'> {
    const now = new Date();
    const options = { intakeEnabled: this.config.intakeEnabled, pollIntervalSeconds: this.config.intake.pollIntervalSeconds, startedAt: this.startedAt, now };
    const pollers = this.intake.status().map((status) => describeMailbox(status, options, toBogotaIso));
    return this.indicators.check('mailboxes').up({ intakeEnabled: this.config.intakeEnabled, pollers });
  }

  /**
   * Outgoing mail: outgoing_messages is the truth (queued, sending, failed rows); the
   * BullMQ job counts show whether the queue keeps up with it.
   */
  async outbound(): Promise<HealthIndicatorResult<'outbound'>> {
    const check = this.indicators.check('outbound');
    const messages = await withTimeout(this.outgoingCounts(), 'PostgreSQL').catch((error: unknown) => describeError(error));
    const queue = await withTimeout(this.queueCounts(), 'Redis').catch((error: unknown) => describeError(error));
    return check.up({
      messages: typeof messages === 'string' ? null : messages,
      queue: typeof queue === 'string' ? null : queue,
      ...(typeof messages === 'string' ? { messagesError: `No se pudieron contar los correos salientes: ${messages}` } : {}),
      ...(typeof queue === 'string' ? { queueError: `No se pudo leer la cola de envío: ${queue}` } : {}),
    });
  }

  private async outgoingCounts(): Promise<{ queued: number; sending: number; failed: number }> {
    const rows: Array<{ status: string; count: number }> = await this.dataSource.query(
      `SELECT status, count(*)::int AS count FROM outgoing_messages WHERE status IN ('queued', 'sending', 'failed') GROUP BY status`,
    );
    const count = (status: string) => rows.find((r) => r.status === status)?.count ?? 0;
    return { queued: count('queued'), sending: count('sending'), failed: count('failed') };
  }

  private async queueCounts(): Promise<Record<string, number>> {
    await this.pingRedis();
    // Reads only; shares the health connection (BullMQ does not close a connection it was given).
    if (!this.outboundQueue) {
      this.outboundQueue = new Queue(OUTBOUND_QUEUE, { connection: this.redis, prefix: this.config.queuePrefix });
      this.outboundQueue.on('error', () => undefined);
    }
    return this.outboundQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed', 'paused');
  }

  /** The checks run in parallel: the first one connects, the others wait for that connection rather than fail on it. */
  private async pingRedis(): Promise<void> {
    if (!this.connecting && (this.redis.status === 'wait' || this.redis.status === 'end')) {
      this.connecting = this.redis.connect().finally(() => {
        this.connecting = null;
      });
    }
    if (this.connecting) await this.connecting;
    await this.redis.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.outboundQueue?.close().catch(() => undefined);
    this.redis.disconnect();
  }
}
