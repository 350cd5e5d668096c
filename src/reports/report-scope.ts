import type { RoutingCategory } from '../routing/routing.types';
import { addDays, bogotaMidnight, TimeGrouping } from './report-period';
import type { ReportGrouping } from './report.types';

/**
 * The SQL shared by the report queries: the filters as conditions, on the tickets themselves
 * (raw) or on the daily rollup, and the grouping keys. Pure; every value a user sent goes in
 * as a bind parameter.
 */

/** The dimensions a report (or a figure's drill) narrows tickets by. */
export interface ScopeFilters {
  from?: string;
  to?: string;
  mailbox?: string;
  category?: RoutingCategory;
  /** An account id, or `unassigned`. */
  agentId?: string;
  department?: string;
  entity?: string;
}

export const UNASSIGNED = 'unassigned';
/** `department` for tickets whose entity (hence department) is unknown. */
export const NO_DEPARTMENT = 'none';

/** Bind parameters in order; `bind` returns the placeholder of a value. */
export class SqlParams {
  readonly values: unknown[] = [];

  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The Bogotá day of a timestamp column, as a date. A fixed offset (UTC−5 all year since 1993)
 * instead of `AT TIME ZONE 'America/Bogota'`: no time-zone lookup per row, which halves the
 * cost of bucketing a year of tickets.
 */
export const bogotaDay = (column: string) => `((${column} AT TIME ZONE 'UTC') - interval '5 hours')::date`;

/**
 * The category routing chose: the `from` of the ticket's first recategorization, else its
 * category. The admin page's routing accuracy (src/admin/routing-outcomes.query.ts) and the
 * rollup's trigger (migration 1733500000000) read it the same way; the rollup test checks all three agree.
 */
export const routedCategory = (t: string) =>
  `COALESCE((SELECT c.from_category FROM ticket_category_changes c WHERE c.ticket_id = ${t}.id ORDER BY c.changed_at, c.id LIMIT 1), ${t}.category)`;

/** Tickets that count in any report: merged ones live on in their survivor. */
export function ticketConditions(filters: ScopeFilters, params: SqlParams, t = 't', options: { period?: boolean; dimensionsOnly?: boolean } = {}): string[] {
  const conditions = options.dimensionsOnly ? [] : [`${t}.merged_into_ticket_id IS NULL`];
  if (options.period ?? true) conditions.push(...instantRange(`${t}.received_at`, filters.from, filters.to, params));
  conditions.push(...dimensionConditions(filters, params, { mailbox: `${t}.queue_mailbox`, category: `${t}.category` }));
  if (filters.department === NO_DEPARTMENT) conditions.push(`${t}.entity_department_code IS NULL`);
  else if (filters.department !== undefined) conditions.push(`${t}.entity_department_code = ${params.bind(filters.department)}`);
  if (filters.agentId === UNASSIGNED) conditions.push(`${t}.assignee_user_id IS NULL`);
  else if (filters.agentId !== undefined) conditions.push(`${t}.assignee_user_id = ${params.bind(filters.agentId)}::bigint`);
  if (filters.entity !== undefined) conditions.push(`${t}.entity_code = ${params.bind(filters.entity)}`);
  return conditions;
}

/**
 * The same filters on report_daily (see migration 1733500000000), whose rows are days: the
 * period is on `day`, which is the day of receipt or of resolution depending on the measure.
 * The rollup has no entity: callers read the tickets when an entity is asked for.
 */
export function rollupConditions(filters: ScopeFilters, params: SqlParams, d = 'd', options: { period?: boolean } = {}): string[] {
  if (filters.entity !== undefined) throw new RangeError('report_daily has no entity: read the tickets');
  const conditions: string[] = [];
  if ((options.period ?? true) && filters.from && filters.to) {
    conditions.push(`${d}.day BETWEEN ${params.bind(filters.from)}::date AND ${params.bind(filters.to)}::date`);
  }
  conditions.push(...dimensionConditions(filters, params, { mailbox: `${d}.queue_mailbox`, category: `${d}.category` }));
  if (filters.department !== undefined) conditions.push(`${d}.department_code = ${params.bind(filters.department === NO_DEPARTMENT ? '' : filters.department)}`);
  if (filters.agentId === UNASSIGNED) conditions.push(`${d}.assignee_user_id = 0`);
  else if (filters.agentId !== undefined) conditions.push(`${d}.assignee_user_id = ${params.bind(filters.agentId)}::bigint`);
  return conditions;
}

function dimensionConditions(filters: ScopeFilters, params: SqlParams, columns: { mailbox: string; category: string }): string[] {
  const conditions: string[] = [];
  if (filters.mailbox !== undefined) conditions.push(`${columns.mailbox} = ${params.bind(filters.mailbox)}`);
  if (filters.category !== undefined) conditions.push(`${columns.category} = ${params.bind(filters.category)}`);
  return conditions;
}

/** A timestamp column within whole Bogotá days `from`..`to` (either may be absent). */
export function instantRange(column: string, from: string | undefined, to: string | undefined, params: SqlParams): string[] {
  const conditions: string[] = [];
  if (from !== undefined) conditions.push(`${column} >= ${params.bind(bogotaMidnight(from).toISOString())}::timestamptz`);
  if (to !== undefined) conditions.push(`${column} < ${params.bind(bogotaMidnight(addDays(to, 1)).toISOString())}::timestamptz`);
  return conditions;
}

export function isTimeGrouping(grouping: ReportGrouping): grouping is TimeGrouping {
  return grouping === 'day' || grouping === 'week' || grouping === 'month';
}

/** A Bogotá date expression truncated to its bucket (a date). */
function bucketDate(dayExpression: string, grouping: TimeGrouping): string {
  return grouping === 'day' ? dayExpression : `date_trunc('${grouping}', (${dayExpression})::timestamp)::date`;
}

/**
 * The group a ticket falls in, as a value that sorts cheaply (a date, or text in the "C"
 * collation): a bucket's first day (by day of receipt), a category, a queue, an account id
 * ('' unassigned) or a department code ('' unknown). groupKeyText turns it into the key text.
 */
export function ticketGroupValue(grouping: ReportGrouping, t = 't'): string {
  switch (grouping) {
    case 'day':
    case 'week':
    case 'month':
      return bucketDate(bogotaDay(`${t}.received_at`), grouping);
    case 'category':
      return `${t}.category COLLATE "C"`;
    case 'mailbox':
      return `${t}.queue_mailbox COLLATE "C"`;
    case 'agent':
      return `COALESCE(${t}.assignee_user_id::text, '') COLLATE "C"`;
    case 'department':
      return `COALESCE(${t}.entity_department_code, '') COLLATE "C"`;
  }
}

/** The same groups on report_daily. */
export function rollupGroupValue(grouping: ReportGrouping, d = 'd'): string {
  switch (grouping) {
    case 'day':
    case 'week':
    case 'month':
      return bucketDate(`${d}.day`, grouping);
    case 'category':
      return `${d}.category COLLATE "C"`;
    case 'mailbox':
      return `${d}.queue_mailbox COLLATE "C"`;
    case 'agent':
      return `(CASE WHEN ${d}.assignee_user_id = 0 THEN '' ELSE ${d}.assignee_user_id::text END) COLLATE "C"`;
    case 'department':
      return `${d}.department_code COLLATE "C"`;
  }
}

/** A group value as the key text the tables use (`YYYY-MM-DD` for buckets). */
export function groupKeyText(value: string, grouping: ReportGrouping): string {
  return isTimeGrouping(grouping) ? `to_char(${value}, 'YYYY-MM-DD')` : `(${value})::text`;
}

export function where(conditions: readonly string[]): string {
  return conditions.length ? `WHERE ${conditions.join('\n       AND ')}` : '';
}
