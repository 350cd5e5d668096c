import { ROUTING_CATEGORIES, RoutingCategory } from '../routing/routing.types';
import { AGE_BAND_KEYS, AgeBandKey } from './business-age';
import { daysInPeriod, isIsoDay } from './report-period';
import { NO_DEPARTMENT, UNASSIGNED } from './report-scope';
import { NO_RULE } from './report-tables';
import { BACKLOG_STATES, BacklogState, TIMED_CLOCKS, TimedClock, TicketsDrill } from './report-tickets.query';
import { DrillFilter, REPORT_GROUPINGS, ReportFilters, ReportGrouping } from './report.types';

/**
 * Filters as the service takes them from any caller (the API's DTOs, the exports, the weekly
 * mail), checked and normalized; every problem is a Spanish sentence. Pure.
 */

/** Three years: a report reads a year in well under a second; longer periods grow with it. */
export const MAX_PERIOD_DAYS = 1096;

export const AGENT_PATTERN = /^([1-9]\d{0,18}|unassigned)$/;
export const DEPARTMENT_PATTERN = /^(\d{2}|none)$/;
export const ENTITY_PATTERN = /^(\d{2}|\d{5})$/;
const MAILBOX_PATTERN = /^[^\s@]+@[^\s@]+$/;

export class ReportFilterError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ReportFilterError';
  }
}

type Input = Record<string, unknown>;

function text(input: Input, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value.trim() : String(value);
}

function check(problems: string[], value: string | undefined, ok: (v: string) => boolean, message: string): string | undefined {
  if (value === undefined) return undefined;
  if (!ok(value)) {
    problems.push(message);
    return undefined;
  }
  return value;
}

function period(problems: string[], from: string | undefined, to: string | undefined, keys: [string, string], required: boolean): void {
  if (required && from === undefined) problems.push(`${keys[0]} es obligatorio (fecha AAAA-MM-DD)`);
  if (required && to === undefined) problems.push(`${keys[1]} es obligatorio (fecha AAAA-MM-DD)`);
  if (from !== undefined && !isIsoDay(from)) problems.push(`${keys[0]} debe ser una fecha AAAA-MM-DD válida`);
  if (to !== undefined && !isIsoDay(to)) problems.push(`${keys[1]} debe ser una fecha AAAA-MM-DD válida`);
  if (from && to && isIsoDay(from) && isIsoDay(to)) {
    if (from > to) problems.push(`${keys[0]} (${from}) no puede ser posterior a ${keys[1]} (${to})`);
    else if (daysInPeriod(from, to) > MAX_PERIOD_DAYS) problems.push(`el periodo no puede pasar de ${MAX_PERIOD_DAYS} días (tres años)`);
  }
}

/** The dimensions shared by reports and drills. */
function dimensions(input: Input, problems: string[]): Omit<ReportFilters, 'from' | 'to' | 'groupBy'> {
  const filters: Omit<ReportFilters, 'from' | 'to' | 'groupBy'> = {};
  const mailbox = check(problems, text(input, 'mailbox'), (v) => MAILBOX_PATTERN.test(v), 'mailbox debe ser la dirección de un buzón');
  if (mailbox) filters.mailbox = mailbox.toLowerCase();
  const category = check(problems, text(input, 'category'), (v) => (ROUTING_CATEGORIES as readonly string[]).includes(v), `category debe ser una de: ${ROUTING_CATEGORIES.join(', ')}`);
  if (category) filters.category = category as RoutingCategory;
  const agent = check(problems, text(input, 'agentId'), (v) => AGENT_PATTERN.test(v), `agent debe ser el id de una cuenta o ${UNASSIGNED}`);
  if (agent) filters.agentId = agent;
  const department = check(problems, text(input, 'department'), (v) => DEPARTMENT_PATTERN.test(v), `department debe ser un código DIVIPOLA de 2 dígitos o ${NO_DEPARTMENT}`);
  if (department) filters.department = department;
  const entity = check(problems, text(input, 'entity'), (v) => ENTITY_PATTERN.test(v), 'entity debe ser un código DIVIPOLA de 2 o 5 dígitos');
  if (entity) filters.entity = entity;
  return filters;
}

/** A report's filters: the period is required. Throws ReportFilterError. */
export function parseReportFilters(input: Partial<ReportFilters> | Input): ReportFilters {
  const raw = input as Input;
  const problems: string[] = [];
  const from = text(raw, 'from');
  const to = text(raw, 'to');
  period(problems, from, to, ['from', 'to'], true);
  const dims = dimensions(raw, problems);
  const groupBy = check(problems, text(raw, 'groupBy'), (v) => (REPORT_GROUPINGS as readonly string[]).includes(v), `groupBy debe ser uno de: ${REPORT_GROUPINGS.join(', ')}`);
  if (problems.length) throw new ReportFilterError(problems);
  return { from: from!, to: to!, ...dims, ...(groupBy ? { groupBy: groupBy as ReportGrouping } : {}) };
}

