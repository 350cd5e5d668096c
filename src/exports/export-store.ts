import { DataSource } from 'typeorm';
import type { ExportFormat, ExportKind } from './export-naming';

/** The exports table, the record of every export (see migration 1733600000000-exports). */

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportRow {
  id: string;
  kind: ExportKind;
  report: string | null;
  format: ExportFormat;
  filters: Record<string, unknown>;
  status: ExportStatus;
  requestedBy: string | null;
  rowsWritten: number;
  rowsTotal: number | null;
  attempts: number;
  fileName: string | null;
  filePath: string | null;
  sizeBytes: number | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  expiresAt: Date | null;
  fileDeletedAt: Date | null;
}

const COLUMNS = `id::text, kind, report, format, filters, status, requested_by::text AS requested_by, rows_written::float8 AS rows_written,
  rows_total::float8 AS rows_total, attempts, file_name, file_path, size_bytes::float8 AS size_bytes, error, created_at, started_at,
  finished_at, expires_at, file_deleted_at`;

interface DbRow {
  id: string;
  kind: ExportKind;
  report: string | null;
  format: ExportFormat;
  filters: Record<string, unknown>;
  status: ExportStatus;
  requested_by: string | null;
  rows_written: number;
  rows_total: number | null;
  attempts: number;
  file_name: string | null;
  file_path: string | null;
  size_bytes: number | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date | null;
  file_deleted_at: Date | null;
}

function toRow(r: DbRow): ExportRow {
  return {
    id: r.id,
    kind: r.kind,
    report: r.report,
    format: r.format,
    filters: r.filters,
    status: r.status,
    requestedBy: r.requested_by,
    rowsWritten: r.rows_written,
    rowsTotal: r.rows_total,
    attempts: r.attempts,
    fileName: r.file_name,
    filePath: r.file_path,
    sizeBytes: r.size_bytes,
    error: r.error,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    expiresAt: r.expires_at,
    fileDeletedAt: r.file_deleted_at,
  };
}

export class ExportStore {
  constructor(private readonly db: DataSource) {}

  async insert(input: { kind: ExportKind; report: string | null; format: ExportFormat; filters: Record<string, unknown>; requestedBy: string | null; fileName: (id: string) => string }): Promise<ExportRow> {
    return this.db.transaction(async (manager) => {
      const [row]: DbRow[] = await manager.query(
        `INSERT INTO exports (kind, report, format, filters, requested_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [input.kind, input.report, input.format, JSON.stringify(input.filters), input.requestedBy],
      );
      const fileName = input.fileName(row.id);
      await manager.query(`UPDATE exports SET file_name = $2 WHERE id = $1`, [row.id, fileName]);
      return toRow({ ...row, file_name: fileName });
    });
  }

  async find(id: string): Promise<ExportRow | null> {
    if (!/^[1-9]\d{0,18}$/.test(id)) return null;
    const [row]: DbRow[] = await this.db.query(`SELECT ${COLUMNS} FROM exports WHERE id = $1`, [id]);
    return row ? toRow(row) : null;
  }

  async recentOf(userId: string, limit: number): Promise<ExportRow[]> {
    const rows: DbRow[] = await this.db.query(`SELECT ${COLUMNS} FROM exports WHERE requested_by = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [userId, limit]);
    return rows.map(toRow);
  }

  /** queued/running → running, counting the attempt. Null when the row is gone or already finished. */
  async claim(id: string): Promise<ExportRow | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [DbRow[], number] = await this.db.query(
      `UPDATE exports SET status = 'running', attempts = attempts + 1, started_at = now(), rows_written = 0, error = NULL
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async progress(id: string, rowsWritten: number, rowsTotal: number | null): Promise<void> {
    await this.db.query(`UPDATE exports SET rows_written = $2, rows_total = COALESCE($3, rows_total) WHERE id = $1 AND status = 'running'`, [id, rowsWritten, rowsTotal]);
  }

  async done(id: string, file: { path: string; sizeBytes: number; rows: number; retentionHours: number }): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(
      `UPDATE exports SET status = 'done', file_path = $2, size_bytes = $3, rows_written = $4, rows_total = $4, finished_at = now(),
              expires_at = now() + make_interval(hours => $5), error = NULL
        WHERE id = $1 AND status = 'running'`,
      [id, file.path, file.sizeBytes, file.rows, file.retentionHours],
    );
    return result[1] === 1;
  }

  /** Back to queued (a retry follows) or failed for good, with the reason people read. */
  async interrupted(id: string, error: string, final: boolean): Promise<void> {
    await this.db.query(
      `UPDATE exports SET status = $3, error = $2, finished_at = CASE WHEN $3 = 'failed' THEN now() END
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, error.slice(0, 1000), final ? 'failed' : 'queued'],
    );
  }

  /** Files past their time: the sweeper deletes them, then marks them deleted. */
  async expiredFiles(now: Date, limit = 500): Promise<Array<{ id: string; filePath: string }>> {
    const rows: Array<{ id: string; file_path: string }> = await this.db.query(
      `SELECT id::text, file_path FROM exports WHERE file_path IS NOT NULL AND file_deleted_at IS NULL AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now.toISOString(), limit],
    );
    return rows.map((r) => ({ id: r.id, filePath: r.file_path }));
  }

  async markFileDeleted(id: string): Promise<void> {
    await this.db.query(`UPDATE exports SET file_deleted_at = now() WHERE id = $1`, [id]);
  }

  /** Rows still open after a while: their job may be gone (Redis lost it, or it stalled too often). */
  async unfinished(olderThanSeconds: number): Promise<ExportRow[]> {
    const rows: DbRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM exports WHERE status IN ('queued', 'running') AND created_at < now() - make_interval(secs => $1) ORDER BY id LIMIT 1000`,
      [olderThanSeconds],
    );
    return rows.map(toRow);
  }
}
