/**
 * npm run bench:api — the agents' API on 1 000 000 tickets.
 *
 * Builds (or reuses) the database `mesa_bench_api`: migrated, then filled by
 * generate-tickets.ts; reused as long as it holds the expected number of tickets.
 * Starts the real app (src/main.ts) on a free port in its own process, signs in
 * through POST /api/auth/login, and drives each request with 20 concurrent
 * connections (autocannon) for a fixed time after a warm-up. Reports p50/p95 per
 * request (target p95 < 50 ms) and the database size.
 *
 * BENCH_TICKETS (default 1000000) and BENCH_SECONDS (default 15) change the size and
 * the time per request; another ticket count gets its own database.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'child_process';
import { createWriteStream } from 'fs';
import { createServer } from 'net';
import { loadavg } from 'os';
import { join } from 'path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { ensureDatabaseExists } from '../../src/database/data-source-options';
import { migrateDatabase } from '../../src/database/migrate';
import { SEARCH_HITS_SQL, searchHitsParams } from '../../src/search/search.service';
import { buildTicketListQuery, TicketListFilter } from '../../src/tickets/ticket-list.query';
import { BENCH_ACCOUNT, generateTickets } from './generate-tickets';
import { RARE_WORD } from './spanish-corpus';

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = 20;
const TARGET_P95_MS = 50;
const ROOT = join(__dirname, '..', '..');

interface Scenario {
  name: string;
  /** Fixed path, or one per request (ticket detail cycles through many tickets). */
  paths: string[];
  /** The statement behind it, EXPLAINed when the target is missed. */
  explain?: { sql: string; params: unknown[] };
  /** Only for reading the others: the cost of any signed-in request on this machine, no target. */
  floor?: boolean;
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');

/** The plan's scans and its timings, from a second run (the first warms caches). */
async function explain(db: Client, sql: string, params: unknown[]): Promise<string> {
  await db.query(`EXPLAIN (ANALYZE) ${sql}`, params);
  const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  return rows.rows
    .map((r) => r['QUERY PLAN'])
    .filter((line) => / Scan |Planning Time|Execution Time|Rows Removed by Filter/.test(line))
    .map((line) => `      ${line.trim().replace(/^-> +/, '').replace(/ +\(cost=[^)]*\)/, '')}`)
    .join('\n');
}

