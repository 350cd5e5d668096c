import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { describeError } from '../common/errors/describe-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PollerStatus } from '../mail/intake/imap-mailbox-poller';
import { IntakeSupervisor } from '../mail/intake/intake-supervisor.service';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: string;
  redis: string;
  mailboxes: PollerStatus[];
}

@Injectable()
export class HealthService implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly intake: IntakeSupervisor,
  ) {
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
  }

  async report(): Promise<HealthReport> {
    const database = await this.dataSource.query('SELECT 1').then(
      () => 'ok',
      (error: unknown) => describeError(error),
    );
    const redis = await this.pingRedis();
    const mailboxes = this.intake.status();
    const healthy = database === 'ok' && redis === 'ok';
    return { status: healthy ? 'ok' : 'degraded', database, redis, mailboxes };
  }

  private async pingRedis(): Promise<string> {
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      await this.redis.ping();
      return 'ok';
    } catch (error: unknown) {
      return describeError(error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}
