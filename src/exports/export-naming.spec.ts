import { exportDiskName, exportFileName, sheetName } from './export-naming';

describe('export file names', () => {
  it.each<[string, Parameters<typeof exportFileName>[0], string]>([
    ['a report with its period', { id: '42', kind: 'report', report: 'compliance', format: 'xlsx', from: '2024-01-01', to: '2024-01-31' }, 'mesa-informe-cumplimiento-2024-01-01-a-2024-01-31-42.xlsx'],
    ['a one-day period', { id: '7', kind: 'report', report: 'backlog', format: 'csv', from: '2024-03-04', to: '2024-03-04' }, 'mesa-informe-pendientes-2024-03-04-7.csv'],
    ['tickets without a period', { id: '9', kind: 'tickets', format: 'csv' }, 'mesa-tickets-9.csv'],
    ['tickets from a day on', { id: '9', kind: 'tickets', format: 'xlsx', from: '2024-02-01' }, 'mesa-tickets-desde-2024-02-01-9.xlsx'],
    ['tickets up to a day', { id: '9', kind: 'tickets', format: 'xlsx', to: '2024-02-01' }, 'mesa-tickets-hasta-2024-02-01-9.xlsx'],
    ['ignores a period that is not a day', { id: '3', kind: 'tickets', format: 'csv', from: '../../etc/passwd', to: 5 }, 'mesa-tickets-3.csv'],
    ['an unknown report name made safe', { id: '3', kind: 'report', report: 'Índice ñandú/..', format: 'csv' }, 'mesa-informe-indice-nandu-3.csv'],
    ['the cutover report', { id: '11', kind: 'report', report: 'cutover', format: 'xlsx', from: '2024-01-01', to: '2024-03-31' }, 'mesa-informe-cambio-de-buzon-2024-01-01-a-2024-03-31-11.xlsx'],
  ])('%s', (_name, input, expected) => {
    expect(exportFileName(input)).toBe(expected);
  });

  it('names files on disk by id only, refusing anything else', () => {
    expect(exportDiskName('42', 'xlsx')).toBe('export-42.xlsx');
    expect(() => exportDiskName('../42', 'csv')).toThrow(RangeError);
    expect(() => exportDiskName('0', 'csv')).toThrow(RangeError);
  });
});

describe('sheet names', () => {
  it.each<[string, string[], string]>([
    ['keeps a short title', [], 'Cumplimiento por día'],
    ['drops forbidden characters', ['Tickets [abiertos]: a/b?*'], 'Tickets abiertos a b'],
    ['cuts at 31 characters', ['Tiempo mediano de primera respuesta por categoría'], 'Tiempo mediano de primera respu'],
    ['never empty', ['[]:'], 'Hoja'],
    ['no apostrophe at the edges', ["'Resumen'"], 'Resumen'],
  ])('%s', (_name, titles, expected) => {
    const used = new Set<string>();
    const title = titles[0] ?? expected;
    expect(sheetName(title, used)).toBe(expected);
    expect(sheetName(title, used).length).toBeLessThanOrEqual(31);
  });

  it('makes repeated titles unique, case-insensitively, within 31 characters', () => {
    const used = new Set<string>();
    expect(sheetName('Por categoría', used)).toBe('Por categoría');
    expect(sheetName('POR CATEGORÍA', used)).toBe('POR CATEGORÍA (2)');
    expect(sheetName('Por categoría', used)).toBe('Por categoría (3)');
    const long = 'Tiempo mediano de primera respuesta por categoría';
    expect(sheetName(long, used)).toBe('Tiempo mediano de primera respu');
    expect(sheetName(long, used)).toBe('Tiempo mediano de primera r (2)');
  });
});
