import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RoutingOutcomeCount } from '../admin/routing-accuracy';
import { ROUTING_CATEGORIES, RoutingCategory } from '../routing/routing.types';
import { DUE_KEY, WARNED } from '../tickets/ticket-list.query';
import { AGE_BANDS, AgeBandKey } from './business-age';
import { bucketInPeriod, bucketsOfPeriod, periodInstants } from './report-period';
import {
  bogotaDay,
  groupKeyText,
  isTimeGrouping,
  rollupConditions,
  rollupGroupValue,
  routedCategory,
  ScopeFilters,
  SqlParams,
  ticketConditions,
  ticketGroupValue,
  where,
} from './report-scope';
import type { BacklogCounts, ComplianceCounts, CutoverWeek, DayVolume, TimeFigures } from './report-tables';
import { buildReportTicketsQuery, DrillContext, OPEN_STATUS_SQL, TicketsCursor, TicketsDrill } from './report-tickets.query';
import type { ReportGrouping } from './report.types';

/**
 * Where the figures come from: `rollup` reads report_daily (one row per day and dimensions,
 * kept by triggers); `raw` reads the tickets. Both give the same figures (the rollup test
 * checks it); the rollup has no entity, so a report filtered by entity reads the tickets, which
 * the entity index keeps small.
 */
export type FigureSource = 'rollup' | 'raw';

export interface TicketRowData {
  id: string;
  sort_key: string;
  reference: string;
  subject: string;
  status: string;
  category: RoutingCategory;
  queue_mailbox: string;
  mailbox_address: string;
  received_at: Date;
  assignee_user_id: string | null;
  entity_code: string | null;
  entity_name: string | null;
  sla_first_response_met: boolean | null;
  sla_resolution_met: boolean | null;
  sla_legal_met: boolean | null;
  sla_first_response_business_minutes: number | null;
  sla_resolution_business_minutes: number | null;
  sla_resolved_at: Date | null;
}

const int = (value: unknown): number => Number(value ?? 0);
const asCategory = (value: string): RoutingCategory => {
  const found = ROUTING_CATEGORIES.find((c) => c === value);
  if (!found) throw new Error(`categoría desconocida en los datos: ${value}`);
  return found;
};

