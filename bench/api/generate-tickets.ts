/**
 * Fills the bench database with synthetic tickets, generated inside PostgreSQL with
 * generate_series and arrays of Spanish phrases (spanish-corpus.ts) and DIVIPOLA
 * entities. Why server-side SQL and not COPY: the `pg` client has no public API for
 * COPY ... FROM STDIN (that is what pg-copy-streams adds, and it is not installed);
 * an INSERT ... SELECT over generate_series is one statement per 100 000 rows with
 * no per-row round trips or parsing, which is as fast as COPY for data the server
 * can compute itself.
 *
 * To keep generation to minutes, the load runs with triggers off
 * (session_replication_role = replica: no FK checks, no NOTIFY per ticket, no search
 * trigger per row) and without the secondary indexes, which are dropped and rebuilt
 * from their own definitions afterwards; the search table is then filled set-based
 * with the migration's own ticket_search_rebuild(), the same code the triggers use.
 */
import { Client } from 'pg';
import { hashPassword } from '../../src/auth/password-hashing';
import divipola from '../../src/territory/divipola.json';
import {
  FIRST_NAMES,
  GREETINGS,
  LAST_NAMES,
  OFFICE_ROLES,
  PERSONAL_DOMAINS,
  PHRASES,
  RARE_PHRASE,
  RARE_SHARE,
  REPLY_PHRASES,
  SIGN_OFFS,
  slug,
  SUBJECTS,
} from './spanish-corpus';

export const QUEUES = ['planeacionterritorial@dnp.gov.co', 'kpt@dnp.gov.co'];
/** Tickets spread evenly over these dates (Bogotá midnight), oldest first, so ids follow arrival as they do in production. */
const START = new Date('2025-01-01T05:00:00Z');
const END = new Date('2026-11-26T05:00:00Z');
const YEAR_2026 = new Date('2026-01-01T05:00:00Z');
const CHUNK = 100_000;
const AGENTS = 12;

export interface BenchAccount {
  email: string;
  password: string;
}

export const BENCH_ACCOUNT: BenchAccount = { email: 'bench-api@dnp.gov.co', password: 'bench-api-contraseña-larga' };

const DISCLAIMER =
  'AVISO DE CONFIDENCIALIDAD: este mensaje y sus anexos son para uso exclusivo de su destinatario y pueden contener información ' +
  'reservada. Si usted lo recibió por error, por favor informe al remitente y elimínelo. La alcaldía no se hace responsable por opiniones personales.';

interface Municipality {
  code: string;
  name: string;
  departmentCode: string;
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  process.stdout.write(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return result;
}

/** Creates the benchmark accounts (argon2 hashes, as the users service makes them). Returns the agents' ids. */
async function createAccounts(db: Client): Promise<string[]> {
  const hash = await hashPassword(BENCH_ACCOUNT.password);
  await db.query(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'Bench API', 'agent', $2) ON CONFLICT (email) DO NOTHING`, [BENCH_ACCOUNT.email, hash]);
  const ids: string[] = [];
  for (let i = 1; i <= AGENTS; i++) {
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 7) % LAST_NAMES.length]}`;
    const row = await db.query<{ id: string }>(
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'agent', $3)
       ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [`agente${i}@dnp.gov.co`, name, hash],
    );
    ids.push(row.rows[0].id);
  }
  return ids;
}

/** Secondary indexes (not backing a constraint) of these tables, with their definitions, so they can be dropped and rebuilt. */
async function secondaryIndexes(db: Client, tables: string[]): Promise<Array<{ name: string; definition: string }>> {
  const result = await db.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = ANY (SELECT unnest($1::text[])::regclass)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  return result.rows;
}

