import type { RoutingCategory } from '../routing/routing.types';
import { ROUTING_CATEGORIES } from '../routing/routing.types';
import { accuracyOf, RoutingOutcomeCount } from '../admin/routing-accuracy';
import { AGE_BANDS, AgeBandKey } from './business-age';
import { addDays, bucketInPeriod, bucketLabel, bucketsOfPeriod, TimeGrouping } from './report-period';
import { isTimeGrouping, NO_DEPARTMENT, UNASSIGNED } from './report-scope';
import type { DrillFilter, ReportColumn, ReportFilters, ReportGrouping, ReportHeadline, ReportRow, ReportTable } from './report.types';

/**
 * From aggregated figures to the tables people read: Spanish labels, shares, the order of
 * rows, and the drill filter of every count. Pure: the SQL is in reports.repository.ts.
 */

export const CATEGORY_LABELS: Record<RoutingCategory, string> = {
  users: 'Usuarios SisPT',
  tech: 'Soporte técnico',
  formulation: 'Formulación y seguimiento',
  unclassified: 'Sin clasificar',
};

/** `rule` in a drill for tickets routing left unclassified (no rule matched). */
export const NO_RULE = 'none';

const GROUP_HEADERS: Record<ReportGrouping, string> = {
  day: 'Día',
  week: 'Semana',
  month: 'Mes',
  category: 'Categoría',
  mailbox: 'Cola (buzón)',
  agent: 'Agente',
  department: 'Departamento',
};

/** Names for group keys the service looked up (agents, departments); the rest are labelled here. */
export interface GroupNames {
  agents?: ReadonlyMap<string, string>;
  departments?: ReadonlyMap<string, string>;
}

export interface TablesAndHeadline {
  headline: ReportHeadline[];
  tables: ReportTable[];
}

/** met / (met + missed); null when no clock of the kind has an outcome yet. */
export function share(met: number, missed: number): number | null {
  return met + missed === 0 ? null : met / (met + missed);
}

/** The filters every drill of a report starts from: the dimensions, without the grouping. */
export function drillBase(filters: ReportFilters, options: { period?: boolean } = {}): DrillFilter {
  const { mailbox, category, agentId, department, entity } = filters;
  const drill: DrillFilter = options.period ?? true ? { from: filters.from, to: filters.to } : {};
  return Object.fromEntries(
    Object.entries({ ...drill, mailbox, category, agentId, department, entity }).filter(([, value]) => value !== undefined),
  ) as DrillFilter;
}

/** What singles out one group's tickets, added to the report's drill. */
export function groupDrill(grouping: ReportGrouping, key: string, filters: ReportFilters): DrillFilter {
  if (isTimeGrouping(grouping)) return bucketInPeriod(key, grouping, filters.from, filters.to);
  switch (grouping) {
    case 'category':
      return { category: key as RoutingCategory };
    case 'mailbox':
      return { mailbox: key };
    case 'agent':
      return { agentId: key === '' ? UNASSIGNED : key };
    case 'department':
      return { department: key === '' ? NO_DEPARTMENT : key };
  }
}

export function groupLabel(grouping: ReportGrouping, key: string, names: GroupNames = {}): string {
  if (isTimeGrouping(grouping)) return bucketLabel(key, grouping);
  switch (grouping) {
    case 'category':
      return CATEGORY_LABELS[key as RoutingCategory] ?? key;
    case 'mailbox':
      return key;
    case 'agent':
      return key === '' ? 'Sin asignar' : (names.agents?.get(key) ?? `Cuenta ${key}`);
    case 'department':
      return key === '' ? 'Sin entidad identificada' : `${names.departments?.get(key) ?? key} (${key})`;
  }
}

/**
 * The groups to show, in order: every bucket of the period for time groupings (a day with no
 * tickets is a zero on the chart, not a gap), else the groups found, by label.
 */
export function orderedGroups(grouping: ReportGrouping, found: Iterable<string>, filters: ReportFilters, names: GroupNames = {}): string[] {
  if (isTimeGrouping(grouping)) return bucketsOfPeriod(filters.from, filters.to, grouping);
  const keys = [...new Set(found)];
  // The "none" group (unassigned, unknown department) goes last.
  return keys.sort((a, b) => Number(a === '') - Number(b === '') || groupLabel(grouping, a, names).localeCompare(groupLabel(grouping, b, names), 'es'));
}

