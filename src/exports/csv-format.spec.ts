import { CSV_BOM, csvField, csvLine, csvNumber } from './csv-format';

describe('CSV for Excel in Spanish', () => {
  it.each<[string, Parameters<typeof csvField>[0], string]>([
    ['plain text as it is', 'Tuluá', 'Tuluá'],
    ['empty for null', null, ''],
    ['empty for undefined', undefined, ''],
    ['an empty text as empty', '', ''],
    ['quotes a field with the separator', 'Planeación; SisPT', '"Planeación; SisPT"'],
    ['keeps a comma unquoted (it is not the separator)', 'Cali, Valle', 'Cali, Valle'],
    ['doubles quotes inside quotes', 'El "plan" de desarrollo', '"El ""plan"" de desarrollo"'],
    ['quotes a line break', 'línea 1\nlínea 2', '"línea 1\nlínea 2"'],
    ['quotes a CRLF', 'a\r\nb', '"a\r\nb"'],
    ['defuses a formula', '=HYPERLINK("http://x","clic")', `"'=HYPERLINK(""http://x"",""clic"")"`],
    ['defuses a leading plus', '+57 300', "'+57 300"],
    ['defuses a leading minus in text', '-1+1', "'-1+1"],
    ['defuses a leading at', '@SUM(A1)', "'@SUM(A1)"],
    ['writes integers', 1234567, '1234567'],
    ['writes decimals with a comma', 87.5, '87,5'],
    ['writes negative numbers as numbers', -12.25, '-12,25'],
    ['writes booleans in Spanish', true, 'Sí'],
    ['writes false in Spanish', false, 'No'],
  ])('%s', (_name, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each<[number, string]>([
    [0.875, '0,875'],
    [1 / 3, '0,3333'],
    [2.5e-7, '0'],
    [NaN, ''],
    [100, '100'],
  ])('formats %p as %p', (value, expected) => {
    expect(csvNumber(value)).toBe(expected);
  });

  it('ends every record with CRLF and separates with semicolons', () => {
    expect(csvLine(['MDA-2024-000001', 'Asunto; con punto y coma', null, 3])).toBe('MDA-2024-000001;"Asunto; con punto y coma";;3\r\n');
  });

  it('starts files with the UTF-8 byte-order mark', () => {
    expect(Buffer.from(CSV_BOM, 'utf8')).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
