import { promises as fs } from 'fs';
import * as path from 'path';
import { HttpException, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { describeError } from '../common/errors/describe-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue, openJobQueue } from '../jobs/job-queue';
import { REPORT_NAMES, ReportName } from '../reports/report.types';
import { ExportContent, PermanentExportError, runExport } from './export-runner';
import { ExportRow, ExportStore } from './export-store';
import { parseReportFilters, ReportFilterError } from '../reports/report-filters';
import type { ReportFilters } from '../reports/report.types';
import { REPORT_SOURCE, ReportSource } from './report-source';
import { TICKETS_BEHIND, TicketsBehind } from './tickets-behind';
import { listConditions, parseTicketSelection } from './ticket-export.query';

export const EXPORTS_QUEUE = 'exports';
const ATTEMPTS = 3;
/**
 * A job whose worker died is taken up again once its lock lapses and BullMQ's stalled-job
 * check (every STALLED_CHECK_MS) sees it: within about half a minute. The lock is renewed
 * every LOCK_MS / 2 while the export runs.
 */
const LOCK_MS = 15_000;
const STALLED_CHECK_MS = 10_000;
/** Rows left queued or running this long are checked against their job (Redis may have lost it). */
const LOST_AFTER_SECONDS = 60;
const LOST_CHECK_MS = 30_000;

export const exportJobId = (id: string) => `export-${id}`;

/** Attempts, backoff and retention of an export's job (one place, also for tests that queue one by hand). */
export const EXPORT_JOB_OPTIONS = {
  attempts: ATTEMPTS,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 1000 },
} as const;

export type ExportOutcome = 'done' | 'skipped';

/**
 * Builds exports as BullMQ jobs (id `export-<row id>`): the exports row is the record, the
 * job only says "build row N". A job claims its row (queued/running → running), writes the
 * file under a temporary name, renames it and marks the row done with its expiry; a failure
 * puts the row back to queued for the next attempt, or failed after the last one. A worker
 * killed mid-file leaves the row running and a .partial file: BullMQ hands the stalled job to
 * another worker, which starts the file over. A sweeper deletes expired files and settles rows
 * whose job is gone.
 */
