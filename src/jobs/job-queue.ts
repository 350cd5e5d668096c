import { Logger } from '@nestjs/common';
import { Processor, Queue, Worker, WorkerOptions } from 'bullmq';
import type Redis from 'ioredis';
import { describeError } from '../common/errors/describe-error';
import type { AppConfig } from '../config/app-config';
import { createBullConnection } from './bull-connection';

/** A BullMQ queue with, optionally, this process's worker for it, closed together. */
export interface JobQueue {
  queue: Queue;
  worker: Worker | null;
  close(): Promise<void>;
}

/**
 * Opens a queue (and a worker when a processor is given) on their own Redis
 * connections under the configured prefix. Errors are logged in Spanish and never
 * crash the process: with Redis down, ioredis keeps reconnecting.
 */
export function openJobQueue(
  config: Pick<AppConfig, 'redisUrl' | 'queuePrefix'>,
  name: string,
  logger: Logger,
  processor?: Processor,
  options: Partial<WorkerOptions> = {},
): JobQueue {
  const connections: Redis[] = [createBullConnection(config)];
  const queue = new Queue(name, { connection: connections[0], prefix: config.queuePrefix });
  queue.on('error', () => undefined);
  let worker: Worker | null = null;
  if (processor) {
    connections.push(createBullConnection(config));
    worker = new Worker(name, processor, { ...options, connection: connections[1], prefix: config.queuePrefix });
    worker.on('error', (error) => logger.warn(`cola ${name}: ${describeError(error)}`));
    worker.on('failed', (job, error) => logger.warn(`trabajo ${job?.id ?? '?'} de la cola ${name} falló: ${describeError(error)}`));
  }
  return {
    queue,
    worker,
    async close() {
      await worker?.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
      for (const connection of connections) connection.disconnect();
    },
  };
}