function groupColumn(grouping: ReportGrouping): ReportColumn {
  return { key: 'group', label: GROUP_HEADERS[grouping], kind: grouping === 'day' ? 'date' : 'text' };
}

// ---------------------------------------------------------------- compliance

export interface ComplianceCounts {
  received: number;
  firstResponseMet: number;
  firstResponseMissed: number;
  resolutionMet: number;
  resolutionMissed: number;
  legalMet: number;
  legalMissed: number;
}

export const NO_COMPLIANCE: ComplianceCounts = {
  received: 0,
  firstResponseMet: 0,
  firstResponseMissed: 0,
  resolutionMet: 0,
  resolutionMissed: 0,
  legalMet: 0,
  legalMissed: 0,
};

const CLOCKS = [
  { clock: 'firstResponse', drillKey: 'firstResponseMet', met: 'Primera respuesta a tiempo', missed: 'Primera respuesta fuera de plazo', share: '% primera respuesta a tiempo' },
  { clock: 'resolution', drillKey: 'resolutionMet', met: 'Solución a tiempo', missed: 'Solución fuera de plazo', share: '% solución a tiempo' },
  { clock: 'legal', drillKey: 'legalMet', met: 'Término legal cumplido', missed: 'Término legal vencido', share: '% término legal cumplido' },
] as const;

function addCompliance(a: ComplianceCounts, b: ComplianceCounts): ComplianceCounts {
  const sum = { ...a };
  for (const key of Object.keys(sum) as Array<keyof ComplianceCounts>) sum[key] += b[key];
  return sum;
}

function complianceCells(counts: ComplianceCounts): ReportRow['cells'] {
  const cells: ReportRow['cells'] = { received: counts.received };
  for (const { clock } of CLOCKS) {
    const met = counts[`${clock}Met`];
    const missed = counts[`${clock}Missed`];
    cells[`${clock}Met`] = met;
    cells[`${clock}Missed`] = missed;
    cells[`${clock}Share`] = share(met, missed);
  }
  return cells;
}

function complianceDrills(drill: DrillFilter): Record<string, DrillFilter> {
  const drills: Record<string, DrillFilter> = { received: drill };
  for (const { clock, drillKey } of CLOCKS) {
    drills[`${clock}Met`] = { ...drill, [drillKey]: 'true' };
    drills[`${clock}Missed`] = { ...drill, [drillKey]: 'false' };
  }
  return drills;
}

/**
 * Tickets received in the period whose clocks have an outcome: met, or missed (stopped late,
 * or running past the due time). A clock still running in time counts in neither.
 */
export function complianceTables(filters: ReportFilters, grouping: ReportGrouping, groups: ReadonlyMap<string, ComplianceCounts>, names: GroupNames = {}): TablesAndHeadline {
  const base = drillBase(filters);
  const rows: ReportRow[] = orderedGroups(grouping, groups.keys(), filters, names).map((key) => {
    const drill = { ...base, ...groupDrill(grouping, key, filters) };
    return { cells: { group: groupLabel(grouping, key, names), ...complianceCells(groups.get(key) ?? NO_COMPLIANCE) }, drill: complianceDrills(drill) };
  });
  const total = [...groups.values()].reduce(addCompliance, NO_COMPLIANCE);
  const totalDrills = complianceDrills(base);
  const headline: ReportHeadline[] = [{ key: 'received', label: 'Tickets recibidos', value: total.received, kind: 'count', drill: totalDrills.received }];
  for (const { clock, met, missed, share: shareLabel } of CLOCKS) {
    headline.push(
      { key: `${clock}Share`, label: shareLabel, value: share(total[`${clock}Met`], total[`${clock}Missed`]), kind: 'percent' },
      { key: `${clock}Met`, label: met, value: total[`${clock}Met`], kind: 'count', drill: totalDrills[`${clock}Met`] },
      { key: `${clock}Missed`, label: missed, value: total[`${clock}Missed`], kind: 'count', drill: totalDrills[`${clock}Missed`] },
    );
  }
  const columns: ReportColumn[] = [groupColumn(grouping), { key: 'received', label: 'Recibidos', kind: 'count' }];
  for (const { clock, met, missed, share: shareLabel } of CLOCKS) {
    columns.push(
      { key: `${clock}Met`, label: met, kind: 'count' },
      { key: `${clock}Missed`, label: missed, kind: 'count' },
      { key: `${clock}Share`, label: shareLabel, kind: 'percent' },
    );
  }
  return {
    headline,
    tables: [
      {
        id: 'compliance',
        title: `Cumplimiento de plazos por ${GROUP_HEADERS[grouping].toLowerCase()}`,
        columns,
        rows,
        chart: { type: isTimeGrouping(grouping) ? 'line' : 'bar', series: CLOCKS.map((c) => `${c.clock}Share`) },
      },
    ],
  };
}

