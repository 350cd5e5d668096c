import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import Redis from 'ioredis';
import { simpleParser } from 'mailparser';
import { Client } from 'pg';
import type { Response } from 'superagent';
import { SYSTEM_ACTOR } from '../../src/auth/auth.types';
import { APP_CONFIG, AppConfig, loadAppConfig } from '../../src/config/app-config';
import { EXPORT_JOB_OPTIONS, EXPORTS_QUEUE, ExportProcessor, exportJobId } from '../../src/exports/export.processor';
import { formatBusinessMinutes, formatShare } from '../../src/outbound/render-template';
import { ReportsService } from '../../src/reports/reports.service';
import type { DrillFilter, ReportFilters } from '../../src/reports/report.types';
import { UsersService } from '../../src/users/users.service';
import { WeeklyReportScheduler } from '../../src/weekly-report/weekly-report.scheduler';
import { WeeklyReportService } from '../../src/weekly-report/weekly-report.service';
import { signIn, TestSession } from '../support/auth-session';
import { ensureSmtpSink, receivedMessages, smtpSinkConfig, uniqueSinkRecipient, waitForReceived } from '../support/smtp-sink';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { dropQueueKeys, startTestApp, testConfig, waitFor } from '../support/test-app';

/**
 * Exports and the weekly report against the real PostgreSQL, Redis (BullMQ) and the SMTP
 * sink: files read back (CSV by an RFC 4180 parser, XLSX by exceljs) and compared with
 * what the database holds, expiry, access, a worker killed mid-export, and the weekly mail.
 */

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '../..');
const PT = 'planeacionterritorial@dnp.gov.co';
const STATUS_ES: Record<string, string> = { new: 'Nuevo', open: 'Abierto', waiting: 'Esperando respuesta de la entidad', resolved: 'Resuelto', closed: 'Cerrado' };
const CATEGORY_ES: Record<string, string> = { users: 'Usuarios SisPT', tech: 'Soporte técnico', formulation: 'Formulación y seguimiento', unclassified: 'Sin clasificar' };
const HEADERS = [
  'Radicado',
  'Asunto',
  'Estado',
  'Categoría',
  'Buzón',
  'Entidad',
  'Código DIVIPOLA',
  'Departamento',
  'Asignado a',
  'Recibido (hora de Colombia)',
  'Vence primera respuesta',
  'Primera respuesta a tiempo',
  'Vence solución',
  'Solución a tiempo',
  'Vence término legal',
  'Término legal cumplido',
];

/** Tickets every 7 minutes from Monday 8 January 2024, with subjects that test quoting and formulas. */
async function seedTickets(db: Client, count: number, assigneeId: string | null, firstNumber = 1): Promise<void> {
  await db.query(
    `INSERT INTO tickets (reference, subject, status, mailbox_address, queue_mailbox, reply_from, received_at, category,
       entity_kind, entity_code, entity_name, entity_department_code, entity_department_name, assignee_user_id,
       sla_clock_start, sla_first_response_due, sla_first_response_met, sla_resolution_due, sla_resolution_met, sla_legal_due, sla_legal_met)
     SELECT 'MDA-2024-' || lpad(g::text, 6, '0'),
            CASE g % 6 WHEN 0 THEN 'Solicitud; con punto y coma ' || g
                       WHEN 1 THEN 'Asunto con "comillas" y eñe: Güicán ' || g
                       WHEN 2 THEN '=HIPERVINCULO("http://x";"clic") ' || g
                       WHEN 3 THEN E'Dos\\nlíneas ' || g
                       WHEN 4 THEN '-1 reporte ' || g
                       ELSE 'Solicitud de usuario SisPT - Tuluá ' || g END,
            (ARRAY['new','open','waiting','resolved','closed'])[1 + g % 5],
            $3, $3, $3,
            '2024-01-08T13:00:00Z'::timestamptz + (g - $2::int) * interval '7 minutes' + (g % 13) * interval '1 second',
            (ARRAY['users','tech','formulation','unclassified'])[1 + g % 4],
            CASE WHEN g % 3 = 0 THEN NULL ELSE 'municipality' END,
            CASE WHEN g % 3 = 0 THEN NULL ELSE '76834' END,
            CASE WHEN g % 3 = 0 THEN NULL ELSE 'Tuluá' END,
            CASE WHEN g % 3 = 0 THEN NULL ELSE '76' END,
            CASE WHEN g % 3 = 0 THEN NULL ELSE 'Valle del Cauca' END,
            CASE WHEN g % 2 = 0 THEN $4::bigint END,
            '2024-01-08T13:00:00Z'::timestamptz + (g - $2::int) * interval '7 minutes',
            '2024-01-08T13:00:00Z'::timestamptz + (g - $2::int) * interval '7 minutes' + interval '4 hours',
            CASE g % 3 WHEN 0 THEN true WHEN 1 THEN false END,
            CASE WHEN g % 4 = 0 THEN NULL ELSE '2024-01-08T13:00:00Z'::timestamptz + (g - $2::int) * interval '7 minutes' + interval '2 days' END,
            CASE g % 4 WHEN 1 THEN true WHEN 2 THEN false END,
            '2024-01-08T13:00:00Z'::timestamptz + (g - $2::int) * interval '7 minutes' + interval '21 days',
            CASE WHEN g % 5 >= 3 THEN true END
       FROM generate_series($2::int, $2::int + $1::int - 1) AS g`,
    [count, firstNumber, PT, assigneeId],
  );
}