function ticketsSql(): string {
  // $1 lo, $2 hi, $3 start, $4 seconds per ticket, $5 first id of 2026, $6 end, $7 subjects, $8 municipality codes,
  // $9 names, $10 department codes, $11 department names, $12 slugs, $13 department slugs, $14 first names,
  // $15 last names, $16 office roles, $17 personal domains, $18 agent ids
  return `
    INSERT INTO tickets (id, reference, subject, status, mailbox_address, queue_mailbox, reply_from, requester_address, requester_name,
                         received_at, created_at, updated_at, category, matched_rule, routing_score, routing_rules_version,
                         institutional_sender, entity_kind, entity_code, entity_name, entity_department_code, entity_department_name,
                         acknowledge, legal_kind, sla_clock_start, sla_first_response_due, sla_first_response_met,
                         sla_resolution_due, sla_resolution_met, sla_legal_due, sla_legal_met, sla_paused, sla_version,
                         sla_computed_at, sla_next_due, assignee_user_id, version)
    SELECT g,
           'MDA-' || yr || '-' || lpad((g - CASE WHEN yr = 2025 THEN 0 ELSE $5::bigint - 1 END)::text, 6, '0'),
           replace(replace(($7::text[])[1 + floor(r_subject * array_length($7::text[], 1))::int], '{m}', ($9::text[])[m]), '{d}', ($11::text[])[m]),
           status, queue, queue, queue,
           CASE WHEN institutional
                THEN ($16::text[])[1 + floor(r_role * array_length($16::text[], 1))::int] || '@' || ($12::text[])[m] || '-' || ($13::text[])[m] || '.gov.co'
                ELSE lower(translate(first_name || '.' || last_name, 'áéíóúñÁÉÍÓÚÑ', 'aeiounAEIOUN')) || (g % 97) || '@' || ($17::text[])[1 + floor(r_role * array_length($17::text[], 1))::int] END,
           CASE WHEN institutional AND r_role < 0.3 THEN 'Alcaldía de ' || ($9::text[])[m] ELSE first_name || ' ' || last_name END,
           received, received, received + interval '2 hours',
           category, category || '-rule', 3, 'bench', institutional,
           'municipality', ($8::text[])[m], ($9::text[])[m], ($10::text[])[m], ($11::text[])[m],
           true, 'petition', received,
           received + interval '1 day', CASE WHEN open THEN NULL ELSE r_met < 0.9 END,
           received + interval '5 days', CASE WHEN open THEN NULL ELSE r_met < 0.85 END,
           received + interval '15 days', CASE WHEN open THEN NULL ELSE r_met < 0.97 END,
           status = 'waiting', 1, received,
           CASE status WHEN 'new' THEN received + interval '1 day' WHEN 'open' THEN received + interval '5 days'
                       WHEN 'waiting' THEN received + interval '15 days' END,
           CASE WHEN open AND r_assign < 0.6 THEN ($18::bigint[])[1 + floor(r_assign / 0.6 * array_length($18::bigint[], 1))::int] END,
           1
      FROM (
        SELECT b.*, extract(year FROM received AT TIME ZONE 'America/Bogota')::int AS yr,
               status IN ('new', 'open', 'waiting') AS open
          FROM (
            SELECT g, received, m, r_subject, r_role, r_met, r_assign, institutional, queue, category, first_name, last_name,
                   CASE WHEN recent THEN (CASE WHEN r_status < 0.15 THEN 'new' WHEN r_status < 0.30 THEN 'open' WHEN r_status < 0.40 THEN 'waiting'
                                                WHEN r_status < 0.70 THEN 'resolved' ELSE 'closed' END)
                        ELSE (CASE WHEN r_status < 0.002 THEN 'new' WHEN r_status < 0.004 THEN 'open' WHEN r_status < 0.005 THEN 'waiting'
                                   WHEN r_status < 0.30 THEN 'resolved' ELSE 'closed' END) END AS status
              FROM (
                SELECT g, received, $6::timestamptz - received < interval '30 days' AS recent,
                       1 + floor(random() * array_length($8::text[], 1))::int AS m,
                       random() AS r_subject, random() AS r_role, random() AS r_met, random() AS r_assign, random() AS r_status,
                       random() < 0.65 AS institutional,
                       CASE WHEN random() < 0.7 THEN '${QUEUES[0]}' ELSE '${QUEUES[1]}' END AS queue,
                       (ARRAY['users', 'users', 'users', 'tech', 'tech', 'tech', 'formulation', 'formulation', 'formulation', 'unclassified'])[1 + floor(random() * 10)::int] AS category,
                       ($14::text[])[1 + floor(random() * array_length($14::text[], 1))::int] AS first_name,
                       ($15::text[])[1 + floor(random() * array_length($15::text[], 1))::int] AS last_name
                  FROM (SELECT g, $3::timestamptz + make_interval(secs => (g - 1 + random()) * $4) AS received
                          FROM generate_series($1::bigint, $2::bigint) AS g) AS dated
              ) AS drawn
          ) AS b
      ) AS s`;
}