@Injectable()
export class ExportProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExportProcessor.name);
  private readonly store: ExportStore;
  private jobs: JobQueue | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REPORT_SOURCE) private readonly reports: ReportSource,
    @Inject(TICKETS_BEHIND) private readonly ticketsBehind: TicketsBehind,
  ) {
    this.store = new ExportStore(dataSource);
  }

  get dir(): string {
    return path.resolve(this.config.exports.dir);
  }

  onApplicationBootstrap(): void {
    if (!this.config.jobsEnabled) return;
    this.jobs = openJobQueue(this.config, EXPORTS_QUEUE, this.logger, (job: Job<{ exportId: string }>) => this.process(job), {
      concurrency: this.config.exports.concurrency,
      lockDuration: LOCK_MS,
      stalledInterval: STALLED_CHECK_MS,
      // One stall is a crash worth retrying; a job that keeps killing its worker fails.
      maxStalledCount: 2,
    });
    // A job BullMQ gave up on without calling us (stalled too often) still settles its row.
    this.jobs.worker?.on('failed', (job, error) => {
      if (!job || job.attemptsMade < (job.opts.attempts ?? 1) && !/stalled/i.test(error.message)) return;
      void this.store.interrupted(String(job.data.exportId), `La exportación se interrumpió: ${describeError(error)}`, true).catch(() => undefined);
    });
    const every = (ms: number, task: () => Promise<unknown>) => {
      const timer = setInterval(() => void task().catch((error: unknown) => this.logger.warn(`exportaciones: ${describeError(error)}`)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.config.exports.sweepIntervalSeconds * 1000, () => this.sweepExpired(new Date()));
    every(LOST_CHECK_MS, () => this.settleLost());
    void this.sweepExpired(new Date()).catch((error: unknown) => this.logger.warn(`exportaciones: ${describeError(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.jobs?.close();
  }

  /** Queues the build of a row. Never throws: with Redis down, the lost-job check queues it later. */
  async enqueue(id: string): Promise<void> {
    const queue = this.jobs?.queue;
    if (!queue) return;
    try {
      await queue.add(
        'build',
        { exportId: id },
        { ...EXPORT_JOB_OPTIONS, jobId: exportJobId(id) },
      );
    } catch (error: unknown) {
      this.logger.warn(`no se pudo encolar la exportación ${id} (se reintentará): ${describeError(error)}`);
    }
  }

  async process(job: Job<{ exportId: string }>): Promise<ExportOutcome> {
    const id = String(job.data.exportId);
    const row = await this.store.claim(id);
    if (!row) return 'skipped';
    this.logger.log(`exportación ${id} (${row.kind} ${row.format}): intento ${row.attempts}`);
    try {
      const content = this.contentOf(row);
      const outcome = await runExport({ id, format: row.format, dir: this.dir }, content, { databaseUrl: this.config.databaseUrl, reports: this.reports, now: new Date() }, async (written, total) => {
        await this.store.progress(id, written, total);
        await job.updateProgress(total ? Math.min(99, Math.floor((written / total) * 100)) : 0);
      });
      if (!(await this.store.done(id, { path: outcome.path, sizeBytes: outcome.sizeBytes, rows: outcome.rows, retentionHours: this.config.exports.retentionHours }))) {
        // The row was settled meanwhile (failed by the sweeper): its file must not outlive it.
        await fs.rm(outcome.path, { force: true });
        return 'skipped';
      }
      await job.updateProgress(100);
      this.logger.log(`exportación ${id} lista: ${outcome.rows} filas, ${outcome.sizeBytes} bytes`);
      return 'done';
    } catch (error: unknown) {
      // A refusal from the reports (HTTP 4xx: bad filter, unknown report) will not change on a retry.
      const permanent = error instanceof PermanentExportError || (error instanceof HttpException && error.getStatus() < 500);
      const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const reason = permanent ? (error as Error).message : `No se pudo generar el archivo (intento ${job.attemptsMade + 1} de ${job.opts.attempts ?? 1}): ${describeError(error)}`;
      await this.store.interrupted(id, reason, final);
      if (permanent) throw new UnrecoverableError(reason);
      throw error;
    }
  }

  /** What the row asks for, checked again (the API checked it; the row is the record, so trust nothing). */
  private contentOf(row: ExportRow): ExportContent {
    if (row.kind === 'report') {
      if (!row.report || !(REPORT_NAMES as readonly string[]).includes(row.report)) throw new PermanentExportError(`No existe el informe «${row.report ?? ''}».`);
      let filters: ReportFilters;
      try {
        filters = parseReportFilters(row.filters);
      } catch (error: unknown) {
        if (error instanceof ReportFilterError) throw new PermanentExportError(`Filtros del informe no válidos: ${error.message}`);
        throw error;
      }
      return { kind: 'report', report: row.report as ReportName, filters };
    }
    const parsed = parseTicketSelection(row.filters, row.requestedBy ?? '0');
    if (!parsed.ok) throw new PermanentExportError(`Filtros no válidos: ${parsed.problems.join('; ')}`);
    const selection = parsed.selection;
    if (selection.source === 'list') return { kind: 'tickets', conditions: (params, now) => listConditions(selection.filter, params, now) };
    const drill = this.ticketsBehind.drill(selection.drill);
    if (!drill.ok) throw new PermanentExportError(`Filtro de la cifra no válido: ${drill.problems.join('; ')}`);
    return { kind: 'tickets', conditions: drill.conditions };
  }

  /** Deletes files past their time. A file already gone counts as deleted. */
  async sweepExpired(now: Date): Promise<number> {
    let deleted = 0;
    for (const file of await this.store.expiredFiles(now)) {
      // Only files under the export folder are ever deleted, whatever the row says.
      const resolved = path.resolve(file.filePath);
      if (resolved.startsWith(this.dir + path.sep)) await fs.rm(resolved, { force: true });
      await this.store.markFileDeleted(file.id);
      deleted++;
    }
    if (deleted) this.logger.log(`exportaciones vencidas: ${deleted} archivos borrados`);
    return deleted;
  }

  /** Rows whose job Redis lost are queued again; rows whose job BullMQ failed are marked failed. */
  async settleLost(): Promise<void> {
    const queue = this.jobs?.queue;
    if (!queue) return;
    for (const row of await this.store.unfinished(LOST_AFTER_SECONDS)) {
      const job = await queue.getJob(exportJobId(row.id));
      const state = job ? await job.getState() : 'missing';
      if (state === 'failed') await this.store.interrupted(row.id, `La exportación falló: ${job?.failedReason ?? 'sin detalle'}`, true);
      else if (state === 'missing' || state === 'unknown') {
        if (row.attempts >= ATTEMPTS) await this.store.interrupted(row.id, 'La exportación se interrumpió y agotó sus intentos.', true);
        else await this.enqueue(row.id);
      }
    }
  }
}