/** What an export must hold, straight from the tables, formatted independently of the code under test. */
async function expectedRows(db: Client, where = 'TRUE', params: unknown[] = []): Promise<string[][]> {
  const bogota = (column: string) => `to_char(${column} AT TIME ZONE 'America/Bogota', 'YYYY-MM-DD HH24:MI')`;
  const met = (column: string) => `CASE ${column} WHEN true THEN 'Sí' WHEN false THEN 'No' ELSE '' END`;
  // Array rows: several columns share a name (coalesce), which an object row would merge.
  const result = await db.query<unknown[]>({
    rowMode: 'array',
    text: `SELECT t.reference, t.subject, t.status, t.category, t.queue_mailbox, COALESCE(t.entity_name, ''), COALESCE(t.entity_code, ''),
            COALESCE(t.entity_department_name, ''), COALESCE(u.name, ''), ${bogota('t.received_at')},
            COALESCE(${bogota('t.sla_first_response_due')}, ''), ${met('t.sla_first_response_met')},
            COALESCE(${bogota('t.sla_resolution_due')}, ''), ${met('t.sla_resolution_met')},
            COALESCE(${bogota('t.sla_legal_due')}, ''), ${met('t.sla_legal_met')}
       FROM tickets t LEFT JOIN users u ON u.id = t.assignee_user_id
      WHERE ${where}
      ORDER BY t.received_at, t.id`,
    values: params,
  });
  return result.rows.map((row) => {
    const cells = row.map(String);
    cells[2] = STATUS_ES[cells[2]];
    cells[3] = CATEGORY_ES[cells[3]];
    return cells;
  });
}

/** RFC 4180 with `;`: quoted fields may hold separators, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** What Excel shows of a text cell the CSV defused (see csv-format.ts). */
const defused = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

function xlsxCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 16).replace('T', ' ');
  return String(value);
}

interface ExportBody {
  id: string;
  status: string;
  progress: number;
  percent: number;
  rowsWritten: number;
  rowsTotal: number | null;
  fileName: string;
  error: string | null;
  downloadUrl: string | null;
}

async function waitDone(session: TestSession, id: string, timeoutMs = 60_000): Promise<ExportBody> {
  return waitFor(
    async () => (await session.get(`/api/exports/${id}`)).body as ExportBody,
    (body) => body.status === 'done' || body.status === 'failed',
    timeoutMs,
    100,
  );
}