interface Figures {
  name: string;
  requests: number;
  p50: number;
  p95: number;
  max: number;
  perSecond: number;
  failures: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

async function freePort(): Promise<number> {
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

/** The database, generated when it does not hold exactly the expected tickets yet. */
async function prepareDatabase(): Promise<string> {
  const name = TICKETS === 1_000_000 ? 'mesa_bench_api' : `mesa_bench_api_${TICKETS}`;
  const url = `${SERVER_URL}/${name}`;
  await ensureDatabaseExists(url);
  await migrateDatabase(url);
  const db = new Client({ connectionString: url });
  await db.connect();
  const counts = await db.query<{ tickets: number; indexed: number }>(
    `SELECT (SELECT count(*) FROM tickets)::int AS tickets, (SELECT count(*) FROM ticket_search)::int AS indexed`,
  );
  await db.end();
  const { tickets, indexed } = counts.rows[0];
  if (tickets === TICKETS && indexed === TICKETS) {
    console.log(`Base ${name}: reutilizada (${tickets.toLocaleString('es-CO')} tickets ya generados).`);
    return url;
  }
  if (tickets > 0) {
    console.log(`Base ${name}: tiene ${tickets} tickets (se esperaban ${TICKETS}); se crea de nuevo.`);
    const admin = new Client({ connectionString: `${SERVER_URL}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
    await ensureDatabaseExists(url);
    await migrateDatabase(url);
  }
  console.log(`Base ${name}: generando ${TICKETS.toLocaleString('es-CO')} tickets…`);
  const seconds = await generateTickets(url, TICKETS);
  console.log(`Generación completa en ${(seconds / 60).toFixed(1)} min (${seconds.toFixed(0)} s).`);
  return url;
}

/** src/main.ts in its own process, as deployed: the load generator must not share its event loop. */
async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const log = createWriteStream(join(ROOT, '.var', 'bench-api-server.log'), { flags: 'w' });
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
    if (child.exitCode !== null) throw new Error(`el servidor terminó al arrancar (código ${child.exitCode}); ver .var/bench-api-server.log`);
    const ready = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill();
  throw new Error('el servidor no respondió en 2 minutos; ver .var/bench-api-server.log');
}

async function signIn(base: string): Promise<string> {
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

async function run(base: string, cookie: string, scenario: Scenario, seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const options: autocannon.Options = {
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    headers: { cookie, accept: 'application/json' },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: scenario.paths[next++ % scenario.paths.length] }),
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode !== 200) failures++;
    });
    instance.on('reqError', () => {
      failures++;
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    name: scenario.name,
    requests: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies[latencies.length - 1] ?? NaN,
    perSecond: result.requests.average,
    failures: failures + result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const databaseUrl = await prepareDatabase();
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const size = await db.query<{ size: string; bytes: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size, pg_database_size(current_database()) AS bytes`);
  const sample = await db.query<{ reference: string }>(`SELECT reference FROM tickets TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 2000`);
  const frequency = await db.query<{ common: number; contrasena: number; rare: number; open: number }>(
    `SELECT (SELECT count(*) FROM ticket_search WHERE doc @@ websearch_to_tsquery('es_unaccent', 'plan'))::int AS common,
            (SELECT count(*) FROM ticket_search WHERE doc @@ websearch_to_tsquery('es_unaccent', 'contraseña'))::int AS contrasena,
            (SELECT count(*) FROM ticket_search WHERE doc @@ websearch_to_tsquery('es_unaccent', $1))::int AS rare,
            (SELECT count(*) FROM tickets WHERE status IN ('new', 'open', 'waiting'))::int AS open`,
    [RARE_WORD],
  );
  await db.end();
  const { common, contrasena, rare, open } = frequency.rows[0];
  console.log(`Tamaño de la base: ${size.rows[0].size} (${Number(size.rows[0].bytes).toLocaleString('es-CO')} bytes)`);
  console.log(`Tickets abiertos: ${open.toLocaleString('es-CO')}; "plan" en ${common.toLocaleString('es-CO')} tickets, "contraseña" en ${contrasena.toLocaleString('es-CO')}, "${RARE_WORD}" en ${rare}.`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(databaseUrl, port);
  try {
    const cookie = await signIn(base);
    const q = (text: string) => `/api/search?q=${encodeURIComponent(text)}`;
    const now = new Date();
    const list = (filter: Omit<TicketListFilter, 'sort' | 'limit'>) => buildTicketListQuery({ sort: 'due', limit: 50, ...filter }, now);
    const searchSql = (text: string) => ({ sql: SEARCH_HITS_SQL, params: searchHitsParams(text, [], 20) });
    const scenarios: Scenario[] = [
      { name: 'piso: GET /api/auth/session (sesión, 1 consulta)', paths: ['/api/auth/session'], floor: true },
      { name: 'GET /api/tickets (cola por defecto)', paths: ['/api/tickets'], explain: list({}) },
      { name: 'GET /api/tickets?category=users&status=open', paths: ['/api/tickets?category=users&status=open'], explain: list({ category: 'users', statuses: ['open'] }) },
      { name: 'GET /api/search?q=plan (muy común)', paths: [q('plan')], explain: searchSql('plan') },
      { name: 'GET /api/search?q=contraseña (común)', paths: [q('contraseña')], explain: searchSql('contraseña') },
      { name: `GET /api/search?q=${RARE_WORD} (rara)`, paths: [q(RARE_WORD)], explain: searchSql(RARE_WORD) },
      { name: 'GET /api/tickets/:reference (detalle, 2000 tickets)', paths: sample.rows.map((r) => `/api/tickets/${r.reference}`) },
    ];
    // Every path answers before measuring: a 4xx would measure the error path, not the work.
    for (const scenario of scenarios) {
      const check = await fetch(`${base}${scenario.paths[0]}`, { headers: { cookie } });
      if (check.status !== 200) throw new Error(`${scenario.name}: respondió ${check.status} ${(await check.text()).slice(0, 300)}`);
    }
    console.log(`\n${CONNECTIONS} conexiones concurrentes, ${SECONDS} s por solicitud tras 3 s de calentamiento; objetivo p95 < ${TARGET_P95_MS} ms`);
    console.log(`Carga de la máquina (1/5/15 min) al empezar: ${load()}\n`);
    const results: Figures[] = [];
    for (const scenario of scenarios) {
      await run(base, cookie, scenario, 3);
      const figures = await run(base, cookie, scenario, SECONDS);
      results.push(figures);
      const verdict = scenario.floor ? '(referencia)' : figures.p95 < TARGET_P95_MS ? 'cumple' : `NO cumple (+${(figures.p95 - TARGET_P95_MS).toFixed(0)} ms)`;
      console.log(
        `${figures.name.padEnd(58)} p50 ${figures.p50.toFixed(1).padStart(6)} ms  p95 ${figures.p95.toFixed(1).padStart(6)} ms  ` +
          `máx ${figures.max.toFixed(0).padStart(5)} ms  ${figures.perSecond.toFixed(0).padStart(5)} sol/s  ${figures.requests} sol  ` +
          `${figures.failures ? `${figures.failures} FALLOS  ` : ''}${verdict}`,
      );
    }
    console.log(`\nCarga de la máquina (1/5/15 min) al terminar: ${load()}`);
    const missed = scenarios.filter((scenario, i) => !scenario.floor && (results[i].p95 >= TARGET_P95_MS || results[i].failures > 0));
    const measured = scenarios.filter((scenario) => !scenario.floor).length;
    console.log(missed.length ? `${missed.length} de ${measured} solicitudes no cumplen el objetivo.` : `Todas las solicitudes cumplen p95 < ${TARGET_P95_MS} ms.`);
    // What the database does for each missed request, alone (no concurrency): tells query cost from contention.
    const plans = missed.filter((scenario) => scenario.explain);
    if (plans.length) {
      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        for (const scenario of plans) {
          console.log(`\n  EXPLAIN ANALYZE — ${scenario.name}:\n${await explain(db, scenario.explain!.sql, scenario.explain!.params)}`);
        }
      } finally {
        await db.end();
      }
    }
  } finally {
    server.kill('SIGTERM');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
