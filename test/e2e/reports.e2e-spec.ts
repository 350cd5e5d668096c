import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { countRoutingOutcomes } from '../../src/admin/routing-outcomes.query';
import { SYSTEM_ACTOR } from '../../src/auth/auth.types';
import { CutoverService } from '../../src/cutover/cutover.service';
import { ReportsService, ReportTicketsPage } from '../../src/reports/reports.service';
import type { ReportFilters, ReportHeadline, ReportName, ReportResult, ReportRow, ReportTable } from '../../src/reports/report.types';
import { SlaAlertsService } from '../../src/sla/sla-alerts.service';
import { SlaService } from '../../src/sla/sla.service';
import type { SlaEvent } from '../../src/sla/sla.types';
import { signIn, TestSession } from '../support/auth-session';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig } from '../support/test-app';

jest.setTimeout(180000);

const KPT = 'kpt@dnp.gov.co';
const PT = 'planeacionterritorial@dnp.gov.co';
/** "Now" for the clocks and the backlog: Wednesday after Holy Week 2024, noon. */
const NOW = new Date('2024-04-03T12:00:00-05:00');
const Q1: ReportFilters = { from: '2024-01-01', to: '2024-03-31' };

type Category = 'users' | 'tech' | 'formulation' | 'unclassified';

interface TicketSpec {
  /** Category routing gave it (what it is inserted with); agents may change it later. */
  category: Category;
  rule: string | null;
  /** Routing decided it (a rules version stored); false for tickets from before routing. */
  routed?: boolean;
  mailbox?: string;
  queue?: string;
  received: string;
  status: 'new' | 'open' | 'waiting' | 'resolved' | 'closed';
  entity: string | null;
  agent: 'A' | 'B' | null;
  events: Array<[SlaEvent['kind'], string]>;
}

const at = (local: string) => `${local}:00-05:00`;

/**
 * The hand-computed dataset. Calendar: 08:00–16:00 Monday to Friday, Colombian holidays
 * (2024-01-01, Reyes Magos 2024-01-08, San José 2024-03-25, Holy Thursday and Friday
 * 2024-03-28/29). Targets in business hours (first response / resolution): users 4/8,
 * tech 4/24, formulation and unclassified 8/40; legal term 15 días hábiles. Minutes are
 * business minutes the clock ran (FR: to the first answer; RES: to the resolution, pauses
 * out). ✓ met, ✗ missed, · no outcome yet at NOW.
 */
