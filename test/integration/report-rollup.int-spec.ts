import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { ReportsService } from '../../src/reports/reports.service';
import type { ReportFilters, ReportGrouping, ReportName } from '../../src/reports/report.types';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig } from '../support/test-app';
import { mulberry32 } from '../support/seeded-random';

jest.setTimeout(180000);

const MAILBOXES = ['planeacionterritorial@dnp.gov.co', 'kpt@dnp.gov.co'];
const CATEGORIES = ['users', 'tech', 'formulation', 'unclassified'];
const RULES = [null, 'users.password', 'tech.error', 'formulation.plan'];
const DEPARTMENTS = [null, '05', '11', '15'];
const MET = [null, true, false];


/**
 * What report_daily must hold, computed straight from the tickets (written here apart from the
 * migration's trigger SQL on purpose): per Bogotá day and dimensions, tickets received and the
 * outcome of their clocks on the day of receipt, tickets resolved on the day of resolution.
 */
const EXPECTED_ROLLUP = `
  WITH t AS (
    SELECT tk.*, CASE WHEN tk.routing_rules_version IS NULL THEN ''
                      ELSE COALESCE((SELECT c.from_category FROM ticket_category_changes c WHERE c.ticket_id = tk.id ORDER BY c.changed_at, c.id LIMIT 1), tk.category) END AS routed
      FROM tickets tk WHERE tk.merged_into_ticket_id IS NULL),
  c AS (
    SELECT (received_at AT TIME ZONE 'America/Bogota')::date AS day, queue_mailbox, category, routed, COALESCE(matched_rule, '') AS rule,
           COALESCE(assignee_user_id, 0) AS agent, COALESCE(entity_department_code, '') AS dept, 1 AS received, 0 AS resolved,
           CASE WHEN sla_first_response_met THEN 1 ELSE 0 END AS frm, CASE WHEN NOT sla_first_response_met THEN 1 ELSE 0 END AS frx,
           CASE WHEN sla_resolution_met THEN 1 ELSE 0 END AS rem, CASE WHEN NOT sla_resolution_met THEN 1 ELSE 0 END AS rex,
           CASE WHEN sla_legal_met THEN 1 ELSE 0 END AS lem, CASE WHEN NOT sla_legal_met THEN 1 ELSE 0 END AS lex
      FROM t
    UNION ALL
    SELECT (sla_resolved_at AT TIME ZONE 'America/Bogota')::date, queue_mailbox, category, routed, COALESCE(matched_rule, ''),
           COALESCE(assignee_user_id, 0), COALESCE(entity_department_code, ''), 0, 1, 0, 0, 0, 0, 0, 0
      FROM t WHERE sla_resolved_at IS NOT NULL)
  SELECT day::text, queue_mailbox, category, routed, rule, agent::text, dept,
         sum(received)::int, sum(resolved)::int, sum(frm)::int, sum(frx)::int, sum(rem)::int, sum(rex)::int, sum(lem)::int, sum(lex)::int
    FROM c GROUP BY 1, 2, 3, 4, 5, 6, 7`;

const STORED_ROLLUP = `
  SELECT day::text, queue_mailbox, category, routed_category, matched_rule, assignee_user_id::text, department_code,
         received, resolved, first_response_met, first_response_missed, resolution_met, resolution_missed, legal_met, legal_missed
    FROM report_daily
   WHERE received <> 0 OR resolved <> 0 OR first_response_met <> 0 OR first_response_missed <> 0
      OR resolution_met <> 0 OR resolution_missed <> 0 OR legal_met <> 0 OR legal_missed <> 0`;

