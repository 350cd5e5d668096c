import type { ReportFilters, ReportGrouping, ReportName } from '../../src/reports/report.types';
import { bogotaYear } from './format/bogota-date';

/**
 * Report filters live in the URL with Spanish keys, so a supervisor can share the view:
 * /informes?informe=compliance&desde=2024-01-01&hasta=2024-12-31&agrupar=week.
 */
const URL_KEYS: Record<keyof ReportFilters, string> = {
  from: 'desde',
  to: 'hasta',
  mailbox: 'buzon',
  category: 'categoria',
  agentId: 'agente',
  department: 'departamento',
  entity: 'entidad',
  groupBy: 'agrupar',
};

/** The API's query parameter for each filter. */
const API_KEYS: Record<keyof ReportFilters, string> = {
  from: 'from',
  to: 'to',
  mailbox: 'mailbox',
  category: 'category',
  agentId: 'agent',
  department: 'department',
  entity: 'entity',
  groupBy: 'groupBy',
};

export const REPORT_TITLES: Record<ReportName, string> = {
  compliance: 'Cumplimiento',
  times: 'Tiempos',
  volume: 'Volumen',
  backlog: 'Pendientes',
  routing: 'Enrutamiento',
  cutover: 'Cambio de buzón',
};

export const GROUPING_LABELS: Record<ReportGrouping, string> = {
  day: 'día',
  week: 'semana',
  month: 'mes',
  category: 'categoría',
  mailbox: 'buzón',
  agent: 'agente',
  department: 'departamento',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today's Bogotá date, YYYY-MM-DD. */
export function bogotaToday(now: number = Date.now()): string {
  return new Date(now - 5 * 3_600_000).toISOString().slice(0, 10);
}

/** Filters from the URL; a missing or malformed period is this year so far. */
export function filtersFromSearch(search: URLSearchParams, now: number = Date.now()): ReportFilters {
  const filters: ReportFilters = { from: `${bogotaYear(now)}-01-01`, to: bogotaToday(now) };
  for (const [key, urlKey] of Object.entries(URL_KEYS) as Array<[keyof ReportFilters, string]>) {
    const value = search.get(urlKey)?.trim();
    if (!value) continue;
    if ((key === 'from' || key === 'to') && !ISO_DATE.test(value)) continue;
    (filters as unknown as Record<string, string>)[key] = value;
  }
  return filters;
}

export function filtersToSearch(filters: Partial<ReportFilters>, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams(extra);
  for (const [key, urlKey] of Object.entries(URL_KEYS) as Array<[keyof ReportFilters, string]>) {
    const value = filters[key];
    if (value) search.set(urlKey, String(value));
  }
  return search.toString();
}

/** The filters as the API's query parameters. */
export function filtersToApiQuery(filters: Partial<ReportFilters> | Record<string, string | undefined>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === '') continue;
    query[API_KEYS[key as keyof ReportFilters] ?? key] = String(value);
  }
  return query;
}