const TICKETS: Record<string, TicketSpec> = {
  // Jan 9 09:00 → answered 11:00 (FR 120 ✓), resolved 15:00 (RES 360 ✓).
  T01: { category: 'users', rule: 'users.password', received: '2024-01-09T09:00', status: 'resolved', entity: '05001', agent: 'A', events: [['answered', '2024-01-09T11:00'], ['resolved', '2024-01-09T15:00']] },
  // Friday Jan 5 15:00; Monday Jan 8 is Reyes Magos. FR: 60 Friday + 120 Tuesday = 180 ✓.
  // RES: 60 + 420 = 480, exactly the target: due Tuesday 15:00 (Monday 15:00 without the holiday) ✓.
  T02: { category: 'users', rule: 'users.password', received: '2024-01-05T15:00', status: 'closed', entity: '11001', agent: 'A', events: [['answered', '2024-01-09T10:00'], ['resolved', '2024-01-09T15:00']] },
  // FR 10:00→15:00 = 300 > 240 ✗. RES Wed 360 + Thu 480 + Fri 120 = 960 ≤ 1440 ✓.
  T03: { category: 'tech', rule: 'tech.error', received: '2024-01-10T10:00', status: 'closed', entity: '05001', agent: 'B', events: [['answered', '2024-01-10T15:00'], ['resolved', '2024-01-12T10:00']] },
  // Waiting for the entity Jan 11 10:00 → Jan 16 09:00 does not count: RES 60 + 420 + 480 + 360 = 1320 ≤ 1440 ✓
  // (without the pause it would be far over). FR 60 ✓.
  T04: {
    category: 'tech',
    rule: 'tech.error',
    received: '2024-01-11T09:00',
    status: 'resolved',
    entity: '15001',
    agent: 'B',
    events: [['answered', '2024-01-11T10:00'], ['waiting', '2024-01-11T10:00'], ['resumed', '2024-01-16T09:00'], ['resolved', '2024-01-18T14:00']],
  },
  // FR Mon 08:30→16:00 450 + Tue 60 = 510 > 480 ✗. RES 450 + 4×480 + 240 = 2610 > 2400 ✗. Legal ✓.
  T05: { category: 'formulation', rule: 'formulation.plan', received: '2024-01-15T08:30', status: 'closed', entity: '11001', agent: 'A', events: [['answered', '2024-01-16T09:00'], ['resolved', '2024-01-22T12:00']] },
  // Routing left it unclassified; an agent moves it to users (targets 4/8). FR 120 ✓, RES 240 ✓.
  T06: { category: 'unclassified', rule: null, received: '2024-01-17T11:00', status: 'closed', entity: null, agent: null, events: [['answered', '2024-01-17T13:00'], ['resolved', '2024-01-17T15:00']] },
  // kpt@, still in kpt@'s queue at the cutover (resolved, not closed): moved. FR 60 ✓. RES: 420 + 6×480
  // (Jan 24–31) + 480 (Feb 1) + 120 = 3900 > 480 ✗ (the KPT cap at Jan 31 is later than the 8 h target). Legal ✓.
  T07: { category: 'users', rule: 'users.password', mailbox: KPT, queue: KPT, received: '2024-01-23T09:00', status: 'resolved', entity: '05001', agent: 'A', events: [['answered', '2024-01-23T10:00'], ['resolved', '2024-02-02T10:00']] },
  // kpt@, closed before the cutover: not moved. FR 30 ✓, RES 60 ✓.
  T08: { category: 'users', rule: 'users.password', mailbox: KPT, queue: KPT, received: '2024-01-10T09:00', status: 'closed', entity: '05001', agent: 'A', events: [['answered', '2024-01-10T09:30'], ['resolved', '2024-01-10T10:00']] },
  // kpt@, never answered, moved at the cutover. At NOW: FR ✗ (due Jan 29 14:00), RES ✗ (capped at the KPT
  // deadline, Jan 31 16:00), legal ✗ (15 días hábiles from Jan 30: due Feb 19 16:00). No minutes.
  T09: { category: 'tech', rule: 'tech.error', mailbox: KPT, queue: KPT, received: '2024-01-29T10:00', status: 'open', entity: '15001', agent: 'B', events: [] },
  // Resolved, reopened by the entity, resolved again: the resolved stretch does not count.
  // RES 120 (09–11) + 180 (Jan 30 09–12) = 300 ✓; the legal term stops at the first resolution ✓.
  T30: {
    category: 'users',
    rule: 'users.password',
    received: '2024-01-29T09:00',
    status: 'resolved',
    entity: '11001',
    agent: 'A',
    events: [['answered', '2024-01-29T10:00'], ['resolved', '2024-01-29T11:00'], ['reopened', '2024-01-30T09:00'], ['resolved', '2024-01-30T12:00']],
  },
  // From before routing (no rules version): out of the routing report. FR 60 ✓. RES 420 + 15×480 + 120 = 7740 ✗.
  // Legal: Jan 3,4,5,9 (8th a holiday),10,11,12,15,16,17,18,19,22,23,24 → due Jan 24 16:00; resolved Jan 25 ✗.
  T31: { category: 'formulation', rule: null, routed: false, received: '2024-01-02T09:00', status: 'closed', entity: '11001', agent: 'B', events: [['answered', '2024-01-02T10:00'], ['resolved', '2024-01-25T10:00']] },
  // FR 120 ✓, RES 360 ✓.
  T10: { category: 'users', rule: 'users.password', received: '2024-02-01T09:00', status: 'closed', entity: '05001', agent: 'A', events: [['answered', '2024-02-01T11:00'], ['resolved', '2024-02-01T15:00']] },
  // Mail to kpt@ after the cutover: a new ticket in planeacionterritorial@'s queue. FR 300 ✗, RES 420 + 120 = 540 ✗.
  T11: { category: 'users', rule: 'users.password', mailbox: KPT, queue: PT, received: '2024-02-05T09:00', status: 'closed', entity: '15001', agent: 'A', events: [['answered', '2024-02-05T14:00'], ['resolved', '2024-02-06T10:00']] },
  // A follow-up of this ticket reached kpt@ on Feb 7. FR 60 ✓, RES 360 + 420 = 780 ✓.
  T12: { category: 'tech', rule: 'tech.error', received: '2024-02-06T10:00', status: 'closed', entity: '05001', agent: 'B', events: [['answered', '2024-02-06T11:00'], ['resolved', '2024-02-07T15:00']] },
  // kpt@ after the cutover, and the entity's reply on Feb 19 to kpt@ too. Waiting Feb 12 15:00 → Feb 19 09:00.
  // FR 300 ✓ (8 h). RES 300 + 420 + 120 = 840 ✓.
  T13: {
    category: 'formulation',
    rule: 'formulation.plan',
    mailbox: KPT,
    queue: PT,
    received: '2024-02-12T10:00',
    status: 'closed',
    entity: '11001',
    agent: 'B',
    events: [['answered', '2024-02-12T15:00'], ['waiting', '2024-02-12T15:00'], ['resumed', '2024-02-19T09:00'], ['resolved', '2024-02-20T10:00']],
  },
  // Merged into T10: counted nowhere.
  T14: { category: 'users', rule: 'users.password', received: '2024-02-15T09:00', status: 'closed', entity: '05001', agent: 'A', events: [['answered', '2024-02-15T10:00'], ['resolved', '2024-02-15T11:00']] },
  // Routed tech (tech.error), moved to formulation by an agent: FR Fri 60 + Mon 240 = 300 ✓ against 8 h
  // (it would be ✗ against tech's 4 h). RES 60 + 480 + 480 + 120 = 1140 ✓.
  T15: { category: 'tech', rule: 'tech.error', received: '2024-02-23T15:00', status: 'closed', entity: '15001', agent: 'B', events: [['answered', '2024-02-26T12:00'], ['resolved', '2024-02-28T10:00']] },
  // Routed users (users.password), moved to tech. FR 60 ✓, RES 180 ✓.
  T16: { category: 'users', rule: 'users.password', received: '2024-02-28T09:00', status: 'closed', entity: '11001', agent: 'A', events: [['answered', '2024-02-28T10:00'], ['resolved', '2024-02-28T12:00']] },
  // FR 60 ✓, RES 240 ✓.
  T24: { category: 'users', rule: 'users.password', received: '2024-02-13T08:00', status: 'closed', entity: '05001', agent: 'A', events: [['answered', '2024-02-13T09:00'], ['resolved', '2024-02-13T12:00']] },
  // Moved users → tech → users by agents: routing was right after all. FR 120 ✓, RES 180 + 120 = 300 ✓.
  T25: { category: 'users', rule: 'users.password', received: '2024-02-14T13:00', status: 'closed', entity: '05001', agent: 'A', events: [['answered', '2024-02-14T15:00'], ['resolved', '2024-02-15T10:00']] },
  // FR 30 ✓, RES 480 + 480 = 960 ✓.
  T26: { category: 'tech', rule: 'tech.error', received: '2024-03-04T08:00', status: 'closed', entity: '15001', agent: 'B', events: [['answered', '2024-03-04T08:30'], ['resolved', '2024-03-06T08:00']] },
  // Incomplete request (Ley 1755, art. 17) Mar 5 10:00 → Mar 12 09:00: every clock pauses. FR 60 ✓, RES 60 + 420 + 420 = 900 ✓.
  T27: {
    category: 'formulation',
    rule: 'formulation.plan',
    received: '2024-03-05T09:00',
    status: 'closed',
    entity: '11001',
    agent: 'B',
    events: [['answered', '2024-03-05T10:00'], ['incomplete', '2024-03-05T10:00'], ['resumed', '2024-03-12T09:00'], ['resolved', '2024-03-13T15:00']],
  },
  // After hours: counts from Friday 08:00. FR 300 ✗, RES 420 ✓.
  T28: { category: 'users', rule: 'users.password', received: '2024-03-14T16:30', status: 'closed', entity: '05001', agent: 'A', events: [['answered', '2024-03-15T13:00'], ['resolved', '2024-03-15T15:00']] },
  // A Saturday: counts from Monday 08:00. FR 60 ✓, RES 480 + 480 = 960 ✓.
  T29: { category: 'tech', rule: 'tech.error', received: '2024-03-16T10:00', status: 'closed', entity: '15001', agent: 'B', events: [['answered', '2024-03-18T09:00'], ['resolved', '2024-03-19T16:00']] },
  // Friday 15:00 before San José (Monday 25). FR 60 + 120 = 180 ✓, RES 60 + 420 = 480 exactly (due Tuesday 15:00) ✓.
  T17: { category: 'users', rule: 'users.password', received: '2024-03-22T15:00', status: 'closed', entity: '11001', agent: 'A', events: [['answered', '2024-03-26T10:00'], ['resolved', '2024-03-26T15:00']] },
  // Holy Wednesday 14:00; Thursday and Friday are holidays. FR 120 + 60 = 180 ✓, RES 120 + 360 = 480 exactly ✓.
  T18: { category: 'users', rule: 'users.password', received: '2024-03-27T14:00', status: 'resolved', entity: '05001', agent: 'A', events: [['answered', '2024-04-01T09:00'], ['resolved', '2024-04-01T14:00']] },
  // Open. FR 360 ✗. RES due: 420 + 480 (Mar 27) + 480 (Apr 1) + 60 → Apr 2 09:00: ✗ at NOW. Legal ·.
  T19: { category: 'tech', rule: 'tech.error', received: '2024-03-26T09:00', status: 'open', entity: '15001', agent: 'B', events: [['answered', '2024-03-26T15:00']] },
  // Waiting for the entity since Mar 21 12:00. FR 120 ✓; RES paused ·; legal running (due Apr 16) ·.
  T20: { category: 'formulation', rule: 'formulation.plan', received: '2024-03-21T10:00', status: 'waiting', entity: '11001', agent: 'B', events: [['answered', '2024-03-21T12:00'], ['waiting', '2024-03-21T12:00']] },
  // Unclassified, never answered. FR ✗ (due Mar 14 10:00), RES ✗ (due Mar 20 10:00), legal · (due Apr 8).
  T23: { category: 'unclassified', rule: null, received: '2024-03-13T10:00', status: 'open', entity: null, agent: 'B', events: [] },
  // April (outside Q1). New, FR due Apr 1 13:00 ✗ at NOW.
  T21: { category: 'users', rule: 'users.password', received: '2024-04-01T09:00', status: 'new', entity: '05001', agent: null, events: [] },
  // Today 08:30: FR due 12:30; the warning (75 %, 11:30) was recorded: at risk, not breached.
  T22: { category: 'tech', rule: 'tech.error', received: '2024-04-03T08:30', status: 'new', entity: '15001', agent: null, events: [] },
  // Yesterday: 1 día hábil old (the 0–1 band's edge). FR 60 ✓; RES (40 h) and legal running in time: not breached.
  T32: { category: 'formulation', rule: 'formulation.plan', received: '2024-04-02T10:00', status: 'open', entity: '11001', agent: 'B', events: [['answered', '2024-04-02T11:00']] },
};

