import { promises as fs } from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import Cursor from 'pg-cursor';
import type { ReportFilters, ReportName } from '../reports/report.types';
import { exportDiskName, ExportFormat } from './export-naming';
import { openTableWriter } from './export-writers';
import { reportRowCount, writeReport } from './report-table';
import type { ReportSource } from './report-source';
import { buildTicketExportQuery, ExportSqlParams, TICKET_EXPORT_COLUMNS, ticketExportCells } from './ticket-export.query';

/** The WHERE conditions (on `tickets t`) of a ticket export, binding their values into PARAMS. */
export type TicketConditions = (params: ExportSqlParams, now: Date) => string[];

/** Rows fetched from the cursor at a time: large enough for throughput, small enough to never matter in memory. */
const FETCH_ROWS = 2000;
/** Progress is recorded at most this often. */
const PROGRESS_EVERY_MS = 1000;

export type ExportContent =
  | { kind: 'tickets'; conditions: TicketConditions }
  | { kind: 'report'; report: ReportName; filters: ReportFilters };

export interface ExportTarget {
  id: string;
  format: ExportFormat;
  dir: string;
}

export type ProgressListener = (rowsWritten: number, rowsTotal: number | null) => Promise<void>;

export interface ExportOutcome {
  path: string;
  sizeBytes: number;
  rows: number;
}

/** An error that no retry can fix (an unknown report, a filter the database refuses). */
export class PermanentExportError extends Error {}

/**
 * Builds one export file. It is written as `<name>.partial` and renamed only when complete,
 * so a crash mid-way never leaves a file that looks finished; a retry starts it over.
 */
export async function runExport(
  target: ExportTarget,
  content: ExportContent,
  deps: { databaseUrl: string; reports: ReportSource; now: Date },
  onProgress: ProgressListener,
): Promise<ExportOutcome> {
  await fs.mkdir(target.dir, { recursive: true });
  const finalPath = path.resolve(target.dir, exportDiskName(target.id, target.format));
  const partial = `${finalPath}.partial`;
  await fs.rm(partial, { force: true });
  const writer = openTableWriter(target.format, partial);
  let rows: number;
  try {
    rows = content.kind === 'tickets' ? await writeTickets(writer, content.conditions, deps, onProgress) : await writeReportContent(writer, content, deps.reports, onProgress);
    await writer.close();
  } catch (error: unknown) {
    await writer.abort().catch(() => undefined);
    await fs.rm(partial, { force: true }).catch(() => undefined);
    throw error;
  }
  await fs.rename(partial, finalPath);
  const { size } = await fs.stat(finalPath);
  return { path: finalPath, sizeBytes: size, rows };
}

function throttled(onProgress: ProgressListener): (rows: number, total: number | null, force?: boolean) => Promise<void> {
  let last = 0;
  return async (rows, total, force = false) => {
    const now = Date.now();
    if (!force && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    await onProgress(rows, total);
  };
}

/**
 * Streams the tickets from a PostgreSQL cursor on a connection of its own (a long export
 * must not hold one of the API's pooled connections), inside one read-only repeatable-read
 * transaction: the total counted first and the rows read after see the same snapshot, so
 * progress ends at exactly 100 %.
 */
async function writeTickets(
  writer: ReturnType<typeof openTableWriter>,
  conditions: TicketConditions,
  deps: { databaseUrl: string; now: Date },
  onProgress: ProgressListener,
): Promise<number> {
  const params = new ExportSqlParams();
  const query = buildTicketExportQuery(conditions(params, deps.now), params);
  const client = new Client({ connectionString: deps.databaseUrl, application_name: 'mesa-de-ayuda-export' });
  client.on('error', () => undefined);
  await client.connect();
  const report = throttled(onProgress);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const total = Number((await client.query<{ total: number }>(query.countSql, query.params)).rows[0].total);
    await report(0, total, true);
    await writer.startTable('Tickets', TICKET_EXPORT_COLUMNS);
    const cursor = client.query(new Cursor<unknown[]>(query.sql, query.params, { rowMode: 'array' }));
    let written = 0;
    try {
      for (;;) {
        const batch = await cursor.read(FETCH_ROWS);
        if (batch.length === 0) break;
        for (const row of batch) await writer.row(ticketExportCells(row));
        written += batch.length;
        await report(written, total);
      }
    } finally {
      await cursor.close().catch(() => undefined);
    }
    await client.query('COMMIT');
    await report(written, total, true);
    return written;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function writeReportContent(
  writer: ReturnType<typeof openTableWriter>,
  content: Extract<ExportContent, { kind: 'report' }>,
  reports: ReportSource,
  onProgress: ProgressListener,
): Promise<number> {
  const result = await reports.report(content.report, content.filters);
  const total = reportRowCount(result);
  const report = throttled(onProgress);
  await report(0, total, true);
  let written = 0;
  const rows = await writeReport(writer, result, async () => report(++written, total));
  await report(rows, total, true);
  return rows;
}
