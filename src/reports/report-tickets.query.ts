import type { BusinessCalendar } from '../calendar/business-calendar';
import type { RoutingCategory } from '../routing/routing.types';
import { DUE_KEY, WARNED } from '../tickets/ticket-list.query';
import { AgeBandKey, ageBandRanges } from './business-age';
import { addDays, bogotaMidnight } from './report-period';
import { instantRange, routedCategory, ScopeFilters, SqlParams, ticketConditions } from './report-scope';

/**
 * The tickets behind a figure: a report's drill filter (see report-tables.ts) as SQL over
 * tickets, newest first, keyset-paginated on (received_at, id). Pure.
 */

export const OPEN_STATUS_SQL = `t.status IN ('new', 'open', 'waiting')`;
export const BACKLOG_STATES = ['open', 'at-risk', 'breached'] as const;
export type BacklogState = (typeof BACKLOG_STATES)[number];
export const TIMED_CLOCKS = ['firstResponse', 'resolution'] as const;
export type TimedClock = (typeof TIMED_CLOCKS)[number];

/** A drill filter, parsed: every key a report's figures use. */
export interface TicketsDrill extends ScopeFilters {
  firstResponseMet?: boolean;
  resolutionMet?: boolean;
  legalMet?: boolean;
  /** Tickets whose business time to this clock's stop is known (what the times report measures). */
  timed?: TimedClock;
  /** The resolution clock stopped on these Bogotá days. */
  resolvedFrom?: string;
  resolvedTo?: string;
  /** Open at the end of this Bogotá day: received by then, resolution clock not stopped by then. */
  openOn?: string;
  state?: BacklogState;
  ageBand?: AgeBandKey;
  /** The instant `state` and `ageBand` are read at (the report's). */
  asOf?: Date;
  routed?: boolean;
  /** A matched rule id, or null for tickets no rule matched. */
  rule?: string | null;
  routedCategory?: RoutingCategory;
  recategorized?: boolean;
  movedAtCutover?: boolean;
  /** Mail that reached the retired mailbox (kpt@) after the cutover, on these days. */
  retiredMailFrom?: string;
  retiredMailTo?: string;
  /** Tickets created by mail to the retired mailbox after the cutover. */
  arrivedAfterCutover?: boolean;
}

export interface DrillContext {
  calendar: BusinessCalendar;
  cutover: { at: Date; retiredMailbox: string };
  now: Date;
}

export interface TicketsCursor {
  /** received_at as UTC text with microseconds (what PostgreSQL stores; a JS Date keeps milliseconds). */
  key: string;
  id: string;
}

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

const MET_COLUMNS = { firstResponseMet: 't.sla_first_response_met', resolutionMet: 't.sla_resolution_met', legalMet: 't.sla_legal_met' } as const;
const MINUTES_COLUMNS: Record<TimedClock, string> = {
  firstResponse: 't.sla_first_response_business_minutes',
  resolution: 't.sla_resolution_business_minutes',
};

