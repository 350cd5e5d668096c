/**
 * CSV as Excel in Spanish (es-CO) opens it with a double click:
 * - `;` between fields: with the decimal comma of es-CO, Excel's list separator is `;`, and
 *   a `,`-separated file lands in one column;
 * - UTF-8 with a byte-order mark, or Excel reads "Bogotá" as "BogotÃ¡";
 * - RFC 4180 otherwise: CRLF line ends, a field with the separator, a quote or a line break
 *   goes in double quotes and its quotes are doubled;
 * - decimals with a comma, so Excel takes 87,5 as a number.
 * A text cell that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'`:
 * subjects and names come from outside mail, and Excel would run `=HYPERLINK(…)` (OWASP
 * "CSV injection"). Numbers are written as numbers and never get it.
 */

export const CSV_SEPARATOR = ';';
export const CSV_BOM = '\uFEFF';
export const CSV_LINE_END = '\r\n';

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[;"\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** A decimal number the es-CO way (comma), without thousands separators (Excel would read them as text). */
export function csvNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  // Up to 4 decimals, never exponent notation for the sizes a report holds.
  const fixed = Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/\.?0+$/, '');
  return fixed.replace('.', ',');
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return csvNumber(value);
  if (typeof value === 'boolean') return value ? 'Sí' : 'No';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its line end. */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(CSV_SEPARATOR) + CSV_LINE_END;
}