function articlesSql(): string {
  // $1 lo, $2 hi, $3 greetings, $4 phrases, $5 reply phrases, $6 sign-offs, $7 rare phrase, $8 rare share, $9 disclaimer
  const pick = (param: string) => `(${param}::text[])[1 + floor(random() * array_length(${param}::text[], 1))::int]`;
  return `
    INSERT INTO articles (id, ticket_id, direction, message_id, from_address, from_name, subject, body_text, received_at, sent_at)
    SELECT (t.id - 1) * 3 + n, t.id,
           CASE WHEN n = 2 THEN 'outgoing' ELSE 'incoming' END,
           '<bench-' || t.id || '-' || n || '@bench.mesa>',
           CASE WHEN n = 2 THEN t.queue_mailbox ELSE t.requester_address END,
           CASE WHEN n = 2 THEN 'Mesa de Ayuda DNP' ELSE t.requester_name END,
           CASE WHEN n = 1 THEN t.subject ELSE 'RE: ' || t.subject END,
           replace(replace(
             CASE WHEN n = 2
                  THEN array_to_string(ARRAY['Señor(a) ' || t.requester_name || ':', ${pick('$5')}, ${pick('$5')},
                                             CASE WHEN random() < 0.5 THEN ${pick('$5')} END, 'Mesa de Ayuda - Dirección de Planeación Territorial'], E'\\n')
                  ELSE array_to_string(ARRAY[${pick('$3')}, ${pick('$4')}, ${pick('$4')},
                                             CASE WHEN n = 1 OR random() < 0.5 THEN ${pick('$4')} END,
                                             CASE WHEN n = 1 AND random() < 0.6 THEN ${pick('$4')} END,
                                             CASE WHEN random() < $8 THEN $7 END,
                                             ${pick('$6')}, t.requester_name,
                                             CASE WHEN t.institutional_sender AND random() < 0.5 THEN $9 END], E'\\n') END,
             '{m}', t.entity_name), '{d}', t.entity_department_name),
           t.received_at + make_interval(hours => (n - 1) * 20),
           t.received_at + make_interval(hours => (n - 1) * 20)
      FROM tickets t
     CROSS JOIN generate_series(1, 3) AS n
     WHERE t.id BETWEEN $1 AND $2
       -- Every ticket has the request; about half got an answer (n = 2); a fifth of those a follow-up (n = 3).
       AND (n = 1 OR (n = 2 AND (t.id * 7919) % 100 < 55) OR (n = 3 AND (t.id * 7919) % 100 < 11))`;
}