describe('supervisor reports over a hand-computed dataset', () => {
  let app: INestApplication;
  let db: Client;
  let supervisor: TestSession;
  let admin: TestSession;
  let agentA: TestSession;
  let agentB: TestSession;
  let reports: ReportsService;
  const ids = new Map<string, string>();
  const references = new Map<string, string>();
  const nameOf = new Map<string, string>();

  const get = async (name: ReportName, filters: ReportFilters, options: { source?: 'raw' | 'rollup' } = {}) => reports.report(name, filters, { now: NOW, ...options });
  const table = (result: ReportResult, id: string): ReportTable => {
    const found = result.tables.find((t) => t.id === id);
    if (!found) throw new Error(`no hay tabla ${id}`);
    return found;
  };
  const row = (t: ReportTable, group: string): ReportRow => {
    const found = t.rows.find((r) => r.cells.group === group || r.cells.rule === group || r.cells.routed === group);
    if (!found) throw new Error(`no hay fila ${group} en ${t.id}: ${t.rows.map((r) => r.cells.group ?? r.cells.rule).join(', ')}`);
    return found;
  };
  const headline = (result: ReportResult): Record<string, ReportHeadline['value']> => Object.fromEntries(result.headline.map((h) => [h.key, h.value]));
  const pick = (r: ReportRow, keys: string[]) => Object.fromEntries(keys.map((k) => [k, r.cells[k]]));
  /** The references behind a drill filter, through the API, every page. */
  async function behind(drill: Record<string, string | undefined>, limit = 2): Promise<string[]> {
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = {};
      for (const [key, value] of Object.entries(drill)) if (value !== undefined) query[key === 'agentId' ? 'agent' : key] = value;
      if (cursor) query.cursor = cursor;
      const page = (await supervisor.get('/api/reports/tickets').query({ ...query, limit: String(limit) }).expect(200)).body as ReportTicketsPage;
      found.push(...page.items.map((item) => nameOf.get(item.reference)!));
      cursor = page.nextCursor;
    } while (cursor);
    return found.sort();
  }

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('reports');
    db = await connectTestDatabase(databaseUrl);
    app = await startTestApp(
      testConfig(databaseUrl, { kpt: 'reports-unused-kpt', planeacion: 'reports-unused-pt' }, { INTAKE_ENABLED: 'false', OUTBOUND_ENABLED: 'false', JOBS_ENABLED: 'false' }),
    );
    reports = app.get(ReportsService);
    supervisor = await signIn(app, 'supervisor');
    admin = await signIn(app, 'admin');
    agentA = await signIn(app, 'agent', 'agente.a@dnp.gov.co');
    agentB = await signIn(app, 'agent', 'agente.b@dnp.gov.co');
    await db.query(`UPDATE users SET name = 'Ana Agente' WHERE id = $1`, [agentA.actor.userId]);
    await db.query(`UPDATE users SET name = 'Beto Agente' WHERE id = $1`, [agentB.actor.userId]);

    // 1. The tickets as intake and routing left them, with their history of SLA events.
    const sla = app.get(SlaService);
    const dataSource = app.get(DataSource);
    let sequence = 0;
    for (const [name, spec] of Object.entries(TICKETS)) {
      const reference = `MDA-2024-${String(++sequence).padStart(6, '0')}`;
      const mailbox = spec.mailbox ?? PT;
      const [{ id }] = (
        await db.query(
          `INSERT INTO tickets (reference, subject, status, mailbox_address, queue_mailbox, reply_from, category, matched_rule, routing_rules_version,
                                received_at, entity_kind, entity_code, entity_department_code, assignee_user_id)
           VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id::text AS id`,
          [
            reference,
            `Solicitud ${name}`,
            spec.status,
            mailbox,
            spec.queue ?? PT,
            spec.category,
            spec.rule,
            spec.routed === false ? null : '2024.01.0',
            at(spec.received),
            spec.entity ? 'municipality' : null,
            spec.entity,
            spec.entity?.slice(0, 2) ?? null,
            spec.agent === 'A' ? agentA.actor.userId : spec.agent === 'B' ? agentB.actor.userId : null,
          ],
        )
      ).rows;
      ids.set(name, id);
      references.set(name, reference);
      nameOf.set(reference, name);
      await dataSource.transaction(async (manager) => {
        for (const [kind, when] of spec.events) await sla.insertEvent(manager, id, kind, new Date(at(when)), SYSTEM_ACTOR, {});
      });
    }

    // 2. Agents recategorize through the API, as in the UI.
    const recategorize = async (name: string, category: Category) => {
      const reference = references.get(name)!;
      const { version } = (await agentA.get(`/api/tickets/${reference}`).expect(200)).body as { version: number };
      await agentA.patch(`/api/tickets/${reference}/category`).send({ category, version, reason: 'prueba de informes' }).expect(200);
    };
    await recategorize('T06', 'users');
    await recategorize('T15', 'formulation');
    await recategorize('T16', 'tech');
    await recategorize('T25', 'tech');
    await recategorize('T25', 'users');

    // 3. The cutover at its instant: kpt@'s queue (T07 resolved, T09 open; T08 is closed) moves.
    expect(await app.get(CutoverService).run(new Date('2024-02-01T00:00:00-05:00'))).toEqual({ due: true, moved: 2 });

    // 4. T14 was a duplicate of T10.
    await db.query(`UPDATE tickets SET merged_into_ticket_id = $2, merged_at = '2024-02-15T12:00:00-05:00', status = 'closed' WHERE id = $1`, [ids.get('T14'), ids.get('T10')]);

    // 5. The clocks, computed by the SLA code at NOW from each ticket's history.
    await dataSource.transaction((manager) => sla.recompute(manager, [...ids.values()], NOW));

    // 6. T22's first-response warning, recorded by the alert job at 11:30.
    const [t22] = (await db.query(`SELECT sla_version, sla_first_response_due FROM tickets WHERE id = $1`, [ids.get('T22')])).rows;
    const warning = await app.get(SlaAlertsService).record(
      { ticketId: ids.get('T22')!, version: t22.sla_version, clock: 'firstResponse', point: 'warning', due: new Date(t22.sla_first_response_due).toISOString(), at: at('2024-04-03T11:30') },
      NOW,
    );
    expect(warning.outcome).toBe('recorded');

    // 7. Mail as intake records it: one article per message, a receipt per mailbox it reached.
    const mail: Array<[string, string, string]> = [
      ['T07', KPT, '2024-01-23T09:00'], // before the cutover: not counted
      ['T10', PT, '2024-02-01T09:00'], // to the successor: not counted
      ['T11', KPT, '2024-02-05T09:00'],
      ['T12', KPT, '2024-02-07T11:00'],
      ['T13', KPT, '2024-02-12T10:00'],
      ['T13', KPT, '2024-02-19T09:00'],
    ];
    for (const [i, [name, mailbox, when]] of mail.entries()) {
      const [{ id }] = (
        await db.query(
          `INSERT INTO articles (ticket_id, message_id, subject, received_at) VALUES ($1, $2, 'Correo', $3) RETURNING id`,
          [ids.get(name), `<informes-${i}@prueba>`, at(when)],
        )
      ).rows;
      await db.query(`INSERT INTO article_receipts (article_id, mailbox_address, received_at) VALUES ($1, $2, $3)`, [id, mailbox, at(when)]);
    }
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  it('stores the business minutes and the resolution instant where the clocks stop', async () => {
    const rows = (
      await db.query(
        `SELECT id::text, sla_first_response_business_minutes AS fr, sla_resolution_business_minutes AS re, sla_resolved_at FROM tickets WHERE id = ANY($1::bigint[])`,
        [[...ids.values()]],
      )
    ).rows as Array<{ id: string; fr: number | null; re: number | null; sla_resolved_at: Date | null }>;
    const byName = new Map(rows.map((r) => [[...ids.entries()].find(([, id]) => id === r.id)![0], r]));
    expect(byName.get('T02')).toMatchObject({ fr: 180, re: 480 });
    expect(byName.get('T04')).toMatchObject({ fr: 60, re: 1320 });
    expect(byName.get('T13')).toMatchObject({ fr: 300, re: 840 });
    expect(byName.get('T27')).toMatchObject({ fr: 60, re: 900 });
    expect(byName.get('T30')).toMatchObject({ fr: 60, re: 300, sla_resolved_at: new Date(at('2024-01-30T12:00')) });
    expect(byName.get('T19')).toMatchObject({ fr: 360, re: null, sla_resolved_at: null });
    expect(byName.get('T09')).toMatchObject({ fr: null, re: null, sla_resolved_at: null });
  });

  it('compliance by month: the share of clocks with an outcome that were met', async () => {
    const result = await get('compliance', { ...Q1, groupBy: 'month' });
    const keys = ['received', 'firstResponseMet', 'firstResponseMissed', 'resolutionMet', 'resolutionMissed', 'legalMet', 'legalMissed'];
    const t = table(result, 'compliance');
    expect(t.rows.map((r) => r.cells.group)).toEqual(['enero de 2024', 'febrero de 2024', 'marzo de 2024']);
    // January: T01–T09, T30, T31. FR ✗: T03, T05, T09. RES ✗: T05, T07, T09, T31. Legal ✗: T09, T31.
    expect(pick(row(t, 'enero de 2024'), keys)).toEqual({ received: 11, firstResponseMet: 8, firstResponseMissed: 3, resolutionMet: 7, resolutionMissed: 4, legalMet: 9, legalMissed: 2 });
    // February: T10–T13, T15, T16, T24, T25 (T14 merged). Only T11 misses (FR and RES).
    expect(pick(row(t, 'febrero de 2024'), keys)).toEqual({ received: 8, firstResponseMet: 7, firstResponseMissed: 1, resolutionMet: 7, resolutionMissed: 1, legalMet: 8, legalMissed: 0 });
    // March: T17–T20, T23, T26–T29. FR ✗: T19, T23, T28. RES ✗: T19, T23; T20 paused (no outcome).
    // Legal: T19, T20, T23 still running in time.
    expect(pick(row(t, 'marzo de 2024'), keys)).toEqual({ received: 9, firstResponseMet: 6, firstResponseMissed: 3, resolutionMet: 6, resolutionMissed: 2, legalMet: 6, legalMissed: 0 });
    // 21/28, 20/27, 23/25.
    expect(headline(result)).toEqual({
      received: 28,
      firstResponseShare: 0.75,
      firstResponseMet: 21,
      firstResponseMissed: 7,
      resolutionShare: 20 / 27,
      resolutionMet: 20,
      resolutionMissed: 7,
      legalShare: 0.92,
      legalMet: 23,
      legalMissed: 2,
    });
    expect(row(t, 'marzo de 2024').cells.firstResponseShare).toBeCloseTo(6 / 9, 12);
  });

  it('compliance by category, department and agent', async () => {
    const keys = ['received', 'firstResponseMet', 'firstResponseMissed', 'resolutionMet', 'resolutionMissed', 'legalMet', 'legalMissed'];
    const byCategory = table(await get('compliance', { ...Q1, groupBy: 'category' }), 'compliance');
    expect(byCategory.rows.map((r) => pick(r, ['group', ...keys]))).toEqual([
      { group: 'Formulación y seguimiento', received: 6, firstResponseMet: 5, firstResponseMissed: 1, resolutionMet: 3, resolutionMissed: 2, legalMet: 4, legalMissed: 1 },
      { group: 'Sin clasificar', received: 1, firstResponseMet: 0, firstResponseMissed: 1, resolutionMet: 0, resolutionMissed: 1, legalMet: 0, legalMissed: 0 },
      { group: 'Soporte técnico', received: 8, firstResponseMet: 5, firstResponseMissed: 3, resolutionMet: 6, resolutionMissed: 2, legalMet: 6, legalMissed: 1 },
      { group: 'Usuarios SisPT', received: 13, firstResponseMet: 11, firstResponseMissed: 2, resolutionMet: 11, resolutionMissed: 2, legalMet: 13, legalMissed: 0 },
    ]);
    expect(row(byCategory, 'Sin clasificar').cells.legalShare).toBeNull();

    const byDepartment = table(await get('compliance', { ...Q1, groupBy: 'department' }), 'compliance');
    expect(byDepartment.rows.map((r) => pick(r, ['group', 'received']))).toEqual([
      { group: 'Antioquia (05)', received: 10 },
      { group: 'Bogotá, D.C. (11)', received: 9 },
      { group: 'Boyacá (15)', received: 7 },
      { group: 'Sin entidad identificada', received: 2 },
    ]);

    const byAgent = table(await get('compliance', { ...Q1, groupBy: 'agent' }), 'compliance');
    expect(byAgent.rows.map((r) => pick(r, ['group', 'received']))).toEqual([
      { group: 'Ana Agente', received: 14 },
      { group: 'Beto Agente', received: 13 },
      { group: 'Sin asignar', received: 1 },
    ]);
  });

  it('every count links to exactly the tickets behind it', async () => {
    const t = table(await get('compliance', { ...Q1, groupBy: 'month' }), 'compliance');
    const march = row(t, 'marzo de 2024');
    expect(await behind(march.drill!.firstResponseMissed)).toEqual(['T19', 'T23', 'T28']);
    expect(await behind(march.drill!.resolutionMissed)).toEqual(['T19', 'T23']);
    expect(await behind(row(t, 'febrero de 2024').drill!.received, 3)).toEqual(['T10', 'T11', 'T12', 'T13', 'T15', 'T16', 'T24', 'T25']);

    const byAgent = table(await get('compliance', { ...Q1, groupBy: 'agent' }), 'compliance');
    expect(await behind(row(byAgent, 'Sin asignar').drill!.received)).toEqual(['T06']);
    const byDepartment = table(await get('compliance', { ...Q1, groupBy: 'department' }), 'compliance');
    expect(await behind(row(byDepartment, 'Sin entidad identificada').drill!.firstResponseMissed)).toEqual(['T23']);
  });

  it('times: median and 90th percentile of business minutes, interpolated like percentile_cont', async () => {
    const result = await get('times', { ...Q1, groupBy: 'category' });
    const t = table(result, 'times');
    // Users FR (13): 30 60 60 60 120 120 [120] 120 180 180 180 300 300 → median 120; p90 at 10.8: 180 + 0.8 × 120 = 276.
    // Users RES (13): 60 240 240 300 300 360 [360] 420 480 480 480 540 3900 → median 360; p90: 480 + 0.8 × 60 = 528.
    expect(pick(row(t, 'Usuarios SisPT'), ['firstResponseTickets', 'firstResponseMedian', 'resolutionTickets', 'resolutionMedian'])).toEqual({
      firstResponseTickets: 13,
      firstResponseMedian: 120,
      resolutionTickets: 13,
      resolutionMedian: 360,
    });
    expect(row(t, 'Usuarios SisPT').cells.firstResponseP90).toBeCloseTo(276, 9);
    expect(row(t, 'Usuarios SisPT').cells.resolutionP90).toBeCloseTo(528, 9);
    // Tech FR (7): 30 60 60 60 60 300 360 → 60; p90 at 5.4: 300 + 0.4 × 60 = 324.
    // Tech RES (6, T09 and T19 still running): 180 780 960 960 960 1320 → 960; p90 at 4.5: (960 + 1320) / 2 = 1140.
    expect(pick(row(t, 'Soporte técnico'), ['firstResponseTickets', 'firstResponseMedian', 'resolutionTickets', 'resolutionMedian', 'resolutionP90'])).toEqual({
      firstResponseTickets: 7,
      firstResponseMedian: 60,
      resolutionTickets: 6,
      resolutionMedian: 960,
      resolutionP90: 1140,
    });
    expect(row(t, 'Soporte técnico').cells.firstResponseP90).toBeCloseTo(324, 9);
    // Formulation FR (6): 60 60 120 300 300 510 → (120 + 300) / 2 = 210; p90 at 4.5: (300 + 510) / 2 = 405.
    // Formulation RES (5, T20 paused): 840 900 1140 2610 7740 → 1140; p90 at 3.6: 2610 + 0.6 × 5130 = 5688.
    expect(pick(row(t, 'Formulación y seguimiento'), ['firstResponseTickets', 'firstResponseMedian', 'firstResponseP90', 'resolutionTickets', 'resolutionMedian'])).toEqual({
      firstResponseTickets: 6,
      firstResponseMedian: 210,
      firstResponseP90: 405,
      resolutionTickets: 5,
      resolutionMedian: 1140,
    });
    expect(row(t, 'Formulación y seguimiento').cells.resolutionP90).toBeCloseTo(5688, 9);
    // T23 (unclassified) never stopped a clock: no figure, so no row.
    expect(t.rows.map((r) => r.cells.group)).not.toContain('Sin clasificar');
    // All 26 FR: 30×2, 60×9, 120×5, 180×3, 300×5, 360, 510 → positions 12.5 and 22.5 both on plateaus: 120 and 300.
    // All 24 RES: median between 480 and 540 = 510; p90 at 20.7: 1320 + 0.7 × 1290 = 2223.
    const h = headline(result);
    expect({ ...h, firstResponseP90: undefined, resolutionP90: undefined }).toEqual({
      firstResponseTickets: 26,
      firstResponseMedian: 120,
      firstResponseP90: undefined,
      resolutionTickets: 24,
      resolutionMedian: 510,
      resolutionP90: undefined,
    });
    expect(h.firstResponseP90).toBeCloseTo(300, 9);
    expect(h.resolutionP90).toBeCloseTo(2223, 9);
    expect(await behind(result.headline.find((x) => x.key === 'resolutionTickets')!.drill!, 50)).toHaveLength(24);
  });

  it('times by month: each month its own median and 90th percentile', async () => {
    const result = await get('times', { ...Q1, groupBy: 'month' });
    const figures = table(result, 'times').rows.map((r) =>
      ['firstResponseTickets', 'firstResponseMedian', 'firstResponseP90', 'resolutionTickets', 'resolutionMedian', 'resolutionP90'].map((k) => {
        const value = r.cells[k];
        return typeof value === 'number' ? Math.round(value * 1e6) / 1e6 : value;
      }),
    );
    expect(figures).toEqual([
      // January FR: 30 60 60 60 60 120 120 180 300 510 → (60 + 120) / 2 = 90; at 8.1: 300 + 0.1 × 210 = 321.
      // January RES: 60 240 300 360 480 960 1320 2610 3900 7740 → (480 + 960) / 2 = 720; 3900 + 0.1 × 3840 = 4284.
      [10, 90, 321, 10, 720, 4284],
      // February FR: 60 60 60 120 120 300 300 300 → 120; 300. RES: 180 240 300 360 540 780 840 1140 → 450; 840 + 0.3 × 300 = 930.
      [8, 120, 300, 8, 450, 930],
      // March FR: 30 60 60 120 180 180 300 360 → 150; 300 + 0.3 × 60 = 318. RES: 420 480 480 900 960 960 → 690; 960.
      [8, 150, 318, 6, 690, 960],
    ]);
    expect(headline(result).resolutionMedian).toBe(510);
  });

  it('volume: received, resolved and open at the end of each day', async () => {
    const result = await get('volume', { from: '2024-03-25', to: '2024-04-03', groupBy: 'day' });
    // Open when the period began: T09, T20, T23 and T17 (resolved Mar 26).
    expect(headline(result)).toEqual({ openAtStart: 4, received: 5, resolved: 2, openAtEnd: 7 });
    expect(table(result, 'volume').rows.map((r) => [r.cells.group, r.cells.received, r.cells.resolved, r.cells.open])).toEqual([
      ['2024-03-25', 0, 0, 4], // San José
      ['2024-03-26', 1, 1, 4], // T19 in, T17 resolved
      ['2024-03-27', 1, 0, 5], // T18
      ['2024-03-28', 0, 0, 5],
      ['2024-03-29', 0, 0, 5],
      ['2024-03-30', 0, 0, 5],
      ['2024-03-31', 0, 0, 5],
      ['2024-04-01', 1, 1, 5], // T21 in, T18 resolved
      ['2024-04-02', 1, 0, 6], // T32
      ['2024-04-03', 1, 0, 7], // T22
    ]);
    const week = await get('volume', { from: '2024-03-25', to: '2024-04-03', groupBy: 'week' });
    expect(table(week, 'volume').rows.map((r) => [r.cells.group, r.cells.received, r.cells.resolved, r.cells.open])).toEqual([
      ['semana del 2024-03-25', 2, 1, 5],
      ['semana del 2024-04-01', 3, 1, 7],
    ]);
    expect(await behind(result.headline.find((h) => h.key === 'openAtStart')!.drill!)).toEqual(['T09', 'T17', 'T20', 'T23']);
    expect(await behind(row(table(result, 'volume'), '2024-04-01').drill!.resolved)).toEqual(['T18']);
  });

  it('backlog: open tickets by age in días hábiles, at risk and breached now', async () => {
    const result = await get('backlog', { from: '2024-01-01', to: '2024-04-03' });
    // T09 (Jan 29) 16+, T23 (Mar 13) 12 → 11–15, T20 (Mar 21) 6 → 6–10, T19 (Mar 26) 4 and T21 (Apr 1) 2 → 2–5,
    // T32 (yesterday) 1 and T22 (today) 0 → 0–1. Breached: T09, T19, T21, T23. At risk: T22 (warning recorded,
    // due 12:30). T20 is paused.
    expect(headline(result)).toEqual({ open: 7, atRisk: 1, breached: 4 });
    expect(table(result, 'backlog-age').rows.map((r) => [r.cells.group, r.cells.open, r.cells.atRisk, r.cells.breached])).toEqual([
      ['0 a 1 días hábiles', 2, 1, 0],
      ['2 a 5 días hábiles', 2, 0, 2],
      ['6 a 10 días hábiles', 1, 0, 0],
      ['11 a 15 días hábiles', 1, 0, 1],
      ['más de 15 días hábiles', 1, 0, 1],
    ]);
    expect(table(result, 'backlog-group').rows.map((r) => [r.cells.group, r.cells.open, r.cells.atRisk, r.cells.breached])).toEqual([
      ['Formulación y seguimiento', 2, 0, 0],
      ['Sin clasificar', 1, 0, 1],
      ['Soporte técnico', 3, 1, 2],
      ['Usuarios SisPT', 1, 0, 1],
    ]);
    const bands = table(result, 'backlog-age');
    expect(await behind(row(bands, '2 a 5 días hábiles').drill!.open)).toEqual(['T19', 'T21']);
    expect(await behind(row(bands, '6 a 10 días hábiles').drill!.open)).toEqual(['T20']);
    expect(await behind(row(bands, '0 a 1 días hábiles').drill!.open)).toEqual(['T22', 'T32']);
    expect(await behind(result.headline.find((h) => h.key === 'atRisk')!.drill!)).toEqual(['T22']);
    expect(await behind(result.headline.find((h) => h.key === 'breached')!.drill!)).toEqual(['T09', 'T19', 'T21', 'T23']);
  });

  it('routing: recategorized share by the rule that had matched, and the confusion between categories', async () => {
    const result = await get('routing', Q1);
    // 27 routed tickets in Q1 (T31 predates routing; T14 merged). Recategorized: T16 (users.password),
    // T15 (tech.error), T06 (no rule). T25 went users → tech → users: routing was right.
    expect(headline(result)).toEqual({ decided: 27, recategorized: 3, share: 3 / 27 });
    expect(table(result, 'routing-rules').rows.map((r) => pick(r, ['rule', 'decided', 'recategorized']))).toEqual([
      { rule: 'users.password', decided: 13, recategorized: 1 },
      { rule: 'tech.error', decided: 8, recategorized: 1 },
      { rule: '(ninguna: quedó por clasificar)', decided: 2, recategorized: 1 },
      { rule: 'formulation.plan', decided: 4, recategorized: 0 },
    ]);
    const confusion = table(result, 'routing-confusion');
    expect(confusion.rows.map((r) => pick(r, ['routed', 'users', 'tech', 'formulation', 'unclassified', 'total']))).toEqual([
      { routed: 'Usuarios SisPT', users: 12, tech: 1, formulation: 0, unclassified: 0, total: 13 },
      { routed: 'Soporte técnico', users: 0, tech: 7, formulation: 1, unclassified: 0, total: 8 },
      { routed: 'Formulación y seguimiento', users: 0, tech: 0, formulation: 4, unclassified: 0, total: 4 },
      { routed: 'Sin clasificar', users: 1, tech: 0, formulation: 0, unclassified: 1, total: 2 },
    ]);
    expect(await behind(result.headline.find((h) => h.key === 'recategorized')!.drill!)).toEqual(['T06', 'T15', 'T16']);
    expect(await behind(row(confusion, 'Soporte técnico').drill!.formulation)).toEqual(['T15']);
  });

  it('routing over all time counts what the admin page counts', async () => {
    const outcomes = (counts: Array<{ ruleId: string | null; routed: string; final: string; tickets: number }>) =>
      counts.map((c) => `${c.ruleId}|${c.routed}|${c.final}|${c.tickets}`).sort();
    const admin = await countRoutingOutcomes(app.get(DataSource).manager);
    const repository = app.get(ReportsService)['repository'];
    for (const source of ['rollup', 'raw'] as const) {
      const ours = await repository.read((manager) => repository.routingOutcomes(manager, { from: '2020-01-01', to: '2026-12-31' }, source));
      expect(outcomes(ours)).toEqual(outcomes(admin));
    }
  });

  it('cutover: tickets moved, and mail still reaching kpt@ afterwards, by week', async () => {
    const result = await get('cutover', Q1);
    expect(headline(result)).toEqual({ moved: 2, messages: 4, tickets: 3, newTickets: 2 });
    const weeks = table(result, 'cutover-weeks').rows;
    // The cutover is Thursday Feb 1: the first week is Feb 1–4; the last one ends with the period, Mar 31.
    expect(weeks.map((r) => [r.cells.group, r.cells.messages, r.cells.tickets, r.cells.newTickets])).toEqual([
      ['semana del 2024-01-29', 0, 0, 0],
      ['semana del 2024-02-05', 2, 2, 1], // T11 (new), T12's follow-up
      ['semana del 2024-02-12', 1, 1, 1], // T13 (new)
      ['semana del 2024-02-19', 1, 1, 0], // T13's reply
      ['semana del 2024-02-26', 0, 0, 0],
      ['semana del 2024-03-04', 0, 0, 0],
      ['semana del 2024-03-11', 0, 0, 0],
      ['semana del 2024-03-18', 0, 0, 0],
      ['semana del 2024-03-25', 0, 0, 0],
    ]);
    expect(await behind(result.headline.find((h) => h.key === 'moved')!.drill!)).toEqual(['T07', 'T09']);
    expect(await behind(weeks[1].drill!.tickets)).toEqual(['T11', 'T12']);
    expect(await behind(weeks[1].drill!.newTickets)).toEqual(['T11']);
  });

  it('gives the same figures from the rollup and from the tickets', async () => {
    const cases: Array<[ReportName, ReportFilters]> = [
      ['compliance', { ...Q1, groupBy: 'week' }],
      ['compliance', { ...Q1, groupBy: 'agent', category: 'users' }],
      ['compliance', { ...Q1, groupBy: 'mailbox', department: '05' }],
      ['volume', { from: '2024-01-01', to: '2024-04-03', groupBy: 'week' }],
      ['volume', { from: '2024-02-01', to: '2024-03-31', agentId: 'unassigned' }],
      ['routing', { ...Q1, category: 'tech' }],
    ];
    for (const [name, filters] of cases) {
      const rollup = await get(name, filters, { source: 'rollup' });
      const raw = await get(name, filters, { source: 'raw' });
      expect({ name, filters, headline: raw.headline, tables: raw.tables }).toEqual({ name, filters, headline: rollup.headline, tables: rollup.tables });
    }
    // An entity is not in the rollup: the tickets are read (Medellín is every ticket of Antioquia here).
    const medellin = await reports.report('compliance', { ...Q1, entity: '05001' }, { now: NOW });
    const antioquia = await reports.report('compliance', { ...Q1, department: '05' }, { now: NOW });
    expect(headline(medellin)).toEqual(headline(antioquia));
    expect(headline(medellin).received).toBe(10);
  });

  it('serves every report over HTTP to supervisors and admins', async () => {
    for (const name of ['compliance', 'times', 'volume', 'backlog', 'routing', 'cutover']) {
      const response = await supervisor.get(`/api/reports/${name}`).query({ from: '2024-01-01', to: '2024-03-31' }).expect(200);
      expect(response.body).toMatchObject({ report: name, filters: { from: '2024-01-01', to: '2024-03-31' } });
    }
    const compliance = (await admin.get('/api/reports/compliance').query({ from: '2024-01-01', to: '2024-03-31', groupBy: 'month', agent: agentA.actor.userId }).expect(200))
      .body as ReportResult;
    expect(compliance.filters).toEqual({ from: '2024-01-01', to: '2024-03-31', groupBy: 'month', agentId: agentA.actor.userId });
    expect(compliance.headline.find((h) => h.key === 'received')!.value).toBe(14);
    // A grouping a report does not offer is ignored, and the result says what it used.
    const volume = (await supervisor.get('/api/reports/volume').query({ from: '2024-03-01', to: '2024-03-31', groupBy: 'category' }).expect(200)).body as ReportResult;
    expect(volume.filters.groupBy).toBe('day');
  });

  it('refuses agents with 403', async () => {
    for (const url of ['/api/reports/compliance?from=2024-01-01&to=2024-03-31', '/api/reports/tickets?from=2024-01-01']) {
      const response = await agentB.get(url).expect(403);
      expect(response.body).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('answers 400 with a Spanish message for a bad filter', async () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['/api/reports/compliance', { to: '2024-03-31' }, 'from es obligatorio'],
      ['/api/reports/compliance', { from: '2024-04-01', to: '2024-03-31' }, 'no puede ser posterior'],
      ['/api/reports/compliance', { from: '2024-02-30', to: '2024-03-31' }, 'fecha AAAA-MM-DD válida'],
      ['/api/reports/compliance', { from: '2020-01-01', to: '2024-03-31' }, 'no puede pasar de 1096 días'],
      ['/api/reports/compliance', { from: '2024-01-01', to: '2024-03-31', category: 'otra' }, 'category debe ser una de'],
      ['/api/reports/compliance', { from: '2024-01-01', to: '2024-03-31', groupBy: 'year' }, 'groupBy debe ser uno de'],
      ['/api/reports/compliance', { from: '2024-01-01', to: '2024-03-31', entity: '051' }, 'entity debe ser un código DIVIPOLA'],
      ['/api/reports/tickets', { state: 'late' }, 'state debe ser uno de'],
      ['/api/reports/tickets', { limit: '0' }, 'limit debe ser al menos 1'],
      ['/api/reports/tickets', { cursor: 'no-es-un-cursor' }, 'El cursor no es válido'],
      ['/api/reports/tickets', { sort: 'asc' }, 'sort no está permitido'],
    ];
    for (const [url, query, message] of cases) {
      const response = await supervisor.get(url).query(query);
      expect({ url, query, status: response.status, message: JSON.stringify(response.body) }).toEqual({ url, query, status: 400, message: expect.stringContaining(message) });
    }
    await supervisor.get('/api/reports/satisfaction').query({ from: '2024-01-01', to: '2024-03-31' }).expect(404);
  });
});
