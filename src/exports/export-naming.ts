import type { ReportName } from '../reports/report.types';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportKind = 'report' | 'tickets';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Spanish words for file names (ASCII: a name survives any mail client and file system). */
const REPORT_SLUGS: Record<ReportName, string> = {
  compliance: 'cumplimiento',
  times: 'tiempos',
  volume: 'volumen',
  backlog: 'pendientes',
  routing: 'enrutamiento',
  cutover: 'cambio-de-buzon',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/**
 * The name a person downloads: what it is, its period when it has one, and the export's
 * id so two exports of the same thing never overwrite each other in Descargas.
 * `mesa-informe-cumplimiento-2024-01-01-a-2024-01-31-42.xlsx`, `mesa-tickets-42.csv`.
 */
export function exportFileName(input: { id: string; kind: ExportKind; report?: string | null; format: ExportFormat; from?: unknown; to?: unknown }): string {
  const what = input.kind === 'report' ? `informe-${REPORT_SLUGS[input.report as ReportName] ?? (slug(input.report ?? '') || 'informe')}` : 'tickets';
  const from = typeof input.from === 'string' && DAY.test(input.from) ? input.from : null;
  const to = typeof input.to === 'string' && DAY.test(input.to) ? input.to : null;
  const period = from && to ? (from === to ? `-${from}` : `-${from}-a-${to}`) : from ? `-desde-${from}` : to ? `-hasta-${to}` : '';
  const id = /^\d+$/.test(input.id) ? input.id : slug(input.id) || 'x';
  return `mesa-${what}${period}-${id}.${input.format}`;
}

/** Where the file lives on disk: by id only, so nothing a person typed reaches a path. */
export function exportDiskName(id: string, format: ExportFormat): string {
  if (!/^[1-9]\d{0,18}$/.test(id)) throw new RangeError(`invalid export id ${id}`);
  return `export-${id}.${format}`;
}

const SHEET_FORBIDDEN = /[\\/?*[\]:]/g;
const SHEET_MAX = 31;

/**
 * An Excel sheet name: at most 31 characters, none of \ / ? * [ ] :, not empty, not
 * starting or ending with an apostrophe, and unique in the workbook (case-insensitive,
 * as Excel compares them). USED collects the names already given.
 */
export function sheetName(title: string, used: Set<string>): string {
  const base =
    title
      .replace(SHEET_FORBIDDEN, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '')
      .trim() || 'Hoja';
  let candidate = base.slice(0, SHEET_MAX).trim();
  for (let n = 2; used.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = `${base.slice(0, SHEET_MAX - suffix.length).trim()}${suffix}`;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}
