import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { describeError } from '../common/errors/describe-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue, openJobQueue } from '../jobs/job-queue';
import { WeeklyReportOutcome, WeeklyReportService } from './weekly-report.service';
import { nextWeeklyRun } from './weekly-schedule';

export const WEEKLY_REPORT_QUEUE = 'weekly-report';
export const WEEKLY_REPORT_JOB = 'weekly-report';

export const weeklyJobId = (runAt: Date) => `${WEEKLY_REPORT_JOB}-${runAt.getTime()}`;

/**
 * The weekly report as one delayed BullMQ job per run, in a queue of its own, with an id
 * that names the run's instant: every process adds the same next run at start (a no-op while
 * it exists), so several processes send it once; the delay lives in Redis, so it survives
 * restarts and runs late after downtime instead of never. Each run queues the next one. The
 * job carries its instant, and the week reported is computed from it, not from the clock.
 * Should two runs of one week ever happen (the schedule changed), the outgoing mail's source
 * key (week + supervisor) still lets only one message per supervisor through.
 */
@Injectable()
export class WeeklyReportScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WeeklyReportScheduler.name);
  private jobs: JobQueue | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly weekly: WeeklyReportService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobsEnabled || !this.config.weeklyReport.enabled) return;
    this.jobs = openJobQueue(this.config, WEEKLY_REPORT_QUEUE, this.logger, (job: Job<{ runAt: string }>) => this.process(job));
    void this.scheduleAfter(new Date()).catch((error: unknown) => this.logger.warn(`no se pudo programar el informe semanal: ${describeError(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs?.close();
  }

  /** Adds the first run after `after`. */
  async scheduleAfter(after: Date): Promise<Date | null> {
    const runAt = nextWeeklyRun(after, this.config.weeklyReport);
    return (await this.add(runAt)) ? runAt : null;
  }

  /** Adds the run of `runAt` (a test's fixed instant, or the schedule's next). */
  async add(runAt: Date): Promise<boolean> {
    if (!this.jobs) return false;
    await this.jobs.queue.add(
      WEEKLY_REPORT_JOB,
      { runAt: runAt.toISOString() },
      {
        jobId: weeklyJobId(runAt),
        delay: Math.max(0, runAt.getTime() - Date.now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 60_000 },
        // Kept (not removed) so the same run added again by a restarting process stays a no-op.
        removeOnComplete: { count: 200 },
        removeOnFail: { count: 200 },
      },
    );
    return true;
  }

  async process(job: Job<{ runAt: string }>): Promise<WeeklyReportOutcome | null> {
    if (job.name !== WEEKLY_REPORT_JOB) return null;
    const runAt = new Date(String(job.data?.runAt));
    if (Number.isNaN(runAt.getTime())) return null;
    const early = runAt.getTime() - Date.now();
    if (early > 0) {
      // Fired before its instant (clock skew between processes): put it back.
      await job.moveToDelayed(Date.now() + early, job.token);
      throw new DelayedError();
    }
    const outcome = await this.weekly.send(runAt);
    // Missed runs (downtime over several weeks) are not replayed: the next is after now.
    await this.scheduleAfter(new Date(Math.max(runAt.getTime(), Date.now())));
    return outcome;
  }
}