// ---------------------------------------------------------------- times

export interface TimeFigures {
  firstResponseTickets: number;
  firstResponseMedian: number | null;
  firstResponseP90: number | null;
  resolutionTickets: number;
  resolutionMedian: number | null;
  resolutionP90: number | null;
}

export const NO_TIMES: TimeFigures = {
  firstResponseTickets: 0,
  firstResponseMedian: null,
  firstResponseP90: null,
  resolutionTickets: 0,
  resolutionMedian: null,
  resolutionP90: null,
};

const TIME_COLUMNS: ReportColumn[] = [
  { key: 'firstResponseTickets', label: 'Tickets con primera respuesta', kind: 'count' },
  { key: 'firstResponseMedian', label: 'Mediana hasta la primera respuesta', kind: 'minutes' },
  { key: 'firstResponseP90', label: 'Percentil 90 hasta la primera respuesta', kind: 'minutes' },
  { key: 'resolutionTickets', label: 'Tickets con solución', kind: 'count' },
  { key: 'resolutionMedian', label: 'Mediana hasta la solución', kind: 'minutes' },
  { key: 'resolutionP90', label: 'Percentil 90 hasta la solución', kind: 'minutes' },
];

function timeDrills(drill: DrillFilter): Record<string, DrillFilter> {
  return { firstResponseTickets: { ...drill, timed: 'firstResponse' }, resolutionTickets: { ...drill, timed: 'resolution' } };
}

/** Business minutes (opening hours, no holidays, no waiting for the entity) of tickets received in the period. */
export function timesTables(filters: ReportFilters, grouping: ReportGrouping, groups: ReadonlyMap<string, TimeFigures>, total: TimeFigures, names: GroupNames = {}): TablesAndHeadline {
  const base = drillBase(filters);
  const rows: ReportRow[] = orderedGroups(grouping, groups.keys(), filters, names).map((key) => ({
    cells: { group: groupLabel(grouping, key, names), ...(groups.get(key) ?? NO_TIMES) },
    drill: timeDrills({ ...base, ...groupDrill(grouping, key, filters) }),
  }));
  const totalDrills = timeDrills(base);
  return {
    headline: TIME_COLUMNS.map((column) => ({
      key: column.key,
      label: column.label,
      value: total[column.key as keyof TimeFigures],
      kind: column.kind,
      ...(totalDrills[column.key] ? { drill: totalDrills[column.key] } : {}),
    })),
    tables: [
      {
        id: 'times',
        title: `Tiempos hábiles por ${GROUP_HEADERS[grouping].toLowerCase()}`,
        columns: [groupColumn(grouping), ...TIME_COLUMNS],
        rows,
        chart: { type: isTimeGrouping(grouping) ? 'line' : 'bar', series: ['firstResponseMedian', 'firstResponseP90', 'resolutionMedian', 'resolutionP90'] },
      },
    ],
  };
}

// ---------------------------------------------------------------- volume

const OPEN_AT_END: Record<TimeGrouping, string> = { day: 'Abiertos al cierre del día', week: 'Abiertos al cierre de la semana', month: 'Abiertos al cierre del mes' };

export interface DayVolume {
  received: number;
  resolved: number;
}

/**
 * Received and resolved per bucket and the tickets open at the end of each: open at the end
 * of day D = received up to D − resolved up to D (a reopened ticket is open again: its
 * resolution clock runs until its next resolution).
 */
