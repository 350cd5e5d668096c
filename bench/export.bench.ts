/**
 * The export part of `npm run bench:reports` (run from bench/reports.bench.ts; alone:
 * `node -r ts-node/register/transpile-only bench/export.bench.ts`): the 1,000,000-ticket export of issue 9, from the database that
 * `npm run bench:api` generated (mesa_bench_api; never regenerated here): XLSX through
 * exceljs's streaming writer and CSV, each read with a PostgreSQL cursor, each in a child
 * process of its own so its peak memory is its own. Prints rows/s, seconds, file size and
 * the peak RSS (sampled every 100 ms, and the kernel's VmHWM), against the 300 MB budget.
 * Exit code 1 when a peak passes the budget or the row count is not the table's.
 *
 * BENCH_DATABASE_URL (or DATABASE_URL) overrides the database; BENCH_EXPORT_FORMATS=csv (or xlsx) runs one.
 */
import { spawn } from 'child_process';
import { promises as fs, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';
import { runExport } from '../src/exports/export-runner';
import type { ExportFormat } from '../src/exports/export-naming';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mesa_bench_api';
const BUDGET_MB = 300;
const MB = 1024 * 1024;

export interface ChildResult {
  format: ExportFormat;
  rows: number;
  seconds: number;
  sizeBytes: number;
  peakRssSampled: number;
  vmHwm: number;
  progressCalls: number;
}

function vmHwmBytes(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** The child: one export, measured from inside the process that does it. */
async function child(format: ExportFormat): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mesa-export-bench-'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  let progressCalls = 0;
  const started = process.hrtime.bigint();
  try {
    const outcome = await runExport(
      { id: '1', format, dir },
      { kind: 'tickets', conditions: () => [] },
      { databaseUrl: DATABASE_URL, reports: { report: () => Promise.reject(new Error('sin informes en esta medición')) }, now: new Date() },
      async () => {
        progressCalls++;
      },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const result: ChildResult = { format, rows: outcome.rows, seconds, sizeBytes: outcome.sizeBytes, peakRssSampled: peak, vmHwm: vmHwmBytes(), progressCalls };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function runChild(format: ExportFormat): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--child', format], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`la exportación ${format} terminó con código ${code}: ${out}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

/** Runs each format's export in a child process and prints one line each; ok when every peak is under budget and every row is there. */
export async function runExportBench(log: (line: string) => void = (line) => console.log(line)): Promise<{ ok: boolean; results: ChildResult[] }> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const tickets = Number((await db.query(`SELECT count(*)::float8 AS n FROM tickets`)).rows[0].n);
  await db.end();
  const formats = (process.env.BENCH_EXPORT_FORMATS ?? 'xlsx,csv').split(',').map((f) => f.trim()) as ExportFormat[];
  const results: ChildResult[] = [];
  log(`Exportación de ${tickets.toLocaleString('es-CO')} tickets de ${new URL(DATABASE_URL).pathname.slice(1)} (Node ${process.version}, ${os.cpus().length} núcleos)`);
  let ok = true;
  for (const format of formats) {
    const r = await runChild(format);
    results.push(r);
    const peakMb = Math.max(r.peakRssSampled, r.vmHwm) / MB;
    const within = peakMb < BUDGET_MB;
    ok &&= within && r.rows === tickets;
    log(
      `${format.toUpperCase().padEnd(4)} ${r.rows.toLocaleString('es-CO')} filas en ${r.seconds.toFixed(1)} s = ${Math.round(r.rows / r.seconds).toLocaleString('es-CO')} filas/s; ` +
        `archivo ${(r.sizeBytes / MB).toFixed(1)} MB; RSS máximo ${(r.peakRssSampled / MB).toFixed(0)} MB (muestreado cada 100 ms), VmHWM ${(r.vmHwm / MB).toFixed(0)} MB; ` +
        `${within ? `< ${BUDGET_MB} MB: sí` : `< ${BUDGET_MB} MB: NO`}${r.rows === tickets ? '' : ` — ¡se esperaban ${tickets} filas!`}`,
    );
  }
  return { ok, results };
}

if (require.main === module && process.argv[2] === '--child') {
  child(process.argv[3] as ExportFormat).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (require.main === module) {
  runExportBench()
    .then(({ ok }) => {
      process.exitCode = ok ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