/** Generates `count` tickets into an empty, migrated database. Returns the seconds it took. */
export async function generateTickets(databaseUrl: string, count: number): Promise<number> {
  const started = Date.now();
  const municipalities = (divipola as { municipalities: Municipality[] }).municipalities;
  const departments = new Map((divipola as { departments: Array<{ code: string; name: string }> }).departments.map((d) => [d.code, d.name]));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const agents = await createAccounts(db);
    // Triggers (FK checks included) off for the bulk load; rebuilt state is computed set-based below.
    await db.query(`SET session_replication_role = replica`);
    await db.query(`SET maintenance_work_mem = '512MB'`);
    await db.query(`SELECT setseed(0.20241127)`);
    const indexes = await secondaryIndexes(db, ['tickets', 'articles', 'ticket_search']);
    for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);

    const secondsPerTicket = (END.getTime() - START.getTime()) / 1000 / count;
    const first2026 = Math.floor((YEAR_2026.getTime() - START.getTime()) / 1000 / secondsPerTicket) + 1;
    const muniParams = [
      municipalities.map((m) => m.code),
      municipalities.map((m) => m.name),
      municipalities.map((m) => m.departmentCode),
      municipalities.map((m) => departments.get(m.departmentCode) ?? ''),
      municipalities.map((m) => slug(m.name)),
      municipalities.map((m) => slug(departments.get(m.departmentCode) ?? '')),
    ];
    await timed(`${count.toLocaleString('es-CO')} tickets and their articles`, async () => {
      for (let lo = 1; lo <= count; lo += CHUNK) {
        const hi = Math.min(count, lo + CHUNK - 1);
        await db.query(ticketsSql(), [lo, hi, START.toISOString(), secondsPerTicket, first2026, END.toISOString(), SUBJECTS, ...muniParams, FIRST_NAMES, LAST_NAMES, OFFICE_ROLES, PERSONAL_DOMAINS, agents]);
        await db.query(articlesSql(), [lo, hi, GREETINGS, PHRASES, REPLY_PHRASES, SIGN_OFFS, RARE_PHRASE, RARE_SHARE, DISCLAIMER]);
        process.stdout.write(`    ${hi.toLocaleString('es-CO')} / ${count.toLocaleString('es-CO')}\r`);
      }
      process.stdout.write('\n');
    });
    await db.query(`SELECT setval('tickets_id_seq', (SELECT max(id) FROM tickets)), setval('articles_id_seq', (SELECT max(id) FROM articles))`);
    await db.query(`
      INSERT INTO ticket_reference_counters (year, last_value)
      SELECT substr(reference, 5, 4)::int, max(substr(reference, 10)::int) FROM tickets GROUP BY 1
      ON CONFLICT (year) DO UPDATE SET last_value = EXCLUDED.last_value`);

    const tableIndexes = indexes.filter((i) => !i.definition.includes(' ON public.ticket_search '));
    await timed('tickets and articles indexes', async () => {
      for (const index of tableIndexes) await db.query(index.definition);
    });
    await timed('search index data (ticket_search_rebuild, 2 connections)', () => rebuildSearch(databaseUrl, count));
    await timed('search indexes (GIN)', async () => {
      for (const index of indexes.filter((i) => !tableIndexes.includes(i))) await db.query(index.definition);
    });
    await db.query(`RESET session_replication_role`);
    await timed('VACUUM ANALYZE', async () => {
      for (const table of ['tickets', 'articles', 'ticket_search', 'users']) await db.query(`VACUUM (ANALYZE) ${table}`);
    });
  } finally {
    await db.end();
  }
  return (Date.now() - started) / 1000;
}

/** ticket_search rows for every ticket, in id ranges shared by two connections (the machine has two cores). */
async function rebuildSearch(databaseUrl: string, count: number): Promise<void> {
  let next = 1;
  const step = 20_000;
  const worker = async () => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(`SET session_replication_role = replica`);
      for (let lo = next; lo <= count; lo = next) {
        next = lo + step;
        await db.query(`SELECT ticket_search_rebuild(ARRAY(SELECT id FROM tickets WHERE id BETWEEN $1 AND $2))`, [lo, lo + step - 1]);
      }
    } finally {
      await db.end();
    }
  };
  await Promise.all([worker(), worker()]);
}