describe('exports', () => {
  let app: INestApplication;
  let db: Client;
  let supervisor: TestSession;
  let otherSupervisor: TestSession;
  let agent: TestSession;
  let exportDir: string;
  const TICKETS = 3000;

  beforeAll(async () => {
    await ensureSmtpSink();
    const databaseUrl = await createTestDatabase('exports');
    db = await connectTestDatabase(databaseUrl);
    exportDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mesa-exports-'));
    const { host, port } = smtpSinkConfig();
    app = await startTestApp(
      testConfig(databaseUrl, { kpt: 'exports-unused-kpt', planeacion: 'exports-unused-pt' }, {
        INTAKE_ENABLED: 'false',
        EXPORT_DIR: exportDir,
        SMTP_HOST: host,
        SMTP_PORT: String(port),
        OUTBOUND_SWEEP_INTERVAL_SECONDS: '1',
      }),
    );
    supervisor = await signIn(app, 'supervisor');
    otherSupervisor = await signIn(app, 'supervisor');
    agent = await signIn(app, 'agent', 'ana.agente@dnp.gov.co');
    await seedTickets(db, TICKETS, agent.actor.userId);
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
    if (exportDir) await fs.rm(exportDir, { recursive: true, force: true });
  });

  it('exports every ticket of a list filter as CSV (UTF-8 with BOM, `;`, RFC 4180) equal to the database, with progress to 100 %', async () => {
    const created = await supervisor.post('/api/exports').send({ kind: 'tickets', filters: { status: 'new,open,waiting,resolved,closed' }, format: 'csv' });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ kind: 'tickets', format: 'csv', status: 'queued', progress: 0, downloadUrl: null });
    expect(created.body.fileName).toBe(`mesa-tickets-${created.body.id}.csv`);
    const done = await waitDone(supervisor, created.body.id);
    expect(done).toMatchObject({ status: 'done', progress: 1, percent: 100, rowsWritten: TICKETS, rowsTotal: TICKETS, error: null, downloadUrl: `/api/exports/${created.body.id}/file` });
    const config = app.get<AppConfig>(APP_CONFIG);
    const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(EXPORTS_QUEUE, { connection, prefix: config.queuePrefix });
    try {
      expect((await queue.getJob(exportJobId(created.body.id)))?.progress).toBe(100);
    } finally {
      await queue.close();
      connection.disconnect();
    }

    const file = await supervisor.get(`/api/exports/${created.body.id}/file`).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${done.fileName}"; filename*=UTF-8''${done.fileName}`);
    const bytes = file.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(HEADERS);
    const expected = (await expectedRows(db)).map((row) => row.map((cell, i) => (i === 1 ? defused(cell) : cell)));
    expect(rows.slice(1)).toHaveLength(TICKETS);
    expect(rows.slice(1)).toEqual(expected);
    // The tricky subjects really are in there, quoted and defused.
    expect(bytes.toString('utf8')).toContain(`"'=HIPERVINCULO(""http://x"";""clic"") 2"`);
    expect(bytes.toString('utf8')).toContain('"Dos\nlíneas 3"');
  });

  it('exports the same list as XLSX that exceljs reads back equal to the database, with typed dates', async () => {
    const created = await supervisor.post('/api/exports').send({ kind: 'tickets', filters: { status: ['new', 'open', 'waiting', 'resolved', 'closed'] }, format: 'xlsx' });
    expect(created.status).toBe(202);
    const done = await waitDone(supervisor, created.body.id);
    expect(done).toMatchObject({ status: 'done', percent: 100, rowsWritten: TICKETS });
    const file = await supervisor.get(`/api/exports/${created.body.id}/file`).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers['content-disposition']).toContain('attachment;');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Tickets']);
    const sheet = workbook.worksheets[0];
    const read: string[][] = [];
    sheet.eachRow((row) => read.push(HEADERS.map((_h, i) => xlsxCellText(row.getCell(i + 1).value))));
    expect(read[0]).toEqual(HEADERS);
    expect(read.slice(1)).toEqual(await expectedRows(db));
    // Dates are dates (Excel sorts and filters them), not text.
    expect(sheet.getRow(2).getCell(10).value).toBeInstanceOf(Date);
    // In XLSX a text cell never runs as a formula: the subject stays as it came.
    expect(read.some((row) => row[1].startsWith('=HIPERVINCULO'))).toBe(true);
  });

  it('exports only the open tickets for a list filter without status, as the list shows them', async () => {
    const created = await supervisor.post('/api/exports').send({ kind: 'tickets', filters: { category: 'tech', assignee: 'unassigned' }, format: 'csv' });
    const done = await waitDone(supervisor, created.body.id);
    const file = await supervisor.get(`/api/exports/${created.body.id}/file`).buffer(true).parse(binary);
    const rows = parseCsv((file.body as Buffer).subarray(3).toString('utf8')).slice(1);
    const expected = await expectedRows(db, `t.status IN ('new','open','waiting') AND t.category = 'tech' AND t.assignee_user_id IS NULL`);
    expect(done.rowsWritten).toBe(expected.length);
    expect(rows.map((r) => r[0])).toEqual(expected.map((r) => r[0]));
  });

  it('exports the tickets behind a report figure (its drill filter) exactly', async () => {
    const drill: DrillFilter = { from: '2024-01-15', to: '2024-01-21', firstResponseMet: 'false', category: 'users' };
    const created = await supervisor.post('/api/exports').send({ kind: 'tickets', filters: drill, format: 'csv' });
    expect(created.status).toBe(202);
    const done = await waitDone(supervisor, created.body.id);
    expect(done.status).toBe('done');
    const file = await supervisor.get(`/api/exports/${created.body.id}/file`).buffer(true).parse(binary);
    const rows = parseCsv((file.body as Buffer).subarray(3).toString('utf8')).slice(1);
    const expected = await expectedRows(
      db,
      `t.received_at >= '2024-01-15T05:00:00Z' AND t.received_at < '2024-01-22T05:00:00Z' AND t.sla_first_response_met = false AND t.category = 'users' AND t.merged_into_ticket_id IS NULL`,
    );
    expect(expected.length).toBeGreaterThan(20);
    expect(rows.map((r) => r[0])).toEqual(expected.map((r) => r[0]));
    // And the figure's own page of tickets counts the same.
    const page = await app.get(ReportsService).ticketsBehind(drill, null, 500);
    expect(page.items.length).toBe(expected.length);
  });

  it('exports a report as XLSX: filters and headline first, then one sheet per table, as the report says', async () => {
    const filters: ReportFilters = { from: '2024-01-08', to: '2024-01-21', groupBy: 'week' };
    const created = await supervisor.post('/api/exports').send({ kind: 'report', report: 'compliance', filters, format: 'xlsx' });
    expect(created.status).toBe(202);
    expect(created.body.fileName).toBe(`mesa-informe-cumplimiento-2024-01-08-a-2024-01-21-${created.body.id}.xlsx`);
    const done = await waitDone(supervisor, created.body.id);
    expect(done).toMatchObject({ status: 'done', percent: 100 });
    const report = await app.get(ReportsService).report('compliance', filters);
    const file = await supervisor.get(`/api/exports/${created.body.id}/file`).buffer(true).parse(binary);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Filtros y resumen', ...report.tables.map((t) => t.title.slice(0, 31).trim())]);
    const summary: string[][] = [];
    workbook.worksheets[0].eachRow((row) => summary.push([xlsxCellText(row.getCell(1).value), xlsxCellText(row.getCell(2).value)]));
    expect(summary).toEqual(expect.arrayContaining([['Informe', report.title], ['Desde', '2024-01-08'], ['Hasta', '2024-01-21']]));
    const received = report.headline.find((h) => h.key === 'received')!;
    expect(summary).toContainEqual([received.label, Number(received.value).toLocaleString('es-CO')]);
    const table = report.tables[0];
    const sheet = workbook.worksheets[1];
    expect(sheet.getRow(1).values).toEqual([undefined, ...table.columns.map((c) => c.label)]);
    const cells: unknown[][] = [];
    sheet.eachRow((row, n) => n > 1 && cells.push(table.columns.map((_c, i) => row.getCell(i + 1).value ?? null)));
    expect(cells).toEqual(table.rows.map((r) => table.columns.map((c) => r.cells[c.key] ?? null)));
  });

  it('exports a report as CSV: its blocks one after another, each with its title', async () => {
    const created = await supervisor.post('/api/exports').send({ kind: 'report', report: 'volume', filters: { from: '2024-01-08', to: '2024-01-14' }, format: 'csv' });
    const done = await waitDone(supervisor, created.body.id);
    expect(done.status).toBe('done');
    const report = await app.get(ReportsService).report('volume', { from: '2024-01-08', to: '2024-01-14' });
    const text = ((await supervisor.get(`/api/exports/${created.body.id}/file`).buffer(true).parse(binary)).body as Buffer).toString('utf8');
    const rows = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['Filtros y resumen']);
    for (const table of report.tables) {
      const at = rows.findIndex((r) => r.length === 1 && r[0] === table.title);
      expect(at).toBeGreaterThan(0);
      expect(rows[at - 1]).toEqual(['']);
      expect(rows[at + 1]).toEqual(table.columns.map((c) => c.label));
      expect(rows.slice(at + 2, at + 2 + table.rows.length).map((r) => r[0])).toEqual(table.rows.map((r) => String(r.cells[table.columns[0].key] ?? '')));
    }
  });

  it('refuses bad requests in Spanish before queueing anything', async () => {
    const before = Number((await db.query(`SELECT count(*) FROM exports`)).rows[0].count);
    const cases = [
      { kind: 'tickets', filters: { status: 'abierto' }, format: 'csv' },
      { kind: 'tickets', filters: { from: '2024-01-01', status: 'open' }, format: 'csv' },
      { kind: 'tickets', filters: { nonsense: 'x' }, format: 'csv' },
      { kind: 'report', report: 'compliance', filters: { from: '2024-02-01' }, format: 'xlsx' },
      { kind: 'report', filters: { from: '2024-01-01', to: '2024-01-31' }, format: 'xlsx' },
      { kind: 'tickets', filters: {}, format: 'pdf' },
    ];
    for (const body of cases) {
      const response = await supervisor.post('/api/exports').send(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.message).toMatch(/[a-záéíóúñ]/);
    }
    expect(Number((await db.query(`SELECT count(*) FROM exports`)).rows[0].count)).toBe(before);
  });

  it('lists the requester\'s own exports, and hides them from other supervisors', async () => {
    const mine = await supervisor.get('/api/exports');
    expect(mine.status).toBe(200);
    expect(mine.body.length).toBeGreaterThanOrEqual(5);
    const someId = mine.body[0].id as string;
    expect((await otherSupervisor.get('/api/exports')).body).toEqual([]);
    expect((await otherSupervisor.get(`/api/exports/${someId}`)).status).toBe(404);
    expect((await otherSupervisor.get(`/api/exports/${someId}/file`)).status).toBe(404);
  });

  it('refuses agents (403) on every export route', async () => {
    const id = ((await supervisor.get('/api/exports')).body[0] as ExportBody).id;
    for (const response of [
      await agent.post('/api/exports').send({ kind: 'tickets', filters: {}, format: 'csv' }),
      await agent.get('/api/exports'),
      await agent.get(`/api/exports/${id}`),
      await agent.get(`/api/exports/${id}/file`),
    ]) {
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
  });

  it('deletes a file once it expires, and then answers 404 for it', async () => {
    const created = await supervisor.post('/api/exports').send({ kind: 'tickets', filters: { category: 'users' }, format: 'csv' });
    await waitDone(supervisor, created.body.id);
    const row = (await db.query(`SELECT file_path, expires_at, finished_at FROM exports WHERE id = $1`, [created.body.id])).rows[0];
    expect(existsSync(row.file_path)).toBe(true);
    expect(path.dirname(row.file_path)).toBe(path.resolve(exportDir));
    // 72 hours by default (EXPORT_RETENTION_HOURS).
    expect(new Date(row.expires_at).getTime() - new Date(row.finished_at).getTime()).toBe(72 * 3600_000);
    const processor = app.get(ExportProcessor);
    expect(await processor.sweepExpired(new Date(Date.now() + 71 * 3600_000))).toBe(0);
    expect(existsSync(row.file_path)).toBe(true);
    expect((await supervisor.get(`/api/exports/${created.body.id}/file`)).status).toBe(200);

    expect(await processor.sweepExpired(new Date(new Date(row.expires_at).getTime() + 1000))).toBeGreaterThanOrEqual(1);
    expect(existsSync(row.file_path)).toBe(false);
    const gone = await supervisor.get(`/api/exports/${created.body.id}/file`);
    expect({ status: gone.status, code: gone.body.code }).toEqual({ status: 404, code: 'EXPORT_EXPIRED' });
    expect((await supervisor.get(`/api/exports/${created.body.id}`)).body).toMatchObject({ status: 'done', expired: true, downloadUrl: null });
    // Past its time but not swept yet: 404 all the same.
    const other = await supervisor.post('/api/exports').send({ kind: 'tickets', filters: { category: 'tech' }, format: 'csv' });
    await waitDone(supervisor, other.body.id);
    await db.query(`UPDATE exports SET expires_at = now() - interval '1 second' WHERE id = $1`, [other.body.id]);
    expect((await supervisor.get(`/api/exports/${other.body.id}/file`)).status).toBe(404);
  });

  it('mails the weekly report to each enabled supervisor once, with the figures in the body and the XLSX attached', async () => {
    const users = app.get(UsersService);
    const boss = uniqueSinkRecipient('semanal');
    const deputy = uniqueSinkRecipient('semanal');
    const retired = uniqueSinkRecipient('semanal-inactivo');
    const anAgent = uniqueSinkRecipient('semanal-agente');
    const password = randomBytes(18).toString('base64url');
    await users.create(SYSTEM_ACTOR, { email: boss, name: 'Jefa de la Mesa', role: 'supervisor', password });
    await users.create(SYSTEM_ACTOR, { email: deputy, name: 'Supervisor suplente', role: 'supervisor', password });
    const off = await users.create(SYSTEM_ACTOR, { email: retired, name: 'Supervisor retirado', role: 'supervisor', password });
    await users.update(SYSTEM_ACTOR, off.id, { disabled: true });
    await users.create(SYSTEM_ACTOR, { email: anAgent, name: 'Agente', role: 'agent', password });
    const since = Date.now() - 1000;

    // A fixed "now": Monday 22 January 2024, 08:00 in Bogotá → the week of 15 to 21 January.
    const runAt = new Date('2024-01-22T08:00:00-05:00');
    expect(await app.get(WeeklyReportScheduler).add(runAt)).toBe(true);
    const mail = await waitForReceived(() => true, 30_000, { to: boss });
    await waitForReceived(() => true, 10_000, { to: deputy });

    expect(mail.headers.subject).toBe('Informe semanal de la Mesa de Ayuda: semana del 15 al 21 de enero de 2024');
    expect(mail.headers.from?.address).toBe(PT);
    expect(mail.headers.autoSubmitted).toBe('auto-replied');
    const received = Number(
      (await db.query(`SELECT count(*) FROM tickets WHERE received_at >= '2024-01-15T05:00:00Z' AND received_at < '2024-01-22T05:00:00Z'`)).rows[0].count,
    );
    expect(received).toBeGreaterThan(1000);
    const reports = app.get(ReportsService);
    const compliance = await reports.report('compliance', { from: '2024-01-15', to: '2024-01-21' }, { now: runAt });
    const times = await reports.report('times', { from: '2024-01-15', to: '2024-01-21' }, { now: runAt });
    const backlog = await reports.report('backlog', { from: '2024-01-15', to: '2024-01-21' }, { now: runAt });
    const figure = (r: typeof compliance, key: string) => r.headline.find((h) => h.key === key)!.value as number | null;
    const body = mail.text ?? '';
    expect(body).toContain(`- Recibidos: ${received.toLocaleString('es-CO')}`);
    expect(body).toContain(`- Primera respuesta a tiempo: ${formatShare(figure(compliance, 'firstResponseShare'))}`);
    expect(body).toContain(`- Solución a tiempo: ${formatShare(figure(compliance, 'resolutionShare'))}`);
    expect(body).toContain(`- Término legal cumplido: ${formatShare(figure(compliance, 'legalShare'))}`);
    expect(body).toContain(`- Hasta la primera respuesta: ${formatBusinessMinutes(figure(times, 'firstResponseMedian'))}`);
    expect(body).toContain(`- Vencidos: ${Number(figure(backlog, 'breached')).toLocaleString('es-CO')}`);
    expect(formatShare(figure(compliance, 'firstResponseShare'))).toMatch(/^\d+,\d %$/);
    expect(mail.html).toContain('Informe semanal de la Mesa de Ayuda');

    const parsed = await simpleParser(mail.raw);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['mesa-informe-semanal-2024-01-15-a-2024-01-21.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(parsed.attachments[0].content as unknown as ArrayBuffer);
    expect(workbook.worksheets[0].name).toBe('Resumen de la semana');
    expect(workbook.worksheets.length).toBeGreaterThan(3);
    expect(xlsxCellText(workbook.worksheets[0].getRow(2).getCell(2).value)).toBe('2024-01-15 a 2024-01-21');

    // Once: the same run again (another process, a restart) adds nothing, and a second send queues nothing.
    expect((await app.get(WeeklyReportService).send(runAt)).queued).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await receivedMessages({ to: boss, since })).toHaveLength(1);
    expect(await receivedMessages({ to: retired, since })).toHaveLength(0);
    expect(await receivedMessages({ to: anAgent, since })).toHaveLength(0);
    const rows = await db.query(`SELECT kind, status, to_addresses FROM outgoing_messages WHERE kind = 'weekly-report' ORDER BY id`);
    // The two supervisors signed in by the suite's first tests get it too (enabled supervisors, every one).
    expect(rows.rows.every((r: { status: string }) => r.status === 'sent')).toBe(true);
    expect(rows.rows.map((r: { to_addresses: string[] }) => r.to_addresses[0])).toEqual(expect.arrayContaining([boss, deputy]));
    expect(rows.rows.map((r: { to_addresses: string[] }) => r.to_addresses[0])).not.toContain(retired);
  });
});

