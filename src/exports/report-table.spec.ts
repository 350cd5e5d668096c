import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ReportResult } from '../reports/report.types';
import { openTableWriter, formatWallTime } from './export-writers';
import { columnHeader, formatFigure, reportRowCount, writeReport } from './report-table';

describe('figures as people read them (es-CO)', () => {
  it.each<[Parameters<typeof formatFigure>[0], Parameters<typeof formatFigure>[1], string]>([
    [0.875, 'percent', '87,5 %'],
    [1, 'percent', '100,0 %'],
    [null, 'percent', 'sin datos'],
    [125, 'minutes', '2 h 05 min'],
    [45.4, 'minutes', '45 min'],
    [1234567, 'count', '1.234.567'],
    ['semana 3', 'text', 'semana 3'],
  ])('%p as %s → %s', (value, kind, expected) => {
    expect(formatFigure(value, kind)).toBe(expected);
  });

  it('says minutes are business minutes in the header', () => {
    expect(columnHeader('Mediana hasta la solución', 'minutes')).toBe('Mediana hasta la solución (minutos hábiles)');
    expect(columnHeader('Recibidos', 'count')).toBe('Recibidos');
  });

  it('writes wall times as YYYY-MM-DD HH:MM', () => {
    expect(formatWallTime(Date.UTC(2024, 0, 16, 9, 5))).toBe('2024-01-16 09:05');
  });
});

describe('a report as CSV', () => {
  const result: ReportResult = {
    report: 'volume',
    title: 'Volumen: recibidos, resueltos y abiertos',
    filters: { from: '2024-01-15', to: '2024-01-21', groupBy: 'day' },
    generatedAt: '2024-01-22T08:00:00-05:00',
    headline: [
      { key: 'received', label: 'Recibidos', value: 1200, kind: 'count' },
      { key: 'share', label: '% a tiempo', value: 0.5, kind: 'percent' },
    ],
    tables: [
      {
        id: 'volume',
        title: 'Por día',
        columns: [
          { key: 'group', label: 'Día', kind: 'date' },
          { key: 'received', label: 'Recibidos', kind: 'count' },
          { key: 'share', label: '% a tiempo', kind: 'percent' },
        ],
        rows: [
          { cells: { group: '2024-01-15', received: 200, share: 0.25 } },
          { cells: { group: '2024-01-16', received: 0, share: null } },
        ],
      },
    ],
  };

  it('writes filters and headline, then each table under its title after a blank line', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mesa-report-csv-'));
    try {
      const file = path.join(dir, 'r.csv');
      const writer = openTableWriter('csv', file);
      expect(await writeReport(writer, result)).toBe(reportRowCount(result));
      await writer.close();
      expect(await fs.readFile(file, 'utf8')).toBe(
        '\uFEFF' +
          'Filtros y resumen\r\nDato;Valor\r\n' +
          'Informe;Volumen: recibidos, resueltos y abiertos\r\n' +
          'Generado (hora de Colombia);2024-01-22 08:00\r\n' +
          'Desde;2024-01-15\r\nHasta;2024-01-21\r\nAgrupado por;day\r\n' +
          'Recibidos;1.200\r\n% a tiempo;50,0 %\r\n' +
          '\r\nPor día\r\nDía;Recibidos;% a tiempo\r\n' +
          '2024-01-15;200;25\r\n2024-01-16;0;\r\n',
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