describe('report_daily stays equal to the raw tickets under random changes', () => {
  let app: INestApplication;
  let db: Client;
  let databaseUrl: string;
  let reports: ReportsService;
  const agents: string[] = [];
  const next = mulberry32(20241127);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  let sequence = 0;

  /** A random instant of Q1 2024; often near a Bogotá midnight, where the UTC day differs. */
  const instant = () => {
    const day = Date.UTC(2024, 0, 1) + Math.floor(next() * 91) * 86_400_000;
    const minute = next() < 0.3 ? 23 * 60 + 30 + Math.floor(next() * 60) - 30 : Math.floor(next() * 1440);
    return new Date(day + 5 * 3_600_000 + minute * 60_000).toISOString();
  };

  async function insertTickets(count: number): Promise<void> {
    const rows = Array.from({ length: count }, () => {
      const received = instant();
      const resolved = next() < 0.6 ? new Date(new Date(received).getTime() + Math.floor(next() * 10 * 86_400_000)).toISOString() : null;
      return {
        reference: `RND-${++sequence}`,
        mailbox: pick(MAILBOXES),
        category: pick(CATEGORIES),
        rule: pick(RULES),
        version: next() < 0.9 ? 'v1' : null,
        received,
        resolved,
        agent: next() < 0.7 ? pick(agents) : null,
        dept: pick(DEPARTMENTS),
        fr: pick(MET),
        re: pick(MET),
        le: pick(MET),
      };
    });
    await db.query(
      `INSERT INTO tickets (reference, subject, mailbox_address, queue_mailbox, reply_from, category, matched_rule, routing_rules_version, received_at,
                            sla_resolved_at, assignee_user_id, entity_department_code, entity_code, sla_first_response_met, sla_resolution_met, sla_legal_met)
       SELECT r.reference, 'Aleatorio', r.mailbox, r.mailbox, r.mailbox, r.category, r.rule, r.version, r.received, r.resolved, r.agent, r.dept,
              CASE WHEN r.dept IS NULL THEN NULL ELSE r.dept || '001' END, r.fr, r.re, r.le
         FROM jsonb_to_recordset($1::jsonb) AS r(reference text, mailbox text, category text, rule text, version text, received timestamptz,
              resolved timestamptz, agent bigint, dept text, fr boolean, re boolean, le boolean)`,
      [JSON.stringify(rows)],
    );
  }

  async function ticketIds(share: number): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(`SELECT id::text FROM tickets ORDER BY id`);
    return rows.filter(() => next() < share).map((r) => r.id);
  }

  /** One random change, as the application (or an operator) could make it. */
  async function mutate(): Promise<string> {
    const ids = await ticketIds(0.15);
    if (ids.length === 0) return 'nada';
    const kind = Math.floor(next() * 9);
    switch (kind) {
      case 0:
        // recomputeSla: clocks stop or run, outcomes change.
        await db.query(
          `UPDATE tickets SET sla_first_response_met = (ARRAY[NULL, true, false])[1 + (id % 3)], sla_resolution_met = (ARRAY[NULL, true, false])[1 + ((id + $2) % 3)],
                  sla_resolved_at = CASE WHEN (id + $2) % 4 = 0 THEN NULL ELSE received_at + make_interval(hours => ((id * $2) % 200)::int) END,
                  version = version + 1
            WHERE id = ANY($1::bigint[])`,
          [ids, Math.floor(next() * 1000)],
        );
        return 'relojes';
      case 1:
        await db.query(`UPDATE tickets SET assignee_user_id = $2, entity_department_code = $3 WHERE id = ANY($1::bigint[])`, [ids, next() < 0.2 ? null : pick(agents), pick(DEPARTMENTS)]);
        return 'asignación';
      case 2:
        // The cutover: one statement moves many tickets between queues.
        await db.query(`UPDATE tickets SET queue_mailbox = $2, reply_from = $2, version = version + 1 WHERE id = ANY($1::bigint[])`, [ids, pick(MAILBOXES)]);
        return 'cola';
      case 3: {
        // A recategorization as the triage service writes it: the change first, then the category.
        const category = pick(CATEGORIES);
        await db.query('BEGIN');
        await db.query(
          `INSERT INTO ticket_category_changes (ticket_id, from_category, to_category, matched_rule, changed_by)
           SELECT id, category, $2, matched_rule, 'prueba' FROM tickets WHERE id = ANY($1::bigint[]) AND category <> $2`,
          [ids, category],
        );
        await db.query(`UPDATE tickets SET category = $2 WHERE id = ANY($1::bigint[])`, [ids, category]);
        await db.query('COMMIT');
        return 'recategorización';
      }
      case 4: {
        // The same, written in the other order: the category first, then the change.
        const category = pick(CATEGORIES);
        await db.query('BEGIN');
        const { rows } = await db.query<{ id: string; before: string }>(
          `UPDATE tickets t SET category = $2 FROM (SELECT id, category FROM tickets WHERE id = ANY($1::bigint[]) FOR UPDATE) b
            WHERE t.id = b.id AND b.category <> $2 RETURNING t.id::text, b.category AS before`,
          [ids, category],
        );
        for (const row of rows) {
          await db.query(`INSERT INTO ticket_category_changes (ticket_id, from_category, to_category, changed_by) VALUES ($1, $2, $3, 'prueba')`, [row.id, row.before, category]);
        }
        await db.query('COMMIT');
        return 'recategorización al revés';
      }
      case 5: {
        // Merges (and, rarely, an operator undoing one).
        const [survivor, ...merged] = ids;
        if (next() < 0.2) await db.query(`UPDATE tickets SET merged_into_ticket_id = NULL, merged_at = NULL WHERE id = ANY($1::bigint[])`, [merged]);
        else await db.query(`UPDATE tickets SET merged_into_ticket_id = $2, merged_at = now() WHERE id = ANY($1::bigint[]) AND id <> $2`, [merged, survivor]);
        return 'fusión';
      }
      case 6:
        await db.query(`DELETE FROM tickets WHERE id = ANY($1::bigint[]) AND id NOT IN (SELECT merged_into_ticket_id FROM tickets WHERE merged_into_ticket_id IS NOT NULL)`, [ids.slice(0, 3)]);
        return 'borrado';
      case 7:
        // A change rolled back leaves nothing behind.
        await db.query('BEGIN');
        await db.query(`UPDATE tickets SET category = 'tech', sla_legal_met = false, received_at = received_at - interval '3 days' WHERE id = ANY($1::bigint[])`, [ids]);
        await db.query('ROLLBACK');
        return 'cambio deshecho';
      default:
        await insertTickets(1 + Math.floor(next() * 40));
        return 'tickets nuevos';
    }
  }

  async function expectRollupEqualsTickets(context: string): Promise<void> {
    const expected = (await db.query({ text: EXPECTED_ROLLUP, rowMode: 'array' })).rows.map((r: unknown[]) => JSON.stringify(r)).sort();
    const stored = (await db.query({ text: STORED_ROLLUP, rowMode: 'array' })).rows.map((r: unknown[]) => JSON.stringify(r)).sort();
    expect({ context, missing: expected.filter((r) => !stored.includes(r)), extra: stored.filter((r) => !expected.includes(r)) }).toEqual({ context, missing: [], extra: [] });
  }

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('report_rollup');
    db = await connectTestDatabase(databaseUrl);
    for (const name of ['uno', 'dos', 'tres']) {
      const { rows } = await db.query<{ id: string }>(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'agent', 'x') RETURNING id::text`, [
        `agente.${name}@dnp.gov.co`,
        `Agente ${name}`,
      ]);
      agents.push(rows[0].id);
    }
    app = await startTestApp(
      testConfig(databaseUrl, { kpt: 'rollup-unused-kpt', planeacion: 'rollup-unused-pt' }, { INTAKE_ENABLED: 'false', OUTBOUND_ENABLED: 'false', JOBS_ENABLED: 'false' }),
    );
    reports = app.get(ReportsService);
    await insertTickets(400);
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  it('after every one of 60 random changes', async () => {
    await expectRollupEqualsTickets('carga inicial');
    for (let round = 1; round <= 60; round++) {
      const change = await mutate();
      await expectRollupEqualsTickets(`cambio ${round}: ${change}`);
    }
  });

  it('under concurrent writers touching the same rollup rows', async () => {
    const { rows } = await db.query<{ id: string }>(`SELECT id::text FROM tickets WHERE merged_into_ticket_id IS NULL ORDER BY id`);
    const clients = await Promise.all([0, 1, 2, 3].map(() => connectTestDatabase(databaseUrl)));
    try {
      // Each writer owns its tickets (no waits on ticket rows); the rollup rows they share are the contention.
      await Promise.all(
        clients.map(async (client, w) => {
          const own = rows.filter((_, i) => i % clients.length === w).map((r) => r.id);
          for (let i = 0; i < 15; i++) {
            const batch = own.filter((_, j) => (j + i) % 5 === 0);
            await client.query(`UPDATE tickets SET sla_resolution_met = NOT COALESCE(sla_resolution_met, false), assignee_user_id = $2 WHERE id = ANY($1::bigint[])`, [
              batch,
              agents[(i + w) % agents.length],
            ]);
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    await expectRollupEqualsTickets('escritores concurrentes');
  });

  it('gives the same report figures from the rollup and from the tickets, for random filters', async () => {
    const groupings: ReportGrouping[] = ['day', 'week', 'month', 'category', 'mailbox', 'agent', 'department'];
    for (let i = 0; i < 40; i++) {
      const days = [0, 1].map(() => `2024-0${1 + Math.floor(next() * 4)}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`).sort();
      const filters: ReportFilters = { from: days[0], to: days[1], groupBy: pick(groupings) };
      if (next() < 0.3) filters.mailbox = pick(MAILBOXES);
      if (next() < 0.3) filters.category = pick(['users', 'tech', 'formulation', 'unclassified'] as const);
      if (next() < 0.3) filters.agentId = next() < 0.2 ? 'unassigned' : pick(agents);
      if (next() < 0.3) filters.department = pick(['05', '11', '15', 'none']);
      const name = pick<ReportName>(['compliance', 'volume', 'routing']);
      const rollup = await reports.report(name, filters, { source: 'rollup' });
      const raw = await reports.report(name, filters, { source: 'raw' });
      expect({ name, filters, headline: raw.headline, tables: raw.tables }).toEqual({ name, filters, headline: rollup.headline, tables: rollup.tables });
    }
  });

  it('report_daily_rebuild() writes back the same table', async () => {
    const before = (await db.query({ text: STORED_ROLLUP, rowMode: 'array' })).rows.map((r: unknown[]) => JSON.stringify(r)).sort();
    await db.query(`SELECT report_daily_rebuild()`);
    const after = (await db.query({ text: STORED_ROLLUP, rowMode: 'array' })).rows.map((r: unknown[]) => JSON.stringify(r)).sort();
    expect(after).toEqual(before);
  });
});
