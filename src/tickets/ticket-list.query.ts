import { ROUTING_CATEGORIES, type RoutingCategory } from '../routing/routing.types';
import type { TicketStatus } from './ticket-status';
import { jsonBogotaIso, jsonBoolean, jsonObject, jsonString } from './json-sql';

/**
 * Pure SQL building for the agents' ticket lists and sidebar counts. Everything
 * user-supplied goes in as a bind parameter; the only values inlined are the
 * validated status and category names, because PostgreSQL matches a partial index
 * only when the query's predicate is made of constants (`status IN ('new', …)`) and
 * a prepared statement keeps its generic plan only when nothing in it is bound (see
 * categoryLiteral), and the page size, an integer (see buildTicketListQuery).
 */

export const LIST_SORTS = ['due', 'newest', 'oldest'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** A ticket's SLA state as a queue row shows it (see `slaStateOf`). */
export const SLA_STATES = ['on-time', 'warning', 'breached', 'paused', 'met'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'open', 'waiting'];
export const DONE_STATUSES: readonly TicketStatus[] = ['resolved', 'closed'];

export interface TicketListFilter {
  queueMailbox?: string;
  category?: RoutingCategory;
  /** Absent: the open statuses (the work to do), unless `sla` is `met`. */
  statuses?: readonly TicketStatus[];
  /** A user id, or `unassigned`. (`me` is resolved to the actor's id before this point.) */
  assignee?: string | 'unassigned';
  sla?: SlaState;
  /** DIVIPOLA code of a municipality or department, as the ticket's entity. */
  entityCode?: string;
  /** Two-digit department code: the department itself and every municipality in it. */
  departmentCode?: string;
  receivedFrom?: Date;
  /** Exclusive. */
  receivedBefore?: Date;
  hasAttachments?: boolean;
  sort: ListSort;
  after?: ListCursor;
  limit: number;
}

export interface ListCursor {
  sort: ListSort;
  /** The sort key of the last row: a UTC timestamp with microseconds, or `infinity` (no running deadline). */
  key: string;
  id: string;
}

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** Earliest running deadline, with "none" last: the expression the partial due indexes are built on. */
export const DUE_KEY = `COALESCE(t.sla_next_due, 'infinity'::timestamptz)`;

/** Microsecond text of a timestamp, so a cursor compares exactly what PostgreSQL stored (JS Dates keep milliseconds). */
const keyText = (expression: string) =>
  `CASE WHEN isfinite(${expression}) THEN to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ELSE 'infinity' END`;

/**
 * A warning alert was recorded (75 % of a target, see SlaAlertsService) for the
 * current due time of a clock that still runs and is not yet overdue: met is
 * null exactly while a clock runs in time (stopped clocks get true or false).
 */
export const WARNED = `EXISTS (
      SELECT 1 FROM sla_alerts sa
       WHERE sa.ticket_id = t.id AND sa.point = 'warning'
         AND ((sa.clock = 'firstResponse' AND sa.due_at = t.sla_first_response_due AND t.sla_first_response_met IS NULL)
           OR (sa.clock = 'resolution' AND sa.due_at = t.sla_resolution_due AND t.sla_resolution_met IS NULL)
           OR (sa.clock = 'legal' AND sa.due_at = t.sla_legal_due AND t.sla_legal_met IS NULL)))`;

/** Inline attachments (images of a signature, cid: parts) are part of the body, not something to download. */
export const HAS_ATTACHMENTS = `EXISTS (
      SELECT 1 FROM articles ar JOIN article_attachments aa ON aa.article_id = ar.id
       WHERE ar.ticket_id = t.id AND NOT aa.inline)`;

const statusList = (statuses: readonly TicketStatus[]) => `(${statuses.map((s) => `'${s}'`).join(', ')})`;

/**
 * A category is one of four names, checked by the DTO and by a CHECK constraint, so it is
 * written out like the statuses: with no value left to bind, the list's prepared statement
 * gets the generic plan (a bound category keeps it re-planned, ~1 ms, on every request).
 */
function categoryLiteral(category: RoutingCategory): string {
  if (!(ROUTING_CATEGORIES as readonly string[]).includes(category)) throw new RangeError(`unknown category ${String(category)}`);
  return `'${category}'`;
}

/**
 * One queue row as the JSON text of a TicketListItem (see ticket-list.service.ts), built
 * by PostgreSQL so the page goes out as it comes (see json-sql.ts). `now` is the
 * placeholder of the request's instant, the same one slaStateOf would be given.
 */
function listItemJson(now: string): string {
  let sql = itemJsonByPlaceholder.get(now);
  if (sql === undefined) {
    sql = buildListItemJson(now);
    itemJsonByPlaceholder.set(now, sql);
  }
  return sql;
}

/** Built once per placeholder ($1 … $n): the same few kilobytes of SQL on every request otherwise. */
const itemJsonByPlaceholder = new Map<string, string>();

function buildListItemJson(now: string): string {
  const nextClock = `CASE t.sla_next_due WHEN t.sla_first_response_due THEN 'firstResponse'
                               WHEN t.sla_resolution_due THEN 'resolution'
                               WHEN t.sla_legal_due THEN 'legal' END`;
  // slaStateOf over the same facts; the deadline compared as a JS Date holds it, cut to milliseconds.
  const sla = `CASE WHEN t.status IN ${statusList(DONE_STATUSES)} THEN '"met"'
                    WHEN date_trunc('milliseconds', t.sla_next_due) <= ${now}::timestamptz THEN '"breached"'
                    WHEN t.sla_paused THEN '"paused"'
                    WHEN ${WARNED} THEN '"warning"'
                    ELSE '"on-time"' END`;
  // Escaping costs a function call per value (about half the cost of a page): values that are
  // constants here, digits, or held to a few names by a CHECK constraint (category, entity kind)
  // are quoted directly.
  const quoted = (expression: string) => `'"' || ${expression} || '"'`;
  return jsonObject([
    ['reference', jsonString('t.reference')],
    ['subject', jsonString('t.subject')],
    ['status', jsonString('t.status')],
    ['category', quoted('t.category')],
    ['queueMailbox', jsonString('t.queue_mailbox')],
    [
      'entity',
      `CASE WHEN t.entity_code IS NULL AND t.entity_name IS NULL THEN 'null' ELSE ${jsonObject([
        ['kind', `CASE WHEN t.entity_kind IS NULL THEN 'null' ELSE ${quoted('t.entity_kind')} END`],
        ['code', jsonString('t.entity_code')],
        ['name', jsonString('t.entity_name')],
        ['departmentCode', jsonString('t.entity_department_code')],
        ['departmentName', jsonString('t.entity_department_name')],
      ])} END`,
    ],
    [
      'assignee',
      `CASE WHEN t.assignee_user_id IS NULL THEN 'null' ELSE ${jsonObject([
        ['id', quoted('t.assignee_user_id::text')],
        ['name', jsonString(`COALESCE(u.name, '')`)],
      ])} END`,
    ],
    [
      'requester',
      jsonObject([
        ['address', jsonString('t.requester_address')],
        ['name', jsonString('t.requester_name')],
      ]),
    ],
    ['receivedAt', jsonBogotaIso('t.received_at')],
    [
      'nextDue',
      `CASE WHEN t.sla_next_due IS NULL OR ${nextClock} IS NULL THEN 'null' ELSE ${jsonObject([
        ['at', jsonBogotaIso('t.sla_next_due')],
        ['clock', quoted(nextClock)],
      ])} END`,
    ],
    ['sla', sla],
    ['hasAttachments', jsonBoolean(HAS_ATTACHMENTS)],
    ['version', 't.version::text'],
  ]);
}

/** What a list filter selects on, without paging: the list and the ticket-list export share it. */
export type ListFilterFields = Omit<TicketListFilter, 'sort' | 'after' | 'limit'>;

/**
 * The list filter as conditions on `t`, values bound through `bind` (`bindNow`: the instant SLA states are read at). The ticket-list export
 * (src/exports) selects with the same conditions, so a file holds exactly what the list shows.
 */
export function listFilterConditions(filter: ListFilterFields, bind: (value: unknown) => string, bindNow: () => string): string[] {
  const where: string[] = [];
  const statuses = filter.statuses ?? (filter.sla === 'met' ? undefined : OPEN_STATUSES);
  if (statuses) where.push(`t.status IN ${statusList(statuses)}`);
  if (filter.queueMailbox !== undefined) where.push(`t.queue_mailbox = ${bind(filter.queueMailbox)}`);
  if (filter.category !== undefined) where.push(`t.category = ${categoryLiteral(filter.category)}`);
  if (filter.assignee === 'unassigned') where.push(`t.assignee_user_id IS NULL`);
  else if (filter.assignee !== undefined) where.push(`t.assignee_user_id = ${bind(filter.assignee)}::bigint`);
  if (filter.entityCode !== undefined) where.push(`t.entity_code = ${bind(filter.entityCode)}`);
  if (filter.departmentCode !== undefined) where.push(`t.entity_department_code = ${bind(filter.departmentCode)}`);
  if (filter.receivedFrom !== undefined) where.push(`t.received_at >= ${bind(filter.receivedFrom.toISOString())}::timestamptz`);
  if (filter.receivedBefore !== undefined) where.push(`t.received_at < ${bind(filter.receivedBefore.toISOString())}::timestamptz`);
  if (filter.hasAttachments !== undefined) where.push(filter.hasAttachments ? HAS_ATTACHMENTS : `NOT ${HAS_ATTACHMENTS}`);
  if (filter.sla !== undefined) where.push(...slaConditions(filter.sla, bindNow));
  return where;
}

/**
 * The page's rows, one more than the limit (to know whether a page follows): each with
 * its item as JSON text, and the sort key and id a cursor after it is made of.
 */
export function buildTicketListQuery(filter: TicketListFilter, now: Date): SqlQuery {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let nowPlaceholder: string | undefined;
  const bindNow = () => (nowPlaceholder ??= bind(now.toISOString()));
  const where = listFilterConditions(filter, bind, bindNow);

  const order = orderOf(filter.sort);
  if (filter.after) {
    if (filter.after.sort !== filter.sort) throw new RangeError('cursor sort mismatch');
    where.push(`(${order.key}, t.id) ${order.direction === 'ASC' ? '>' : '<'} (${bind(filter.after.key)}::timestamptz, ${bind(filter.after.id)}::bigint)`);
  }
  // Written out, not bound: a prepared statement only switches to its generic plan when that
  // plan costs no more than the custom ones, and with `LIMIT $n` the planner must assume a
  // tenth of the table, so every list would be planned again. The DTO allows only integers.
  if (!Number.isSafeInteger(filter.limit) || filter.limit < 1) throw new RangeError(`invalid list limit ${String(filter.limit)}`);
  const limit = String(filter.limit + 1);

  const sql = `
    SELECT t.id, ${keyText(order.key)} AS sort_key,
           ${listItemJson(bindNow())} AS item
      FROM tickets t
      LEFT JOIN users u ON u.id = t.assignee_user_id
     ${where.length ? `WHERE ${where.join('\n       AND ')}` : ''}
     ORDER BY ${order.key} ${order.direction}, t.id ${order.direction}
     LIMIT ${limit}`;
  return { sql, params };
}

function orderOf(sort: ListSort): { key: string; direction: 'ASC' | 'DESC' } {
  if (sort === 'due') return { key: DUE_KEY, direction: 'ASC' };
  return { key: 't.received_at', direction: sort === 'newest' ? 'DESC' : 'ASC' };
}

/** The SQL twin of `slaStateOf`: each state narrows to the same rows the list labels with it. */
function slaConditions(state: SlaState, bindNow: () => string): string[] {
  if (state === 'met') return [`t.status IN ${statusList(DONE_STATUSES)}`];
  const now = `${bindNow()}::timestamptz`;
  const open = `t.status IN ${statusList(OPEN_STATUSES)}`;
  if (state === 'breached') return [open, `${DUE_KEY} <= ${now}`];
  const notOverdue = `${DUE_KEY} > ${now}`;
  if (state === 'paused') return [open, notOverdue, `t.sla_paused`];
  // Drawn from the warnings still ahead of their deadline (small, indexed), then checked exactly.
  if (state === 'warning') {
    return [open, notOverdue, `NOT t.sla_paused`, `t.id IN (SELECT w.ticket_id FROM sla_alerts w WHERE w.point = 'warning' AND w.due_at > ${now})`, WARNED];
  }
  return [open, notOverdue, `NOT t.sla_paused`, `NOT ${WARNED}`];
}

export interface SlaFacts {
  status: TicketStatus;
  nextDue: Date | null;
  paused: boolean;
  warned: boolean;
}

/**
 * - met: resolved or closed, every clock stopped (how each ended is in the ticket's SLA detail);
 * - breached: a clock that still runs is past its due time (even while another one is paused);
 * - paused: waiting on the official (a pause holds first response and resolution);
 * - warning: the warning point of a running clock was reached (its alert recorded);
 * - on-time: otherwise.
 */
export function slaStateOf(facts: SlaFacts, now: Date): SlaState {
  if (DONE_STATUSES.includes(facts.status)) return 'met';
  if (facts.nextDue !== null && facts.nextDue.getTime() <= now.getTime()) return 'breached';
  if (facts.paused) return 'paused';
  return facts.warned ? 'warning' : 'on-time';
}

/**
 * The sidebar: one grouped pass over the open tickets only, shared by every agent
 * (the per-agent "mine" is a separate, indexed count). Open tickets are the small,
 * hot part of the table and the partial due index covers every column read here,
 * so this is an index-only scan whose cost follows the backlog, not the table;
 * resolved and closed tickets are history, counted by reports rather than on every
 * page load. Warned tickets come from the warnings whose deadline is still ahead
 * (a small, indexed set) rather than one sla_alerts probe per open ticket.
 */
export function buildCountsQuery(now: Date): SqlQuery {
  const open = statusList(OPEN_STATUSES);
  const sql = `
    WITH warned AS (
      SELECT DISTINCT sa.ticket_id
        FROM sla_alerts sa JOIN tickets t ON t.id = sa.ticket_id
       WHERE sa.point = 'warning' AND sa.due_at > $1::timestamptz AND t.status IN ${open}
         AND ((sa.clock = 'firstResponse' AND sa.due_at = t.sla_first_response_due AND t.sla_first_response_met IS NULL)
           OR (sa.clock = 'resolution' AND sa.due_at = t.sla_resolution_due AND t.sla_resolution_met IS NULL)
           OR (sa.clock = 'legal' AND sa.due_at = t.sla_legal_due AND t.sla_legal_met IS NULL))
    )
    SELECT t.queue_mailbox, t.status, count(*)::int AS total,
           count(*) FILTER (WHERE t.assignee_user_id IS NULL)::int AS unassigned,
           count(*) FILTER (WHERE ${DUE_KEY} <= $1::timestamptz)::int AS breached,
           count(*) FILTER (WHERE ${DUE_KEY} > $1::timestamptz AND NOT t.sla_paused AND w.ticket_id IS NOT NULL)::int AS warning
      FROM tickets t
      LEFT JOIN warned w ON w.ticket_id = t.id
     WHERE t.status IN ${open}
     GROUP BY t.queue_mailbox, t.status`;
  return { sql, params: [now.toISOString()] };
}

/** One agent's open tickets per queue and status (the assignee index). */
export function buildMineCountsQuery(actorUserId: string): SqlQuery {
  return {
    sql: `SELECT t.queue_mailbox, t.status, count(*)::int AS total
            FROM tickets t WHERE t.assignee_user_id = $1::bigint AND t.status IN ${statusList(OPEN_STATUSES)}
           GROUP BY t.queue_mailbox, t.status`,
    params: [actorUserId],
  };
}

const CURSOR_KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z|infinity)$/;
const ID = /^[1-9]\d{0,18}$/;

/** Opaque to clients: base64url of the sort, the last row's sort key and its id. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, k: cursor.key, i: cursor.id }), 'utf8').toString('base64url');
}

/** Null when the text is not a cursor this API issued (tampered, truncated, or for another sort). */
export function decodeCursor(text: string, sort: ListSort): ListCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { s, k, i } = value as Record<string, unknown>;
  if (s !== sort || typeof k !== 'string' || typeof i !== 'string') return null;
  if (!CURSOR_KEY.test(k) || !ID.test(i)) return null;
  // Only the due sort has rows without a key (no running deadline); received_at is never null.
  if (k === 'infinity' && sort !== 'due') return null;
  return { sort, key: k, id: i };
}