export function volumeTables(filters: ReportFilters, grouping: TimeGrouping, days: ReadonlyMap<string, DayVolume>, openBefore: number): TablesAndHeadline {
  const dims = drillBase(filters, { period: false });
  let open = openBefore;
  const rows: ReportRow[] = [];
  let received = 0;
  let resolved = 0;
  const buckets = bucketsOfPeriod(filters.from, filters.to, grouping);
  for (const start of buckets) {
    const range = bucketInPeriod(start, grouping, filters.from, filters.to);
    let bucketReceived = 0;
    let bucketResolved = 0;
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
      const figures = days.get(day);
      bucketReceived += figures?.received ?? 0;
      bucketResolved += figures?.resolved ?? 0;
    }
    open += bucketReceived - bucketResolved;
    received += bucketReceived;
    resolved += bucketResolved;
    rows.push({
      cells: { group: bucketLabel(start, grouping), received: bucketReceived, resolved: bucketResolved, open },
      drill: {
        received: { ...dims, from: range.from, to: range.to },
        resolved: { ...dims, resolvedFrom: range.from, resolvedTo: range.to },
        open: { ...dims, openOn: range.to },
      },
    });
  }
  return {
    headline: [
      { key: 'openAtStart', label: 'Abiertos al comenzar el periodo', value: openBefore, kind: 'count', drill: { ...dims, openOn: addDays(filters.from, -1) } },
      { key: 'received', label: 'Recibidos', value: received, kind: 'count', drill: { ...dims, from: filters.from, to: filters.to } },
      { key: 'resolved', label: 'Resueltos', value: resolved, kind: 'count', drill: { ...dims, resolvedFrom: filters.from, resolvedTo: filters.to } },
      { key: 'openAtEnd', label: 'Abiertos al terminar el periodo', value: open, kind: 'count', drill: { ...dims, openOn: filters.to } },
    ],
    tables: [
      {
        id: 'volume',
        title: `Recibidos, resueltos y abiertos por ${GROUP_HEADERS[grouping].toLowerCase()}`,
        columns: [
          groupColumn(grouping),
          { key: 'received', label: 'Recibidos', kind: 'count' },
          { key: 'resolved', label: 'Resueltos', kind: 'count' },
          { key: 'open', label: OPEN_AT_END[grouping], kind: 'count' },
        ],
        rows,
        chart: { type: 'line', series: ['received', 'resolved', 'open'] },
      },
    ],
  };
}

// ---------------------------------------------------------------- backlog

export interface BacklogCounts {
  open: number;
  atRisk: number;
  breached: number;
}

const NO_BACKLOG: BacklogCounts = { open: 0, atRisk: 0, breached: 0 };

const BACKLOG_COLUMNS: ReportColumn[] = [
  { key: 'open', label: 'Abiertos', kind: 'count' },
  { key: 'atRisk', label: 'En riesgo (alerta de plazo)', kind: 'count' },
  { key: 'breached', label: 'Vencidos', kind: 'count' },
];

function backlogDrills(drill: DrillFilter): Record<string, DrillFilter> {
  return { open: { ...drill, state: 'open' }, atRisk: { ...drill, state: 'at-risk' }, breached: { ...drill, state: 'breached' } };
}

/**
 * The open tickets now (`asOf`): by age in días hábiles and by a dimension. At risk: a
 * warning was recorded for a clock still running in time; breached: a running clock is past
 * due. The same states the agents' list shows (src/tickets/ticket-list.query.ts).
 */
