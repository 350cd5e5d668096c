/**
 * npm run bench:api — the agents' API on 1 000 000 tickets.
 *
 * Builds (or reuses) the database `mesa_bench_api`: migrated, then filled by
 * generate-tickets.ts; reused as long as it holds the expected number of tickets.
 * Starts the real app (src/main.ts) on a free port in its own process, signs in
 * through POST /api/auth/login, and drives each request with 20 concurrent
 * connections (autocannon) for a fixed time after a warm-up. Reports p50/p95 per
 * request (target p95 < 50 ms), the CPU time each request costs the server, PostgreSQL
 * and the load generator (they share the machine's processors), and the database size.
 *
 * BENCH_TICKETS (default 1000000) and BENCH_SECONDS (default 15) change the size and
 * the time per request; another ticket count gets its own database.
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'fs';
import { loadavg } from 'os';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { SEARCH_RANKED_SQL, searchRankedParams } from '../../src/search/search.service';
import { buildTicketListQuery, TicketListFilter } from '../../src/tickets/ticket-list.query';
import { percentile } from '../statistics';
import { freePort, prepareBenchDatabase, signInBenchAccount, startBenchServer } from './bench-server';
import { RARE_WORD } from './spanish-corpus';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = 20;
const TARGET_P95_MS = 50;

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

/** CPU time per request, in ms, of the server process, of PostgreSQL's backends for it, and of this load generator. */
interface CpuPerRequest {
  server: number;
  database: number | null;
  loadGenerator: number;
}

interface Figures {
  name: string;
  cpu: CpuPerRequest | null;
  requests: number;
  p50: number;
  p95: number;
  max: number;
  perSecond: number;
  failures: number;
}

/** On Linux, CPU time (user + system, ms) of a process, from /proc; null elsewhere or once it is gone. */
function processCpuMs(pid: number): number | null {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return null;
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second on Linux).
    const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * Where the time of a request goes, which the latencies alone do not tell: on this two-core
 * machine the server, PostgreSQL and the load generator share the processors, so a request
 * waits for all three. PostgreSQL's share is read from the backends serving the bench database
 * (local server only).
 */
class CpuMeter {
  constructor(
    private readonly serverPid: number,
    private readonly db: Client,
    private readonly database: string,
  ) {}

  async sample(): Promise<{ server: number | null; database: number | null; loadGenerator: number }> {
    const backends = await this.db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [this.database]);
    const perBackend = backends.rows.map((r) => processCpuMs(r.pid));
    const readable = perBackend.filter((ms): ms is number => ms !== null);
    const usage = process.cpuUsage();
    return {
      server: processCpuMs(this.serverPid),
      // A backend that started during the run counts whole, which is right: all of its time was for the run.
      database: readable.length > 0 && readable.length === perBackend.length ? readable.reduce((a, b) => a + b, 0) : null,
      loadGenerator: (usage.user + usage.system) / 1000,
    };
  }
}

async function run(base: string, cookie: string, scenario: Scenario, seconds: number, meter?: CpuMeter): Promise<Figures> {
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
  const before = await meter?.sample();
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
  const after = await meter?.sample();
  const per = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || latencies.length === 0 ? null : (b - a) / latencies.length);
  const server = per(before?.server, after?.server);
  const loadGenerator = per(before?.loadGenerator, after?.loadGenerator);
  latencies.sort((a, b) => a - b);
  return {
    cpu: server === null || loadGenerator === null ? null : { server, database: per(before?.database, after?.database), loadGenerator },
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
  const databaseUrl = await prepareBenchDatabase(TICKETS);
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
  const server = await startBenchServer(databaseUrl, port, 'bench-api-server.log');
  const meterDb = new Client({ connectionString: databaseUrl, application_name: 'mesa-bench-meter' });
  await meterDb.connect();
  const meter = server.pid === undefined ? undefined : new CpuMeter(server.pid, meterDb, new URL(databaseUrl).pathname.slice(1));
  try {
    const cookie = await signInBenchAccount(base);
    const q = (text: string) => `/api/search?q=${encodeURIComponent(text)}`;
    const now = new Date();
    const list = (filter: Omit<TicketListFilter, 'sort' | 'limit'>) => buildTicketListQuery({ sort: 'due', limit: 50, ...filter }, now);
    const searchSql = (text: string) => ({ sql: SEARCH_RANKED_SQL, params: searchRankedParams(text, [], 20) });
    const scenarios: Scenario[] = [
      { name: 'piso: GET /api/auth/session (solo la sesión)', paths: ['/api/auth/session'], floor: true },
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
      const figures = await run(base, cookie, scenario, SECONDS, meter);
      results.push(figures);
      const verdict = scenario.floor ? '(referencia)' : figures.p95 < TARGET_P95_MS ? 'cumple' : `NO cumple (+${(figures.p95 - TARGET_P95_MS).toFixed(0)} ms)`;
      console.log(
        `${figures.name.padEnd(58)} p50 ${figures.p50.toFixed(1).padStart(6)} ms  p95 ${figures.p95.toFixed(1).padStart(6)} ms  ` +
          `máx ${figures.max.toFixed(0).padStart(5)} ms  ${figures.perSecond.toFixed(0).padStart(5)} sol/s  ${figures.requests} sol  ` +
          `${figures.failures ? `${figures.failures} FALLOS  ` : ''}${verdict}`,
      );
      if (figures.cpu) {
        const { server: app, database, loadGenerator } = figures.cpu;
        console.log(
          `${''.padEnd(58)} CPU por solicitud: servidor ${app.toFixed(2)} ms, PostgreSQL ${database === null ? '?' : database.toFixed(2)} ms, ` +
            `generador de carga ${loadGenerator.toFixed(2)} ms (2 núcleos: ${(2000 / (app + (database ?? 0) + loadGenerator)).toFixed(0)} sol/s como mucho)`,
        );
      }
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
    await meterDb.end().catch(() => undefined);
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