// ---------------------------------------------------------------- a worker killed mid-export

function startWorker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('an export whose worker is killed', () => {
  const children: ChildProcess[] = [];
  let db: Client;
  let queue: Queue;
  let redis: Redis;
  let dir: string;

  let queuePrefix = '';
  afterAll(async () => {
    for (const child of children) await kill(child);
    await queue?.close();
    redis?.disconnect();
    // The killed worker's jobs and the sweeps of both workers stay in Redis otherwise.
    if (queuePrefix) await dropQueueKeys({ queuePrefix });
    await db?.end();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('is taken up again by another worker and finishes whole; meanwhile nothing is served as done', async () => {
    const databaseUrl = await createTestDatabase('exports_crash');
    db = await connectTestDatabase(databaseUrl);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mesa-exports-crash-'));
    const total = 40_000;
    const owner = (await db.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('jefa.caida@dnp.gov.co', 'Jefa', 'supervisor', 'x') RETURNING id`)).rows[0].id as string;
    await seedTickets(db, total, owner);
    queuePrefix = `xcrash-${randomBytes(4).toString('hex')}`;
    const env = {
      DATABASE_URL: databaseUrl,
      RUN_MIGRATIONS: 'false',
      INTAKE_ENABLED: 'false',
      OUTBOUND_ENABLED: 'false',
      WEEKLY_REPORT_ENABLED: 'false',
      QUEUE_PREFIX: queuePrefix,
      EXPORT_DIR: dir,
    };
    const config = loadAppConfig(env);
    const id = String(
      (await db.query(`INSERT INTO exports (kind, format, filters, requested_by, file_name) VALUES ('tickets', 'xlsx', $1, $2, 'mesa-tickets-x.xlsx') RETURNING id`, [
        JSON.stringify({ status: 'new,open,waiting,resolved,closed' }),
        owner,
      ])).rows[0].id,
    );
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(EXPORTS_QUEUE, { connection: redis, prefix: queuePrefix });
    await queue.add('build', { exportId: id }, { ...EXPORT_JOB_OPTIONS, jobId: exportJobId(id) });
    const rowOf = async () => (await db.query(`SELECT status, attempts, rows_written::int AS rows_written, file_path, size_bytes, error FROM exports WHERE id = $1`, [id])).rows[0];

    const startedAt = Date.now();
    const first = startWorker(env);
    children.push(first);
    const running = await waitFor(rowOf, (r) => r.status === 'running' && r.rows_written > 0, 120_000, 50);
    const killedAfterMs = Date.now() - startedAt;
    expect(running).toMatchObject({ status: 'running', attempts: 1 });
    await kill(first);
    const partials = (await fs.readdir(dir)).filter((name) => name.endsWith('.partial'));
    expect(partials).toEqual([`export-${id}.xlsx.partial`]);
    const killed = await rowOf();
    expect(killed.status).toBe('running');
    expect(killed.rows_written).toBeLessThan(total);
    expect(killed.file_path).toBeNull();

    const restartedAt = Date.now();
    const second = startWorker(env);
    children.push(second);
    const settled = await waitFor(rowOf, (r) => r.status === 'done' || r.status === 'failed', 150_000, 200);
    await kill(second);
    // Taken up again (the killed attempt counted) and finished whole, or failed with its reason: never a half file as done.
    expect(settled).toMatchObject({ status: 'done', attempts: 2, rows_written: total });
    expect((await fs.readdir(dir)).sort()).toEqual([`export-${id}.xlsx`]);
    const stat = await fs.stat(settled.file_path);
    expect(Number(settled.size_bytes)).toBe(stat.size);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(settled.file_path);
    expect(workbook.worksheets[0].actualRowCount).toBe(total + 1);
    console.log(`worker killed after ${killedAfterMs} ms at ${killed.rows_written} rows; the export finished ${Date.now() - restartedAt} ms after the restart`);
  });
});
