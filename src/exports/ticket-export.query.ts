import { parseIsoDateTime } from '../common/time/bogota-time';
import { ROUTING_CATEGORIES, RoutingCategory } from '../routing/routing.types';
import type { TicketStatus } from '../tickets/entities/ticket.entity';
import { ListFilterFields, listFilterConditions, OPEN_STATUSES, SLA_STATES, SlaState } from '../tickets/ticket-list.query';
import type { ExportColumn } from './export-writers';

/**
 * The tickets of an export: the agents' list filter (GET /api/tickets), or a report figure's
 * drill filter (applied by the reports feature's drillConditions), read in one ordered pass by
 * a cursor. Pure: builds SQL with bind parameters, no I/O.
 */

export const TICKET_STATUSES: readonly TicketStatus[] = ['new', 'open', 'waiting', 'resolved', 'closed'];

/** The agents' list filter without paging (statuses absent: the open ones, as the list shows). */
export type TicketExportFilter = ListFilterFields;

/** The agents' list query keys (GET /api/tickets). */
export const LIST_FILTER_KEYS = ['queue', 'category', 'status', 'assignee', 'sla', 'entity', 'department', 'receivedFrom', 'receivedTo', 'hasAttachments'] as const;
/** Keys only a report figure's drill filter has (see src/reports/report-tickets.query.ts): their presence makes `filters` a drill. */
export const DRILL_ONLY_KEYS = [
  'from', 'to', 'mailbox', 'agentId', 'groupBy', 'firstResponseMet', 'resolutionMet', 'legalMet', 'timed', 'resolvedFrom', 'resolvedTo', 'openOn',
  'state', 'ageBand', 'asOf', 'routed', 'rule', 'routedCategory', 'recategorized', 'movedAtCutover', 'retiredMailFrom', 'retiredMailTo', 'arrivedAfterCutover',
] as const;
const LIST_ONLY_KEYS: readonly string[] = ['queue', 'status', 'assignee', 'sla', 'receivedFrom', 'receivedTo', 'hasAttachments'];

export type TicketExportSelection =
  | { source: 'list'; filter: TicketExportFilter }
  /** A report figure's drill filter, as its text values: the reports feature parses and applies it. */
  | { source: 'drill'; drill: Record<string, string> };

/** Which kind of filter a ticket export got: a figure's drill (it has a drill key) or the agents' list filter. */
export function classifyTicketFilters(raw: Record<string, unknown>): 'list' | 'drill' | 'mixed' {
  const keys = Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null && raw[k] !== '');
  const drill = keys.some((k) => (DRILL_ONLY_KEYS as readonly string[]).includes(k));
  const list = keys.some((k) => LIST_ONLY_KEYS.includes(k));
  return drill && list ? 'mixed' : drill ? 'drill' : 'list';
}

const KNOWN_KEYS: readonly string[] = [...LIST_FILTER_KEYS];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const ID = /^[1-9]\d{0,18}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export type ParsedTicketFilter = { ok: true; filter: TicketExportFilter } | { ok: false; problems: string[] };
export type ParsedTicketSelection = { ok: true; selection: TicketExportSelection } | { ok: false; problems: string[] };

/**
 * Reads the `filters` of a ticket export as the web UI sends them: the agent list's query
 * (`queue`, `status=new,open`, `receivedFrom`…) or the drill filter of a report's figure
 * (`from`, `to`, `firstResponseMet`, `state`…, see report-tables.ts). Both at once is refused.
 */
export function parseTicketSelection(raw: unknown, requesterId: string): ParsedTicketSelection {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problems: ['filters debe ser un objeto'] };
  const input = raw as Record<string, unknown>;
  const kind = classifyTicketFilters(input);
  if (kind === 'mixed') {
    return { ok: false, problems: [`no se pueden mezclar filtros de la lista de tickets (${LIST_ONLY_KEYS.join(', ')}) con los de una cifra de un informe`] };
  }
  if (kind === 'list') {
    const parsed = parseTicketExportFilter(input, requesterId);
    return parsed.ok ? { ok: true, selection: { source: 'list', filter: parsed.filter } } : parsed;
  }
  const drill: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') drill[key] = String(value);
    else problems.push(`${key} debe ser un texto`);
  }
  return problems.length ? { ok: false, problems } : { ok: true, selection: { source: 'drill', drill } };
}

/** A Bogotá day's first instant, or null for an impossible day. */
function dayStart(text: string): Date | null {
  return DAY.test(text) ? parseIsoDateTime(`${text}T00:00:00-05:00`) : null;
}

