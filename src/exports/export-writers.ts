import { once } from 'events';
import { createWriteStream, WriteStream } from 'fs';
import ExcelJS from 'exceljs';
import { CSV_BOM, csvLine, CsvValue } from './csv-format';
import { ExportFormat, sheetName } from './export-naming';

/**
 * Writers that put tables into a file as rows arrive, holding none of them: CSV through a
 * file stream that is waited on when full, XLSX through exceljs's streaming workbook writer
 * (every row committed at once, no shared-strings table, which would keep every text in
 * memory). Both write to the path they are given; the caller renames the finished file.
 */

export type CellKind = 'text' | 'count' | 'number' | 'percent' | 'minutes' | 'day' | 'datetime' | 'boolean';

export interface ExportColumn {
  /** Spanish header. */
  header: string;
  kind: CellKind;
  /** XLSX column width, in characters. */
  width?: number;
}

/**
 * A cell. `datetime` cells are a Bogotá wall time as epoch milliseconds of the same
 * fields in UTC (Excel dates carry no zone: what the sheet shows is what Bogotá read);
 * `percent` cells are shares from 0 to 1.
 */
export type ExportCell = string | number | boolean | null;

export interface TableWriter {
  /** Starts a table: a new sheet (XLSX) or a titled block after a blank line (CSV). */
  startTable(title: string, columns: ExportColumn[], options?: { showTitle?: boolean }): Promise<void>;
  /** Plain lines above a table (CSV) or label/value rows (XLSX "Filtros y resumen"). */
  row(values: ExportCell[]): Promise<void>;
  /** Finishes the file; the path then holds a complete CSV or XLSX. */
  close(): Promise<void>;
  /** Drops the file being written (after an error). */
  abort(): Promise<void>;
}

/** `YYYY-MM-DD HH:MM` of a wall-time epoch (see ExportCell). */
export function formatWallTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function csvValue(value: ExportCell, kind: CellKind): CsvValue {
  if (value === null) return null;
  if (kind === 'datetime' && typeof value === 'number') return formatWallTime(value);
  // A CSV cell has no number format: a share goes out as the percentage its "%" header announces.
  if (kind === 'percent' && typeof value === 'number') return value * 100;
  return value;
}

/** How many rows an XLSX sheet holds: 1,048,576 less the header. Beyond, the table goes on in a new sheet. */
export const XLSX_SHEET_ROWS = 1_048_575;

const NUM_FMT: Partial<Record<CellKind, string>> = {
  count: '#,##0',
  number: '#,##0.##',
  minutes: '#,##0',
  percent: '0.0%',
  datetime: 'yyyy-mm-dd hh:mm',
};

/** CSV lines are gathered into chunks of about this size before they go to the file stream. */
const CSV_CHUNK = 64 * 1024;

class CsvTableWriter implements TableWriter {
  private readonly stream: WriteStream;
  private columns: ExportColumn[] = [];
  private tables = 0;
  private failure: Error | null = null;
  private chunk = '';

  constructor(private readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
    this.stream.on('error', (error) => (this.failure = error));
    this.stream.write(CSV_BOM);
  }

  private async write(text: string): Promise<void> {
    this.chunk += text;
    if (this.chunk.length >= CSV_CHUNK) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.chunk;
    this.chunk = '';
    if (chunk !== '' && !this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async startTable(title: string, columns: ExportColumn[], options: { showTitle?: boolean } = {}): Promise<void> {
    this.columns = columns;
    // Tables one after another: a blank line between them, the title above each (when asked).
    const gap = this.tables++ > 0 ? '\r\n' : '';
    await this.write(gap + (options.showTitle ? csvLine([title]) : '') + csvLine(columns.map((c) => c.header)));
  }

  async row(values: ExportCell[]): Promise<void> {
    await this.write(csvLine(values.map((v, i) => csvValue(v, this.columns[i]?.kind ?? 'text'))));
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }

  async abort(): Promise<void> {
    this.stream.destroy();
  }
}

/** Sheet XML waiting for the zip beyond this, and rows wait (see XlsxTableWriter.drain). */
const XLSX_BUFFER_BYTES = 1024 * 1024;

class XlsxTableWriter implements TableWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet | null = null;
  private columns: ExportColumn[] = [];
  private title = '';
  private rowsInSheet = 0;
  private part = 1;
  private readonly names = new Set<string>();
  private pending = 0;

  constructor(path: string) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
    this.workbook.creator = 'Mesa de Ayuda de Planeación Territorial (DNP)';
  }

  private openSheet(name: string): void {
    this.sheet?.commit();
    const sheet = this.workbook.addWorksheet(sheetName(name, this.names), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = this.columns.map((c, i) => ({
      header: c.header,
      key: `c${i}`,
      width: c.width ?? Math.min(60, Math.max(12, c.header.length + 2)),
      style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    this.sheet = sheet;
    this.rowsInSheet = 0;
  }

  async startTable(title: string, columns: ExportColumn[]): Promise<void> {
    this.columns = columns;
    this.title = title;
    this.part = 1;
    this.openSheet(title);
  }

  async row(values: ExportCell[]): Promise<void> {
    if (!this.sheet) throw new Error('row before startTable');
    if (this.rowsInSheet >= XLSX_SHEET_ROWS) this.openSheet(`${this.title} (${++this.part})`);
    const cells = values.map((value, i) => (this.columns[i]?.kind === 'datetime' && typeof value === 'number' ? new Date(value) : value));
    this.sheet.addRow(cells).commit();
    this.rowsInSheet++;
    if (++this.pending >= 200) {
      this.pending = 0;
      await this.drain();
    }
  }

  /**
   * exceljs hands each sheet's XML to the zip through a PassThrough whose write() result it
   * ignores, so rows made faster than they are compressed would pile up in memory. Waiting
   * for that stream to drain whenever it holds more than a little is the backpressure exceljs
   * lacks. (Reached through exceljs internals: the sheet's `stream` and the pipes it feeds.)
   */
  private async drain(): Promise<void> {
    type Piped = NodeJS.WritableStream & { _writableState?: { length?: number } };
    const sheetStream = (this.sheet as unknown as { stream?: { pipes?: Piped[] } }).stream;
    const target = sheetStream?.pipes?.[0];
    // readable-stream 2 (archiver's) has no writableLength; its state holds the same count.
    if (target && (target._writableState?.length ?? 0) > XLSX_BUFFER_BYTES) await once(target, 'drain');
    else await new Promise((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    this.sheet?.commit();
    await this.workbook.commit();
  }

  async abort(): Promise<void> {
    const stream = (this.workbook as unknown as { stream?: NodeJS.WritableStream & { destroy?: () => void } }).stream;
    stream?.destroy?.();
  }
}

export function openTableWriter(format: ExportFormat, path: string): TableWriter {
  return format === 'csv' ? new CsvTableWriter(path) : new XlsxTableWriter(path);
}
