import type { ReportCell, ReportColumnKind, ReportResult } from '../reports/report.types';
import type { CellKind, ExportCell, ExportColumn, TableWriter } from './export-writers';

/**
 * A report as a file: first "Filtros y resumen" (what was asked and the headline figures,
 * written out for reading), then one table per report table with typed cells (counts as
 * numbers, shares from 0 to 1 shown as %, business minutes as numbers) for working on.
 */

const KIND: Record<ReportColumnKind, CellKind> = { text: 'text', count: 'count', percent: 'percent', minutes: 'minutes', date: 'text' };

const FILTER_LABELS: Array<[keyof ReportResult['filters'], string]> = [
  ['from', 'Desde'],
  ['to', 'Hasta'],
  ['mailbox', 'Buzón'],
  ['category', 'Categoría'],
  ['agentId', 'Agente (id)'],
  ['department', 'Departamento (DIVIPOLA)'],
  ['entity', 'Entidad (DIVIPOLA)'],
  ['groupBy', 'Agrupado por'],
];

/** `87,5 %`, `2 h 05 min`, `1.234`: how a person reads a figure in es-CO. */
export function formatFigure(value: ReportCell, kind: ReportColumnKind): string {
  if (value === null) return 'sin datos';
  if (typeof value === 'string') return value;
  if (kind === 'percent') return `${(value * 100).toLocaleString('es-CO', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} %`;
  if (kind === 'minutes') {
    const total = Math.round(value);
    const hours = Math.floor(total / 60);
    const minutes = total % 60;
    return hours > 0 ? `${hours.toLocaleString('es-CO')} h ${String(minutes).padStart(2, '0')} min` : `${minutes} min`;
  }
  return value.toLocaleString('es-CO', { maximumFractionDigits: 2 });
}

/** Bogotá time as `2024-01-22 08:00` from an ISO instant (generatedAt); the text itself when it is not one. */
function bogotaText(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms - 5 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Minutes are business minutes: said in the header, since the cell is a bare number. */
export function columnHeader(label: string, kind: ReportColumnKind): string {
  return kind === 'minutes' && !/minuto/i.test(label) ? `${label} (minutos hábiles)` : label;
}

function cell(value: ReportCell, kind: CellKind): ExportCell {
  if (value === null || value === undefined) return null;
  if (kind !== 'text' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/** Writes RESULT as tables; returns how many data rows were written (the progress unit). */
export async function writeReport(writer: TableWriter, result: ReportResult, onRow?: () => Promise<void>): Promise<number> {
  let rows = 0;
  const summary: ExportColumn[] = [
    { header: 'Dato', kind: 'text', width: 40 },
    { header: 'Valor', kind: 'text', width: 40 },
  ];
  await writer.startTable('Filtros y resumen', summary, { showTitle: true });
  await writer.row(['Informe', result.title]);
  await writer.row(['Generado (hora de Colombia)', bogotaText(result.generatedAt)]);
  for (const [key, label] of FILTER_LABELS) {
    const value = result.filters[key];
    if (value !== undefined && value !== null && value !== '') await writer.row([label, String(value)]);
  }
  for (const headline of result.headline) await writer.row([headline.label, formatFigure(headline.value, headline.kind)]);

  for (const table of result.tables) {
    const columns: ExportColumn[] = table.columns.map((c) => ({ header: columnHeader(c.label, c.kind), kind: KIND[c.kind] ?? 'text' }));
    await writer.startTable(table.title, columns, { showTitle: true });
    for (const row of table.rows) {
      await writer.row(table.columns.map((c, i) => cell(row.cells[c.key] ?? null, columns[i].kind)));
      rows++;
      if (onRow) await onRow();
    }
  }
  return rows;
}

/** How many data rows writeReport will write, for progress. */
export function reportRowCount(result: ReportResult): number {
  return result.tables.reduce((sum, t) => sum + t.rows.length, 0);
}