/** A date is a whole Bogotá day (as an end, up to the next day's start); otherwise an ISO-8601 instant. */
function instantOf(text: string, end: boolean): Date | null {
  if (DAY.test(text)) {
    const start = dayStart(text);
    return start && end ? new Date(start.getTime() + DAY_MS) : start;
  }
  return parseIsoDateTime(text);
}

/**
 * The agents' list filter, with the list's meaning: without `status`, the open tickets
 * (unless sla=met). Unknown keys are refused, never ignored: an export that silently
 * dropped a filter would hand out more tickets than the person asked for.
 */
export function parseTicketExportFilter(raw: unknown, requesterId: string): ParsedTicketFilter {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problems: ['filters debe ser un objeto'] };
  const input = raw as Record<string, unknown>;
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = input[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value === 'string') return value.trim();
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
    problems.push(`${key} debe ser un texto`);
    return undefined;
  };
  const unknown = Object.keys(input).filter((key) => !KNOWN_KEYS.includes(key));
  if (unknown.length) problems.push(`filtros no reconocidos: ${unknown.join(', ')} (la lista de tickets admite: ${KNOWN_KEYS.join(', ')})`);

  const filter: TicketExportFilter = {};
  const queue = text('queue');
  if (queue !== undefined) {
    if (!EMAIL.test(queue)) problems.push('queue debe ser la dirección de un buzón');
    else filter.queueMailbox = queue.toLowerCase();
  }
  const category = text('category');
  if (category !== undefined) {
    if (!(ROUTING_CATEGORIES as readonly string[]).includes(category)) problems.push(`category debe ser una de: ${ROUTING_CATEGORIES.join(', ')}`);
    else filter.category = category as RoutingCategory;
  }
  const status = text('status');
  if (status !== undefined) {
    const list = status.split(',').map((s) => s.trim()).filter(Boolean);
    if (list.length === 0 || list.some((s) => !(TICKET_STATUSES as readonly string[]).includes(s))) problems.push(`status debe ser uno o varios de: ${TICKET_STATUSES.join(', ')}`);
    else filter.statuses = [...new Set(list)] as TicketStatus[];
  }
  const assignee = text('assignee');
  if (assignee !== undefined) {
    if (assignee === 'me') filter.assignee = requesterId;
    else if (assignee === 'unassigned' || ID.test(assignee)) filter.assignee = assignee;
    else problems.push('assignee debe ser me, unassigned o el id de una cuenta');
  }
  const sla = text('sla');
  if (sla !== undefined) {
    if (!(SLA_STATES as readonly string[]).includes(sla)) problems.push(`sla debe ser uno de: ${SLA_STATES.join(', ')}`);
    else filter.sla = sla as SlaState;
  }
  const entity = text('entity');
  if (entity !== undefined) {
    if (!/^(\d{2}|\d{5})$/.test(entity)) problems.push('entity debe ser un código DIVIPOLA de 2 o 5 dígitos');
    else filter.entityCode = entity;
  }
  const department = text('department');
  if (department !== undefined) {
    if (!/^\d{2}$/.test(department)) problems.push('department debe ser un código DIVIPOLA de 2 dígitos');
    else filter.departmentCode = department;
  }
  const hasAttachments = text('hasAttachments');
  if (hasAttachments !== undefined) {
    if (hasAttachments !== 'true' && hasAttachments !== 'false') problems.push('hasAttachments debe ser true o false');
    else filter.hasAttachments = hasAttachments === 'true';
  }
  for (const [key, end] of [['receivedFrom', false], ['receivedTo', true]] as const) {
    const value = text(key);
    if (value === undefined) continue;
    const instant = instantOf(value, end);
    if (!instant) problems.push(`${key} debe ser una fecha AAAA-MM-DD o un instante ISO-8601`);
    else if (end) filter.receivedBefore = instant;
    else filter.receivedFrom = instant;
  }
  if (filter.receivedFrom && filter.receivedBefore && filter.receivedFrom.getTime() >= filter.receivedBefore.getTime()) {
    problems.push('receivedFrom debe ser anterior a receivedTo');
  }
  if (filter.statuses === undefined && filter.sla !== 'met') filter.statuses = OPEN_STATUSES;
  return problems.length ? { ok: false, problems } : { ok: true, filter };
}

export interface TicketExportQuery {
  /** The rows, in received order, as arrays (see TICKET_EXPORT_COLUMNS). */
  sql: string;
  /** How many rows `sql` yields (run in the same snapshot for an exact total). */
  countSql: string;
  params: unknown[];
}