/** The report queries: read-only SQL over the stored deadlines, events and the daily rollup. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One read-only snapshot per report, so its figures agree with each other. The sorts behind
   * percentiles and large groupings get memory for a year of tickets instead of spilling to disk.
   */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query(`SET TRANSACTION READ ONLY`);
      await manager.query(`SET LOCAL work_mem = '64MB'`);
      // These are short aggregates: compiling them (JIT) costs more than it saves, from 20 ms to seconds.
      await manager.query(`SET LOCAL jit = off`);
      return work(manager);
    });
  }

  async compliance(manager: EntityManager, filters: ScopeFilters, grouping: ReportGrouping, source: FigureSource): Promise<Map<string, ComplianceCounts>> {
    const params = new SqlParams();
    const sql =
      source === 'rollup'
        ? `SELECT ${groupKeyText(rollupGroupValue(grouping), grouping)} AS key, sum(d.received) AS received,
                  sum(d.first_response_met) AS fr_met, sum(d.first_response_missed) AS fr_missed,
                  sum(d.resolution_met) AS re_met, sum(d.resolution_missed) AS re_missed,
                  sum(d.legal_met) AS le_met, sum(d.legal_missed) AS le_missed
             FROM report_daily d
             ${where(rollupConditions(filters, params))}
            GROUP BY ${rollupGroupValue(grouping)}
           HAVING sum(d.received) <> 0`
        : `SELECT ${groupKeyText(ticketGroupValue(grouping), grouping)} AS key, count(*) AS received,
                  count(*) FILTER (WHERE t.sla_first_response_met) AS fr_met, count(*) FILTER (WHERE NOT t.sla_first_response_met) AS fr_missed,
                  count(*) FILTER (WHERE t.sla_resolution_met) AS re_met, count(*) FILTER (WHERE NOT t.sla_resolution_met) AS re_missed,
                  count(*) FILTER (WHERE t.sla_legal_met) AS le_met, count(*) FILTER (WHERE NOT t.sla_legal_met) AS le_missed
             FROM tickets t
             ${where(ticketConditions(filters, params))}
            GROUP BY ${ticketGroupValue(grouping)}`;
    const rows: Array<Record<string, unknown>> = await manager.query(sql, params.values);
    return new Map(
      rows.map((r) => [
        String(r.key),
        {
          received: int(r.received),
          firstResponseMet: int(r.fr_met),
          firstResponseMissed: int(r.fr_missed),
          resolutionMet: int(r.re_met),
          resolutionMissed: int(r.re_missed),
          legalMet: int(r.le_met),
          legalMissed: int(r.le_missed),
        },
      ]),
    );
  }

  /**
   * Median and 90th percentile (percentile_cont: interpolated) of the business minutes stored
   * when each clock stopped, per group and overall. The predicate repeats the covering index's
   * (tickets_report_times_idx), so a year is an index-only scan. By time bucket, each bucket is
   * its own range of that index (a LATERAL subquery), so the rows are never sorted by bucket:
   * only each bucket's minutes are, which halves the work over a year (measured on 1,000,000 tickets).
   */
  async times(manager: EntityManager, filters: ScopeFilters & { from: string; to: string }, grouping: ReportGrouping): Promise<{ groups: Map<string, TimeFigures>; total: TimeFigures }> {
    const figures = `count(t.sla_first_response_business_minutes) AS fr_n,
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY t.sla_first_response_business_minutes) AS fr_p,
              count(t.sla_resolution_business_minutes) AS re_n,
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY t.sla_resolution_business_minutes) AS re_p`;
    const timed = '(t.sla_first_response_business_minutes IS NOT NULL OR t.sla_resolution_business_minutes IS NOT NULL)';
    let rows: Array<Record<string, unknown>>;
    if (isTimeGrouping(grouping)) {
      const buckets = bucketsOfPeriod(filters.from, filters.to, grouping).map((start) => ({ key: start, ...bucketInPeriod(start, grouping, filters.from, filters.to) }));
      const params = new SqlParams();
      const keys = params.bind(buckets.map((b) => b.key));
      const starts = params.bind(buckets.map((b) => periodInstants(b.from, b.to).start.toISOString()));
      const ends = params.bind(buckets.map((b) => periodInstants(b.from, b.to).end.toISOString()));
      const dimensions = ticketConditions(filters, params, 't', { period: false });
      rows = await manager.query(
        `SELECT b.key, 0 AS is_total, x.* FROM unnest(${keys}::text[], ${starts}::timestamptz[], ${ends}::timestamptz[]) AS b(key, start_at, end_at)
         CROSS JOIN LATERAL (SELECT ${figures} FROM tickets t
                              ${where([...dimensions, 't.received_at >= b.start_at', 't.received_at < b.end_at', timed])}) x
          WHERE x.fr_n > 0 OR x.re_n > 0`,
        params.values,
      );
      const total = new SqlParams();
      rows.push(...(await manager.query(`SELECT NULL AS key, 1 AS is_total, ${figures} FROM tickets t ${where([...ticketConditions(filters, total), timed])}`, total.values)));
    } else {
      const params = new SqlParams();
      const key = ticketGroupValue(grouping);
      rows = await manager.query(
        `SELECT ${groupKeyText(key, grouping)} AS key, GROUPING(${key}) AS is_total, ${figures}
           FROM tickets t
           ${where([...ticketConditions(filters, params), timed])}
          GROUP BY GROUPING SETS ((${key}), ())`,
        params.values,
      );
    }
    const read = (r: Record<string, unknown>): TimeFigures => {
      const fr = (r.fr_p as number[] | null) ?? [null, null];
      const re = (r.re_p as number[] | null) ?? [null, null];
      return {
        firstResponseTickets: int(r.fr_n),
        firstResponseMedian: fr[0] ?? null,
        firstResponseP90: fr[1] ?? null,
        resolutionTickets: int(r.re_n),
        resolutionMedian: re[0] ?? null,
        resolutionP90: re[1] ?? null,
      };
    };
    const groups = new Map<string, TimeFigures>();
    let total: TimeFigures | null = null;
    for (const row of rows) {
      if (int(row.is_total) === 1) total = read(row);
      else groups.set(String(row.key), read(row));
    }
    return {
      groups,
      total: total ?? { firstResponseTickets: 0, firstResponseMedian: null, firstResponseP90: null, resolutionTickets: 0, resolutionMedian: null, resolutionP90: null },
    };
  }

  /** Received and resolved per Bogotá day of the period, and the tickets open when it began. */
  async volume(manager: EntityManager, filters: ScopeFilters & { from: string; to: string }, source: FigureSource): Promise<{ days: Map<string, DayVolume>; openBefore: number }> {
    const days = new Map<string, DayVolume>();
    const add = (day: string, received: number, resolved: number) => {
      const figures = days.get(day) ?? { received: 0, resolved: 0 };
      days.set(day, { received: figures.received + received, resolved: figures.resolved + resolved });
    };
    if (source === 'rollup') {
      const params = new SqlParams();
      const rows: Array<Record<string, unknown>> = await manager.query(
        `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, sum(d.received) AS received, sum(d.resolved) AS resolved
           FROM report_daily d ${where(rollupConditions(filters, params))} GROUP BY d.day`,
        params.values,
      );
      for (const r of rows) add(String(r.day), int(r.received), int(r.resolved));
      const before = new SqlParams();
      const [open] = await manager.query(
        `SELECT COALESCE(sum(d.received) - sum(d.resolved), 0) AS open
           FROM report_daily d ${where([`d.day < ${before.bind(filters.from)}::date`, ...rollupConditions(filters, before, 'd', { period: false })])}`,
        before.values,
      );
      return { days, openBefore: int(open.open) };
    }
    const { start, end } = periodInstants(filters.from, filters.to);
    const received = new SqlParams();
    for (const r of await manager.query(
      `SELECT to_char(${bogotaDay('t.received_at')}, 'YYYY-MM-DD') AS day, count(*) AS n FROM tickets t ${where(ticketConditions(filters, received))} GROUP BY 1`,
      received.values,
    )) {
      add(String(r.day), int(r.n), 0);
    }
    const resolved = new SqlParams();
    const resolvedIn = [
      ...ticketConditions(filters, resolved, 't', { period: false }),
      `t.sla_resolved_at >= ${resolved.bind(start.toISOString())}::timestamptz`,
      `t.sla_resolved_at < ${resolved.bind(end.toISOString())}::timestamptz`,
    ];
    for (const r of await manager.query(
      `SELECT to_char(${bogotaDay('t.sla_resolved_at')}, 'YYYY-MM-DD') AS day, count(*) AS n FROM tickets t ${where(resolvedIn)} GROUP BY 1`,
      resolved.values,
    )) {
      add(String(r.day), 0, int(r.n));
    }
    const before = new SqlParams();
    const at = before.bind(start.toISOString());
    const [open] = await manager.query(
      `SELECT count(*) AS n FROM tickets t
        ${where([...ticketConditions(filters, before, 't', { period: false }), `t.received_at < ${at}::timestamptz`, `(t.sla_resolved_at IS NULL OR t.sla_resolved_at >= ${at}::timestamptz)`])}`,
      before.values,
    );
    return { days, openBefore: int(open.n) };
  }

  /**
   * Open tickets at `asOf` by age band and by group. The band cutoffs come from the business
   * calendar (see business-age.ts), so the SQL only compares received_at with instants.
   */
  async backlog(
    manager: EntityManager,
    filters: ScopeFilters,
    grouping: ReportGrouping,
    asOf: Date,
    bands: ReadonlyMap<AgeBandKey, { receivedBefore: Date | null }>,
  ): Promise<{ byBand: Map<AgeBandKey, BacklogCounts>; byGroup: Map<string, BacklogCounts> }> {
    const params = new SqlParams();
    const oldestFirst = [...AGE_BANDS].reverse().filter((band) => bands.get(band.key)?.receivedBefore);
    const band = `CASE ${oldestFirst.map((b) => `WHEN t.received_at < ${params.bind(bands.get(b.key)!.receivedBefore!.toISOString())}::timestamptz THEN '${b.key}'`).join(' ')} ELSE '${AGE_BANDS[0].key}' END`;
    const now = `${params.bind(asOf.toISOString())}::timestamptz`;
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT band, key, count(*) AS open, count(*) FILTER (WHERE at_risk) AS at_risk, count(*) FILTER (WHERE breached) AS breached
         FROM (SELECT ${band} AS band, ${groupKeyText(ticketGroupValue(grouping), grouping)} AS key,
                      ${DUE_KEY} <= ${now} AS breached,
                      ${DUE_KEY} > ${now} AND NOT t.sla_paused AND ${WARNED} AS at_risk
                 FROM tickets t
                 ${where([OPEN_STATUS_SQL, ...ticketConditions(filters, params, 't', { period: false })])}) s
        GROUP BY 1, 2`,
      params.values,
    );
    const byBand = new Map<AgeBandKey, BacklogCounts>();
    const byGroup = new Map<string, BacklogCounts>();
    const add = <K>(map: Map<K, BacklogCounts>, key: K, r: Record<string, unknown>) => {
      const c = map.get(key) ?? { open: 0, atRisk: 0, breached: 0 };
      map.set(key, { open: c.open + int(r.open), atRisk: c.atRisk + int(r.at_risk), breached: c.breached + int(r.breached) });
    };
    for (const r of rows) {
      add(byBand, r.band as AgeBandKey, r);
      add(byGroup, String(r.key), r);
    }
    return { byBand, byGroup };
  }

  /** Routing outcomes of the routed tickets received in the period, in the admin page's shape. */
  async routingOutcomes(manager: EntityManager, filters: ScopeFilters, source: FigureSource): Promise<RoutingOutcomeCount[]> {
    const params = new SqlParams();
    const rows: Array<{ rule_id: string | null; routed: string; final: string; tickets: string }> =
      source === 'rollup'
        ? await manager.query(
            `SELECT NULLIF(d.matched_rule, '') AS rule_id, d.routed_category AS routed, d.category AS final, sum(d.received) AS tickets
               FROM report_daily d ${where([...rollupConditions(filters, params), `d.routed_category <> ''`])}
              GROUP BY 1, 2, 3 HAVING sum(d.received) <> 0`,
            params.values,
          )
        : await manager.query(
            `SELECT t.matched_rule AS rule_id, ${routedCategory('t')} AS routed, t.category AS final, count(*) AS tickets
               FROM tickets t ${where([...ticketConditions(filters, params), 't.routing_rules_version IS NOT NULL'])}
              GROUP BY 1, 2, 3`,
            params.values,
          );
    return rows.map((r) => ({ ruleId: r.rule_id, routed: asCategory(r.routed), final: asCategory(r.final), tickets: int(r.tickets) }));
  }

  /** Tickets moved at the cutover, and mail to the retired mailbox after it, by ISO week of receipt. */
  async cutover(
    manager: EntityManager,
    filters: ScopeFilters & { from: string; to: string },
    cutover: { at: Date; retiredMailbox: string },
  ): Promise<{ moved: number; weeks: Map<string, CutoverWeek>; ticketsWithMail: number }> {
    const movedParams = new SqlParams();
    const [moved] = await manager.query(
      `SELECT count(DISTINCT e.ticket_id) AS n
         FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
        ${where([`e.kind = 'queue-moved'`, `e.detail->>'reason' = 'cutover'`, ...ticketConditions(filters, movedParams, 't', { period: false })])}`,
      movedParams.values,
    );
    const { start, end } = periodInstants(filters.from, filters.to);
    const week = (column: string) => `to_char(date_trunc('week', ${bogotaDay(column)}::timestamp)::date, 'YYYY-MM-DD')`;
    const mail = new SqlParams();
    // A merged ticket keeps no articles (they move to its survivor): the tickets are read only to filter them.
    const dimensions = ticketConditions(filters, mail, 't', { period: false, dimensionsOnly: true });
    const mailRows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${week('r.received_at')} AS week, GROUPING(${week('r.received_at')}) AS is_total, count(*) AS messages, count(DISTINCT a.ticket_id) AS tickets
         FROM article_receipts r
         JOIN articles a ON a.id = r.article_id
         ${dimensions.length ? 'JOIN tickets t ON t.id = a.ticket_id' : ''}
        ${where([
          `r.mailbox_address = ${mail.bind(cutover.retiredMailbox)}`,
          `r.received_at >= ${mail.bind(cutover.at.toISOString())}::timestamptz`,
          `r.received_at >= ${mail.bind(start.toISOString())}::timestamptz`,
          `r.received_at < ${mail.bind(end.toISOString())}::timestamptz`,
          ...dimensions,
        ])}
        GROUP BY GROUPING SETS ((${week('r.received_at')}), ())`,
      mail.values,
    );
    const created = new SqlParams();
    const newRows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${week('t.received_at')} AS week, count(*) AS n FROM tickets t
        ${where([
          `t.mailbox_address = ${created.bind(cutover.retiredMailbox)}`,
          `t.received_at >= ${created.bind(cutover.at.toISOString())}::timestamptz`,
          ...ticketConditions(filters, created),
        ])}
        GROUP BY 1`,
      created.values,
    );
    const weeks = new Map<string, CutoverWeek>();
    let ticketsWithMail = 0;
    for (const r of mailRows) {
      if (int(r.is_total) === 1) ticketsWithMail = int(r.tickets);
      else weeks.set(String(r.week), { messages: int(r.messages), tickets: int(r.tickets), newTickets: 0 });
    }
    for (const r of newRows) {
      const figures = weeks.get(String(r.week)) ?? { messages: 0, tickets: 0, newTickets: 0 };
      weeks.set(String(r.week), { ...figures, newTickets: int(r.n) });
    }
    return { moved: int(moved.n), weeks, ticketsWithMail };
  }

  async agentNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; name: string; email: string }> = await this.dataSource.query(
      `SELECT id::text AS id, name, email FROM users WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name || r.email]));
  }

  async ticketsPage(drill: TicketsDrill, context: DrillContext, cursor: TicketsCursor | undefined, limit: number): Promise<TicketRowData[]> {
    const { sql, params } = buildReportTicketsQuery(drill, context, { cursor, limit });
    return this.dataSource.query(sql, params);
  }
}