export function backlogTables(
  filters: ReportFilters,
  grouping: Exclude<ReportGrouping, TimeGrouping>,
  byBand: ReadonlyMap<AgeBandKey, BacklogCounts>,
  byGroup: ReadonlyMap<string, BacklogCounts>,
  asOf: Date,
  names: GroupNames = {},
): TablesAndHeadline {
  const base: DrillFilter = { ...drillBase(filters, { period: false }), asOf: asOf.toISOString() };
  const bandRows: ReportRow[] = AGE_BANDS.map((band) => ({
    cells: { group: band.label, ...(byBand.get(band.key) ?? NO_BACKLOG) },
    drill: backlogDrills({ ...base, ageBand: band.key }),
  }));
  const groupRows: ReportRow[] = orderedGroups(grouping, byGroup.keys(), filters, names).map((key) => ({
    cells: { group: groupLabel(grouping, key, names), ...(byGroup.get(key) ?? NO_BACKLOG) },
    drill: backlogDrills({ ...base, ...groupDrill(grouping, key, filters) }),
  }));
  const total = [...byBand.values()].reduce((sum, c) => ({ open: sum.open + c.open, atRisk: sum.atRisk + c.atRisk, breached: sum.breached + c.breached }), NO_BACKLOG);
  const totalDrills = backlogDrills(base);
  return {
    headline: BACKLOG_COLUMNS.map((column) => ({
      key: column.key,
      label: column.label,
      value: total[column.key as keyof BacklogCounts],
      kind: 'count',
      drill: totalDrills[column.key],
    })),
    tables: [
      {
        id: 'backlog-age',
        title: 'Abiertos ahora, por antigüedad (días hábiles desde la recepción)',
        columns: [{ key: 'group', label: 'Antigüedad', kind: 'text' }, ...BACKLOG_COLUMNS],
        rows: bandRows,
        chart: { type: 'stacked-bar', series: ['open', 'atRisk', 'breached'] },
      },
      {
        id: 'backlog-group',
        title: `Abiertos ahora, por ${GROUP_HEADERS[grouping].toLowerCase()}`,
        columns: [groupColumn(grouping), ...BACKLOG_COLUMNS],
        rows: groupRows,
        chart: { type: 'bar', series: ['open', 'atRisk', 'breached'] },
      },
    ],
  };
}

// ---------------------------------------------------------------- routing

/**
 * Routing quality of the tickets received in the period, from the same outcome counts and the
 * same accuracy arithmetic as the admin page (src/admin/routing-accuracy.ts): recategorized =
 * an agent left the ticket in another category than routing chose.
 */
export function routingTables(filters: ReportFilters, counts: readonly RoutingOutcomeCount[], descriptions: Readonly<Record<string, string>>): TablesAndHeadline {
  const base: DrillFilter = { ...drillBase(filters), routed: 'true' };
  const overall = accuracyOf(counts);
  const rules = [...new Set(counts.map((c) => c.ruleId))].sort((a, b) => Number(a === null) - Number(b === null) || String(a).localeCompare(String(b)));
  const ruleRows: ReportRow[] = rules
    .map((ruleId) => ({ ruleId, accuracy: accuracyOf(counts.filter((c) => c.ruleId === ruleId)) }))
    .sort((a, b) => b.accuracy.recategorized - a.accuracy.recategorized || b.accuracy.decided - a.accuracy.decided)
    .map(({ ruleId, accuracy }) => {
      const drill = { ...base, rule: ruleId ?? NO_RULE };
      return {
        cells: {
          rule: ruleId ?? '(ninguna: quedó por clasificar)',
          description: ruleId === null ? 'Ninguna regla alcanzó el puntaje mínimo.' : (descriptions[ruleId] ?? ''),
          decided: accuracy.decided,
          recategorized: accuracy.recategorized,
          share: accuracy.decided === 0 ? null : accuracy.recategorized / accuracy.decided,
        },
        drill: { decided: drill, recategorized: { ...drill, recategorized: 'true' } },
      };
    });
  const matrix = new Map<string, number>();
  for (const c of counts) matrix.set(`${c.routed}→${c.final}`, (matrix.get(`${c.routed}→${c.final}`) ?? 0) + c.tickets);
  const confusionRows: ReportRow[] = ROUTING_CATEGORIES.map((routed) => {
    const cells: ReportRow['cells'] = { routed: CATEGORY_LABELS[routed] };
    const drill: Record<string, DrillFilter> = {};
    let total = 0;
    for (const final of ROUTING_CATEGORIES) {
      const tickets = matrix.get(`${routed}→${final}`) ?? 0;
      cells[final] = tickets;
      total += tickets;
      drill[final] = { ...base, routedCategory: routed, category: final };
    }
    cells.total = total;
    drill.total = { ...base, routedCategory: routed };
    return { cells, drill };
  });
  return {
    headline: [
      { key: 'decided', label: 'Tickets enrutados', value: overall.decided, kind: 'count', drill: base },
      { key: 'recategorized', label: 'Recategorizados por un agente', value: overall.recategorized, kind: 'count', drill: { ...base, recategorized: 'true' } },
      { key: 'share', label: '% recategorizado', value: overall.decided === 0 ? null : overall.recategorized / overall.decided, kind: 'percent' },
    ],
    tables: [
      {
        id: 'routing-rules',
        title: 'Recategorizados según la regla que había decidido',
        columns: [
          { key: 'rule', label: 'Regla', kind: 'text' },
          { key: 'description', label: 'Descripción', kind: 'text' },
          { key: 'decided', label: 'Tickets enrutados', kind: 'count' },
          { key: 'recategorized', label: 'Recategorizados', kind: 'count' },
          { key: 'share', label: '% recategorizado', kind: 'percent' },
        ],
        rows: ruleRows,
        chart: { type: 'bar', series: ['share'] },
      },
      {
        id: 'routing-confusion',
        title: 'Categoría del enrutamiento (filas) frente a la categoría final (columnas)',
        columns: [
          { key: 'routed', label: 'Enrutado a', kind: 'text' },
          ...ROUTING_CATEGORIES.map((c): ReportColumn => ({ key: c, label: CATEGORY_LABELS[c], kind: 'count' })),
          { key: 'total', label: 'Total', kind: 'count' },
        ],
        rows: confusionRows,
        chart: { type: 'stacked-bar', series: [...ROUTING_CATEGORIES] },
      },
    ],
  };
}