export function drillConditions(drill: TicketsDrill, params: SqlParams, context: DrillContext): string[] {
  const conditions = ticketConditions(drill, params);
  for (const [key, column] of Object.entries(MET_COLUMNS) as Array<[keyof typeof MET_COLUMNS, string]>) {
    if (drill[key] !== undefined) conditions.push(`${column} = ${drill[key] ? 'true' : 'false'}`);
  }
  if (drill.timed) conditions.push(`${MINUTES_COLUMNS[drill.timed]} IS NOT NULL`);
  conditions.push(...instantRange('t.sla_resolved_at', drill.resolvedFrom, drill.resolvedTo, params));
  if (drill.openOn !== undefined) {
    const end = params.bind(bogotaMidnight(addDays(drill.openOn, 1)).toISOString());
    conditions.push(`t.received_at < ${end}::timestamptz`, `(t.sla_resolved_at IS NULL OR t.sla_resolved_at >= ${end}::timestamptz)`);
  }
  const asOf = drill.asOf ?? context.now;
  if (drill.state !== undefined) {
    conditions.push(OPEN_STATUS_SQL);
    if (drill.state === 'breached') conditions.push(`${DUE_KEY} <= ${params.bind(asOf.toISOString())}::timestamptz`);
    if (drill.state === 'at-risk') conditions.push(`${DUE_KEY} > ${params.bind(asOf.toISOString())}::timestamptz`, 'NOT t.sla_paused', WARNED);
  }
  if (drill.ageBand !== undefined) {
    const range = ageBandRanges(context.calendar, asOf).get(drill.ageBand)!;
    if (range.receivedFrom) conditions.push(`t.received_at >= ${params.bind(range.receivedFrom.toISOString())}::timestamptz`);
    if (range.receivedBefore) conditions.push(`t.received_at < ${params.bind(range.receivedBefore.toISOString())}::timestamptz`);
  }
  const routing = drill.routed || drill.rule !== undefined || drill.routedCategory !== undefined || drill.recategorized !== undefined;
  if (routing) conditions.push('t.routing_rules_version IS NOT NULL');
  if (drill.rule === null) conditions.push('t.matched_rule IS NULL');
  else if (drill.rule !== undefined) conditions.push(`t.matched_rule = ${params.bind(drill.rule)}`);
  if (drill.routedCategory !== undefined) conditions.push(`${routedCategory('t')} = ${params.bind(drill.routedCategory)}`);
  if (drill.recategorized !== undefined) conditions.push(`${routedCategory('t')} ${drill.recategorized ? '<>' : '='} t.category`);
  if (drill.movedAtCutover) {
    conditions.push(`EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'queue-moved' AND e.detail->>'reason' = 'cutover')`);
  }
  if (drill.retiredMailFrom !== undefined || drill.retiredMailTo !== undefined) {
    const mail = [
      `r.mailbox_address = ${params.bind(context.cutover.retiredMailbox)}`,
      `r.received_at >= ${params.bind(context.cutover.at.toISOString())}::timestamptz`,
      ...instantRange('r.received_at', drill.retiredMailFrom, drill.retiredMailTo, params),
    ];
    conditions.push(`EXISTS (SELECT 1 FROM article_receipts r JOIN articles a ON a.id = r.article_id WHERE a.ticket_id = t.id AND ${mail.join(' AND ')})`);
  }
  if (drill.arrivedAfterCutover) {
    conditions.push(
      `t.mailbox_address = ${params.bind(context.cutover.retiredMailbox)}`,
      `t.received_at >= ${params.bind(context.cutover.at.toISOString())}::timestamptz`,
    );
  }
  return conditions;
}

/**
 * One page (`limit` + 1 rows, to know whether another follows) after `cursor`; without a page,
 * every row in order, for a caller that streams them (the exports).
 */
export function buildReportTicketsQuery(drill: TicketsDrill, context: DrillContext, page?: { cursor?: TicketsCursor; limit: number }): SqlQuery {
  const params = new SqlParams();
  const conditions = drillConditions(drill, params, context);
  if (page?.cursor) {
    conditions.push(`(t.received_at, t.id) < (${params.bind(page.cursor.key)}::timestamptz, ${params.bind(page.cursor.id)}::bigint)`);
  }
  if (page && (!Number.isSafeInteger(page.limit) || page.limit < 1)) throw new RangeError(`invalid page size ${String(page.limit)}`);
  const sql = `
    SELECT t.id::text AS id,
           to_char(t.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key,
           t.reference, t.subject, t.status, t.category, t.queue_mailbox, t.mailbox_address, t.received_at,
           t.assignee_user_id::text AS assignee_user_id, t.entity_code, t.entity_name,
           t.sla_first_response_met, t.sla_resolution_met, t.sla_legal_met,
           t.sla_first_response_business_minutes, t.sla_resolution_business_minutes, t.sla_resolved_at
      FROM tickets t
     WHERE ${conditions.join('\n       AND ')}
     ORDER BY t.received_at DESC, t.id DESC
     ${page ? `LIMIT ${page.limit + 1}` : ''}`;
  return { sql, params: params.values };
}