const TRUE_FALSE = ['true', 'false'];

/** The keys a drill filter may carry (besides the report dimensions), with what each accepts. */
export const DRILL_KEYS = [
  'from',
  'to',
  'mailbox',
  'category',
  'agentId',
  'department',
  'entity',
  'firstResponseMet',
  'resolutionMet',
  'legalMet',
  'timed',
  'resolvedFrom',
  'resolvedTo',
  'openOn',
  'state',
  'ageBand',
  'asOf',
  'routed',
  'rule',
  'routedCategory',
  'recategorized',
  'movedAtCutover',
  'retiredMailFrom',
  'retiredMailTo',
  'arrivedAfterCutover',
] as const;

/** A figure's drill filter (strings, as in a URL) into the query the ticket list runs. Throws ReportFilterError. */
export function parseDrill(filter: DrillFilter | Input): TicketsDrill {
  const raw = filter as Input;
  const problems: string[] = [];
  const unknown = Object.keys(raw).filter((key) => raw[key] !== undefined && !(DRILL_KEYS as readonly string[]).includes(key));
  if (unknown.length) problems.push(`filtro desconocido: ${unknown.join(', ')}`);
  const from = text(raw, 'from');
  const to = text(raw, 'to');
  period(problems, from, to, ['from', 'to'], false);
  const drill: TicketsDrill = { ...dimensions(raw, problems) };
  if (from && isIsoDay(from)) drill.from = from;
  if (to && isIsoDay(to)) drill.to = to;
  const flag = (key: 'firstResponseMet' | 'resolutionMet' | 'legalMet' | 'routed' | 'recategorized' | 'movedAtCutover' | 'arrivedAfterCutover') => {
    const value = check(problems, text(raw, key), (v) => TRUE_FALSE.includes(v), `${key} debe ser true o false`);
    if (value !== undefined) drill[key] = value === 'true';
  };
  flag('firstResponseMet');
  flag('resolutionMet');
  flag('legalMet');
  flag('routed');
  flag('recategorized');
  flag('movedAtCutover');
  flag('arrivedAfterCutover');
  const timed = check(problems, text(raw, 'timed'), (v) => (TIMED_CLOCKS as readonly string[]).includes(v), `timed debe ser uno de: ${TIMED_CLOCKS.join(', ')}`);
  if (timed) drill.timed = timed as TimedClock;
  const resolvedFrom = text(raw, 'resolvedFrom');
  const resolvedTo = text(raw, 'resolvedTo');
  period(problems, resolvedFrom, resolvedTo, ['resolvedFrom', 'resolvedTo'], false);
  if (resolvedFrom && isIsoDay(resolvedFrom)) drill.resolvedFrom = resolvedFrom;
  if (resolvedTo && isIsoDay(resolvedTo)) drill.resolvedTo = resolvedTo;
  const openOn = check(problems, text(raw, 'openOn'), isIsoDay, 'openOn debe ser una fecha AAAA-MM-DD válida');
  if (openOn) drill.openOn = openOn;
  const state = check(problems, text(raw, 'state'), (v) => (BACKLOG_STATES as readonly string[]).includes(v), `state debe ser uno de: ${BACKLOG_STATES.join(', ')}`);
  if (state) drill.state = state as BacklogState;
  const ageBand = check(problems, text(raw, 'ageBand'), (v) => (AGE_BAND_KEYS as readonly string[]).includes(v), `ageBand debe ser uno de: ${AGE_BAND_KEYS.join(', ')}`);
  if (ageBand) drill.ageBand = ageBand as AgeBandKey;
  const asOf = check(problems, text(raw, 'asOf'), (v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v)), 'asOf debe ser un instante ISO-8601');
  if (asOf) drill.asOf = new Date(asOf);
  const rule = check(problems, text(raw, 'rule'), (v) => v.length <= 200, 'rule no es válido');
  if (rule !== undefined) drill.rule = rule === NO_RULE ? null : rule;
  const routedCategory = check(problems, text(raw, 'routedCategory'), (v) => (ROUTING_CATEGORIES as readonly string[]).includes(v), `routedCategory debe ser una de: ${ROUTING_CATEGORIES.join(', ')}`);
  if (routedCategory) drill.routedCategory = routedCategory as RoutingCategory;
  const retiredFrom = text(raw, 'retiredMailFrom');
  const retiredTo = text(raw, 'retiredMailTo');
  period(problems, retiredFrom, retiredTo, ['retiredMailFrom', 'retiredMailTo'], false);
  if (retiredFrom && isIsoDay(retiredFrom)) drill.retiredMailFrom = retiredFrom;
  if (retiredTo && isIsoDay(retiredTo)) drill.retiredMailTo = retiredTo;
  if (problems.length) throw new ReportFilterError(problems);
  return drill;
}
