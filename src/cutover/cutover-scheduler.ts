import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { describeError } from '../common/errors/describe-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SCHEDULED_JOBS_QUEUE } from '../jobs/bull-connection';
import { JobQueue, openJobQueue } from '../jobs/job-queue';
import { CUTOVER_RUN_NAME, CutoverService } from './cutover.service';

/**
 * Schedules the cutover as a delayed BullMQ job. The job id names the cutover
 * instant, so every process start re-adds the same job (a no-op while it exists);
 * the delay is kept in Redis, so after downtime the job runs late instead of never.
 * A job firing early (clock skew) is delayed again rather than run.
 */
@Injectable()
export class CutoverScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CutoverScheduler.name);
  private jobs: JobQueue | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cutover: CutoverService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobsEnabled) return;
    this.jobs = openJobQueue(this.config, SCHEDULED_JOBS_QUEUE, this.logger, (job) => this.process(job));
    // Not awaited: with Redis down, start-up must go on (ioredis keeps retrying and the add completes later).
    void this.schedule().catch((error: unknown) => this.logger.warn(`no se pudo programar el cambio de buzón: ${describeError(error)}`));
  }

  async schedule(): Promise<void> {
    if (!this.jobs) return;
    const at = this.config.cutover.at;
    await this.jobs.queue.add(
      CUTOVER_RUN_NAME,
      { cutoverAt: at.toISOString() },
      {
        jobId: `${CUTOVER_RUN_NAME}-${at.getTime()}`,
        delay: Math.max(0, at.getTime() - Date.now()),
        attempts: 10,
        backoff: { type: 'exponential', delay: 5000 },
        removeOnComplete: { count: 100 },
        removeOnFail: { count: 100 },
      },
    );
    this.logger.log(`Cambio de buzón programado para ${at.toISOString()}`);
  }

  private async process(job: Job): Promise<unknown> {
    if (job.name !== CUTOVER_RUN_NAME) return null;
    const at = new Date(String(job.data?.cutoverAt));
    const early = at.getTime() - Date.now();
    if (early > 0) {
      // Fired before its instant: the run would be a no-op, so put it back for later.
      await job.moveToDelayed(Date.now() + early, job.token);
      throw new DelayedError();
    }
    return this.cutover.run(new Date());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs?.close();
  }
}
