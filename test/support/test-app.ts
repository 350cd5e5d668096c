import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';

export interface TestMailboxes {
  kpt: string;
  planeacion: string;
}

/**
 * Config for a suite: its own database and its own Dovecot accounts standing in for
 * the two public mailboxes (the public addresses stay the same, the IMAP users differ).
 */
export function testConfig(databaseUrl: string, accounts: TestMailboxes, env: Record<string, string> = {}): AppConfig {
  return loadAppConfig({
    DATABASE_URL: databaseUrl,
    RUN_MIGRATIONS: 'false',
    IMAP_POLL_INTERVAL_SECONDS: '3600',
    IMAP_RECONNECT_MIN_MS: '100',
    IMAP_RECONNECT_MAX_MS: '1000',
    MAILBOX_KPT_IMAP_USER: accounts.kpt,
    MAILBOX_PLANEACION_IMAP_USER: accounts.planeacion,
    // Each suite's BullMQ keys apart, so one suite's worker never takes another's jobs.
    QUEUE_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    ...env,
  });
}

/** Boots the real application (no HTTP listener) against real PostgreSQL and Dovecot. */
export async function startTestApp(config: AppConfig): Promise<INestApplication> {
  const app = configureApp(await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] }));
  await app.init();
  return app;
}

/** Polls until the check passes or the time is up; returns the last value seen. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10000, stepMs = 50): Promise<T> {
  const started = Date.now();
  let value = await read();
  while (!done(value) && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    value = await read();
  }
  return value;
}

/**
 * Deletes what a run left in Redis under its QUEUE_PREFIX: each suite and benchmark has a prefix of
 * its own, and its delayed jobs (an intake benchmark schedules 10,000 SLA alerts) would otherwise
 * stay in Redis's memory, never due to any worker, until Redis restarts. Returns the keys dropped.
 */
export async function dropQueueKeys(config: { queuePrefix: string; redisUrl?: string }): Promise<number> {
  const defaults = loadAppConfig({});
  if (config.queuePrefix === defaults.queuePrefix) throw new Error('dropQueueKeys: the default prefix is the service\'s own queues');
  const redis = new Redis(config.redisUrl ?? defaults.redisUrl, { maxRetriesPerRequest: 1 });
  let dropped = 0;
  try {
    for await (const keys of redis.scanStream({ match: `${config.queuePrefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length) dropped += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return dropped;
}