/** Bind parameters in order (the same shape as the reports' SqlParams, so their drill conditions bind here too). */
export class ExportSqlParams {
  readonly values: unknown[] = [];

  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Bogotá wall time as epoch milliseconds (see ExportCell): fixed UTC−5, Colombia has no DST. */
const wallMs = (column: string) => `(extract(epoch FROM ${column}) * 1000 - 18000000)::float8`;

/** The agents' list filter as conditions on `t`: the list's own (listFilterConditions), so a file holds what the list shows. */
export function listConditions(filter: TicketExportFilter, params: ExportSqlParams, now: Date): string[] {
  const statuses = filter.statuses?.filter((s) => TICKET_STATUSES.includes(s));
  const bind = (value: unknown) => params.bind(value);
  let nowPlaceholder: string | undefined;
  return listFilterConditions({ ...filter, statuses }, bind, () => (nowPlaceholder ??= bind(now.toISOString())));
}

/** Every ticket the conditions select, oldest first, with the columns agents see. */
export function buildTicketExportQuery(conditions: readonly string[], params: ExportSqlParams): TicketExportQuery {
  const whereSql = conditions.length ? `WHERE ${conditions.join('\n       AND ')}` : '';
  const sql = `
    SELECT t.reference, t.subject, t.status, t.category, t.queue_mailbox,
           t.entity_name, t.entity_code, t.entity_department_name, u.name,
           ${wallMs('t.received_at')},
           ${wallMs('t.sla_first_response_due')}, t.sla_first_response_met,
           ${wallMs('t.sla_resolution_due')}, t.sla_resolution_met,
           ${wallMs('t.sla_legal_due')}, t.sla_legal_met
      FROM tickets t
      LEFT JOIN users u ON u.id = t.assignee_user_id
     ${whereSql}
     ORDER BY t.received_at, t.id`;
  const countSql = `SELECT count(*)::float8 AS total FROM tickets t ${whereSql}`;
  return { sql, countSql, params: params.values };
}

const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'Nuevo',
  open: 'Abierto',
  waiting: 'Esperando respuesta de la entidad',
  resolved: 'Resuelto',
  closed: 'Cerrado',
};

const CATEGORY_LABELS: Record<RoutingCategory, string> = {
  users: 'Usuarios SisPT',
  tech: 'Soporte técnico',
  formulation: 'Formulación y seguimiento',
  unclassified: 'Sin clasificar',
};

/** The columns agents see, in Spanish; times are Bogotá's. */
export const TICKET_EXPORT_COLUMNS: ExportColumn[] = [
  { header: 'Radicado', kind: 'text', width: 18 },
  { header: 'Asunto', kind: 'text', width: 50 },
  { header: 'Estado', kind: 'text', width: 18 },
  { header: 'Categoría', kind: 'text', width: 24 },
  { header: 'Buzón', kind: 'text', width: 32 },
  { header: 'Entidad', kind: 'text', width: 28 },
  { header: 'Código DIVIPOLA', kind: 'text', width: 10 },
  { header: 'Departamento', kind: 'text', width: 20 },
  { header: 'Asignado a', kind: 'text', width: 24 },
  { header: 'Recibido (hora de Colombia)', kind: 'datetime', width: 18 },
  { header: 'Vence primera respuesta', kind: 'datetime', width: 18 },
  { header: 'Primera respuesta a tiempo', kind: 'text', width: 12 },
  { header: 'Vence solución', kind: 'datetime', width: 18 },
  { header: 'Solución a tiempo', kind: 'text', width: 12 },
  { header: 'Vence término legal', kind: 'datetime', width: 18 },
  { header: 'Término legal cumplido', kind: 'text', width: 12 },
];

/** Met: yes or no once a clock stopped; empty while it runs (or never started). */
const met = (value: unknown): string | null => (value === true ? 'Sí' : value === false ? 'No' : null);
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** One row of the query (array mode) as export cells, labels in Spanish. */
export function ticketExportCells(row: unknown[]): Array<string | number | null> {
  return [
    str(row[0]),
    str(row[1]),
    STATUS_LABELS[row[2] as TicketStatus] ?? str(row[2]),
    CATEGORY_LABELS[row[3] as RoutingCategory] ?? str(row[3]),
    str(row[4]),
    str(row[5]),
    str(row[6]),
    str(row[7]),
    str(row[8]),
    num(row[9]),
    num(row[10]),
    met(row[11]),
    num(row[12]),
    met(row[13]),
    num(row[14]),
    met(row[15]),
  ];
}
