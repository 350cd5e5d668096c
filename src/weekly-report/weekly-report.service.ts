import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toBogotaIso } from '../common/time/bogota-time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { openTableWriter } from '../exports/export-writers';
import { columnHeader, formatFigure } from '../exports/report-table';
import { OutboundMailer } from '../outbound/outbound-mailer.service';
import { draftWeeklyReport } from '../outbound/outgoing-draft';
import { insertOutgoing } from '../outbound/outgoing-store';
import type { WeeklyReportData } from '../outbound/render-template';
import { ReportsService } from '../reports/reports.service';
import type { ReportCell, ReportName, ReportResult } from '../reports/report.types';
import { UsersService } from '../users/users.service';
import { reportedWeek } from './weekly-schedule';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The reports the weekly mail sums up, in the order of the attached workbook. */
const WEEKLY_REPORTS: readonly ReportName[] = ['volume', 'compliance', 'times', 'backlog'];

export interface WeeklyReportOutcome {
  week: { from: string; to: string };
  recipients: number;
  /** Messages stored now (0 when this week's were already queued: a second run sends nothing). */
  queued: number;
}

/**
 * The weekly report to every enabled supervisor: last week's volume, compliance, times and
 * the backlog at the run's instant (ReportsService), an XLSX of their tables attached, queued
 * on the outbound queue like any other automatic mail (one message per supervisor and week).
 */
@Injectable()
export class WeeklyReportService {
  private readonly logger = new Logger(WeeklyReportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reports: ReportsService,
    private readonly users: UsersService,
    private readonly outbound: OutboundMailer,
  ) {}

  /** Builds and queues the report of the week before `runAt` (the run's scheduled instant). */
  async send(runAt: Date): Promise<WeeklyReportOutcome> {
    const week = reportedWeek(runAt);
    const recipients = (await this.users.list()).filter((u) => u.role === 'supervisor' && !u.disabled);
    if (recipients.length === 0) {
      this.logger.log(`informe semanal ${week.from}: no hay supervisores activos a quienes enviarlo`);
      return { week, recipients: 0, queued: 0 };
    }
    const results: ReportResult[] = [];
    for (const name of WEEKLY_REPORTS) results.push(await this.reports.report(name, { from: week.from, to: week.to }, { now: runAt }));
    const attachmentName = `mesa-informe-semanal-${week.from}-a-${week.to}.xlsx`;
    const content = await this.workbook(week, runAt, results);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const data = weeklyFigures(week, runAt, results, attachmentName);
    const drafts = recipients.map((user) =>
      draftWeeklyReport({ userId: user.id, email: user.email }, data, { filename: attachmentName, contentType: XLSX_TYPE, sha256, size: content.length }, this.config.cutover.successorMailbox),
    );
    const stored = await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO attachment_blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`, [sha256, content.length, content]);
      return insertOutgoing(manager, drafts);
    });
    await this.outbound.enqueue(stored.map(({ id, draft }) => ({ id, sendAfter: draft.sendAfter })));
    this.logger.log(`informe semanal ${week.from} a ${week.to}: ${stored.length} correos en cola para ${recipients.length} supervisores`);
    return { week, recipients: recipients.length, queued: stored.length };
  }

  /** The attached workbook: a summary sheet, then every table of the four reports. */
  private async workbook(week: { from: string; to: string }, runAt: Date, results: ReportResult[]): Promise<Buffer> {
    const dir = path.resolve(this.config.exports.dir);
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `semanal-${week.from}-${randomBytes(6).toString('hex')}.xlsx.partial`);
    const writer = openTableWriter('xlsx', file);
    try {
      await writer.startTable('Resumen de la semana', [
        { header: 'Dato', kind: 'text', width: 48 },
        { header: 'Valor', kind: 'text', width: 28 },
      ]);
      await writer.row(['Semana', `${week.from} a ${week.to}`]);
      await writer.row(['Generado (hora de Colombia)', toBogotaIso(runAt).slice(0, 16).replace('T', ' ')]);
      for (const result of results) {
        for (const h of result.headline) await writer.row([`${result.title}: ${h.label}`, formatFigure(h.value, h.kind)]);
      }
      for (const result of results) {
        for (const table of result.tables) {
          await writer.startTable(table.title, table.columns.map((c) => ({ header: columnHeader(c.label, c.kind), kind: c.kind === 'date' ? 'text' : c.kind })));
          for (const row of table.rows) await writer.row(table.columns.map((c) => row.cells[c.key] ?? null));
        }
      }
      await writer.close();
      return await fs.readFile(file);
    } finally {
      await writer.abort().catch(() => undefined);
      await fs.rm(file, { force: true });
    }
  }
}

function headlineValue(results: ReportResult[], report: ReportName, key: string): ReportCell | undefined {
  return results.find((r) => r.report === report)?.headline.find((h) => h.key === key)?.value;
}

/** The mail's figures from the reports' headlines (a figure a report does not give reads "sin datos" or 0). */
export function weeklyFigures(week: { from: string; to: string }, runAt: Date, results: ReportResult[], attachmentName: string): WeeklyReportData {
  const count = (report: ReportName, key: string): number => {
    const value = headlineValue(results, report, key);
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;
  };
  const nullable = (report: ReportName, key: string): number | null => {
    const value = headlineValue(results, report, key);
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
  return {
    weekFrom: week.from,
    weekTo: week.to,
    received: count('volume', 'received'),
    resolved: count('volume', 'resolved'),
    openAtEnd: count('volume', 'openAtEnd'),
    firstResponseShare: nullable('compliance', 'firstResponseShare'),
    resolutionShare: nullable('compliance', 'resolutionShare'),
    legalShare: nullable('compliance', 'legalShare'),
    firstResponseMedianMinutes: nullable('times', 'firstResponseMedian'),
    resolutionMedianMinutes: nullable('times', 'resolutionMedian'),
    openNow: count('backlog', 'open'),
    atRiskNow: count('backlog', 'atRisk'),
    breachedNow: count('backlog', 'breached'),
    generatedAt: runAt,
    attachmentName,
  };
}