// ---------------------------------------------------------------- cutover

export interface CutoverWeek {
  messages: number;
  tickets: number;
  newTickets: number;
}

/**
 * The mailbox cutover: tickets moved from kpt@'s queue at the cutover (whatever the period),
 * and, week by week from the cutover on, mail that still reached kpt@.
 */
export function cutoverTables(
  filters: ReportFilters,
  cutover: { at: Date; day: string; retiredMailbox: string; successorMailbox: string },
  moved: number,
  weeks: ReadonlyMap<string, CutoverWeek>,
  ticketsWithMail: number,
): TablesAndHeadline {
  const dims = drillBase(filters, { period: false });
  const from = filters.from > cutover.day ? filters.from : cutover.day;
  const rows: ReportRow[] = [];
  const total: CutoverWeek = { messages: 0, tickets: 0, newTickets: 0 };
  if (from <= filters.to) {
    for (const start of bucketsOfPeriod(from, filters.to, 'week')) {
      const range = bucketInPeriod(start, 'week', from, filters.to);
      const week = weeks.get(start) ?? { messages: 0, tickets: 0, newTickets: 0 };
      total.messages += week.messages;
      total.newTickets += week.newTickets;
      const mail = { ...dims, retiredMailFrom: range.from, retiredMailTo: range.to };
      rows.push({
        cells: { group: bucketLabel(start, 'week'), ...week },
        drill: { messages: mail, tickets: mail, newTickets: { ...dims, from: range.from, to: range.to, arrivedAfterCutover: 'true' } },
      });
    }
  }
  const mailDrill = { ...dims, retiredMailFrom: from, retiredMailTo: filters.to };
  const retired = cutover.retiredMailbox;
  return {
    headline: [
      {
        key: 'moved',
        label: `Tickets pasados de ${retired} a ${cutover.successorMailbox} en el cambio de buzón`,
        value: moved,
        kind: 'count',
        drill: { ...dims, movedAtCutover: 'true' },
      },
      { key: 'messages', label: `Correos recibidos en ${retired} después del cambio`, value: total.messages, kind: 'count', drill: mailDrill },
      // Distinct over the whole period: a ticket with mail in two weeks counts once here.
      { key: 'tickets', label: `Tickets con correo a ${retired} después del cambio`, value: ticketsWithMail, kind: 'count', drill: mailDrill },
      { key: 'newTickets', label: `Tickets nuevos creados por correo a ${retired}`, value: total.newTickets, kind: 'count', drill: { ...dims, from, to: filters.to, arrivedAfterCutover: 'true' } },
    ],
    tables: [
      {
        id: 'cutover-weeks',
        title: `Correo que sigue llegando a ${retired} después del cambio, por semana`,
        columns: [
          { key: 'group', label: 'Semana', kind: 'text' },
          { key: 'messages', label: 'Correos', kind: 'count' },
          { key: 'tickets', label: 'Tickets', kind: 'count' },
          { key: 'newTickets', label: 'Tickets nuevos', kind: 'count' },
        ],
        rows,
        chart: { type: 'bar', series: ['messages', 'newTickets'] },
      },
    ],
  };
}
