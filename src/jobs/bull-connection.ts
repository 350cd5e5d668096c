import Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';

/**
 * A Redis connection for BullMQ. Workers block on Redis, so BullMQ requires
 * `maxRetriesPerRequest: null`; reconnection is left to ioredis (it retries forever),
 * which is what lets queues survive a Redis restart.
 */
export function createBullConnection(config: Pick<AppConfig, 'redisUrl'>): Redis {
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  // Errors surface through the queue/worker that uses it; an unhandled 'error' event would crash the process.
  connection.on('error', () => undefined);
  return connection;
}

/** Queue of jobs that must run at a given instant (the mailbox cutover), once, even after downtime. */
export const SCHEDULED_JOBS_QUEUE = 'scheduled-jobs';
