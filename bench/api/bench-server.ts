/**
 * What bench:api and bench:ui share: the 1,000,000-ticket database (generated once,
 * reused while it holds the expected count), the real service in its own process on a
 * free port, and a signed-in session of the bench account.
 */
import { ChildProcess, spawn } from 'child_process';
import { createWriteStream, mkdirSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import { Client } from 'pg';
import { ensureDatabaseExists } from '../../src/database/data-source-options';
import { migrateDatabase } from '../../src/database/migrate';
import { BENCH_ACCOUNT, generateTickets } from './generate-tickets';

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The database of `tickets` tickets, generated when it does not hold exactly that many yet. */
export async function prepareBenchDatabase(tickets: number): Promise<string> {
  const name = tickets === 1_000_000 ? 'mesa_bench_api' : `mesa_bench_api_${tickets}`;
  const url = `${SERVER_URL}/${name}`;
  await ensureDatabaseExists(url);
  await migrateDatabase(url);
  const db = new Client({ connectionString: url });
  await db.connect();
  const counts = await db.query<{ tickets: number; indexed: number }>(
    `SELECT (SELECT count(*) FROM tickets)::int AS tickets, (SELECT count(*) FROM ticket_search)::int AS indexed`,
  );
  await db.end();
  const found = counts.rows[0];
  if (found.tickets === tickets && found.indexed === tickets) {
    console.log(`Base ${name}: reutilizada (${found.tickets.toLocaleString('es-CO')} tickets ya generados).`);
    return url;
  }
  if (found.tickets > 0) {
    console.log(`Base ${name}: tiene ${found.tickets} tickets (se esperaban ${tickets}); se crea de nuevo.`);
    const admin = new Client({ connectionString: `${SERVER_URL}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
    await ensureDatabaseExists(url);
    await migrateDatabase(url);
  }
  console.log(`Base ${name}: generando ${tickets.toLocaleString('es-CO')} tickets…`);
  const seconds = await generateTickets(url, tickets);
  console.log(`Generación completa en ${(seconds / 60).toFixed(1)} min (${seconds.toFixed(0)} s).`);
  return url;
}

/** src/main.ts in its own process, as deployed (API only: no intake, no sending), logging to .var/<logName>. */
export async function startBenchServer(databaseUrl: string, port: number, logName: string): Promise<ChildProcess> {
  mkdirSync(join(ROOT, '.var'), { recursive: true });
  const log = createWriteStream(join(ROOT, '.var', logName), { flags: 'w' });
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HTTP_PORT: String(port),
      RUN_MIGRATIONS: 'false',
      INTAKE_ENABLED: 'false',
      OUTBOUND_ENABLED: 'false',
      JOBS_ENABLED: 'false',
      QUEUE_PREFIX: 'bench-api',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const started = Date.now();
  while (Date.now() - started < 120_000) {
    if (child.exitCode !== null) throw new Error(`el servidor terminó al arrancar (código ${child.exitCode}); ver .var/${logName}`);
    const ready = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill();
  throw new Error(`el servidor no respondió en 2 minutos; ver .var/${logName}`);
}

/** Signs the bench account in; returns `mesa_session=…`. */
export async function signInBenchAccount(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(BENCH_ACCOUNT),
  });
  if (response.status !== 200) throw new Error(`no se pudo iniciar sesión: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('mesa_session='));
  if (!cookie) throw new Error('el inicio de sesión no devolvió la cookie mesa_session');
  return cookie.split(';')[0];
}
