import { formatBogotaDate, formatBogotaDateTime, formatIsoDate } from './bogota-date';

describe('formatBogotaDateTime', () => {
  it.each([
    ['2024-01-16T14:12:00Z', 'mar 16 ene 2024, 9:12 a. m.'],
    ['2024-01-16T17:00:00Z', 'mar 16 ene 2024, 12:00 p. m.'],
    ['2024-01-16T05:05:00Z', 'mar 16 ene 2024, 12:05 a. m.'],
    // 02:30 UTC on the 1st is still the evening of the 31st in Bogotá (UTC−5).
    ['2024-02-01T02:30:00Z', 'mié 31 ene 2024, 9:30 p. m.'],
    ['2024-09-07T20:59:00-05:00', 'sáb 7 sept 2024, 8:59 p. m.'],
    ['2025-12-31T23:59:00-05:00', 'mié 31 dic 2025, 11:59 p. m.'],
  ])('%s → %s', (instant, expected) => {
    expect(formatBogotaDateTime(instant)).toBe(expected);
  });

  it('refuses what is not a date', () => {
    expect(() => formatBogotaDateTime('ayer')).toThrow(RangeError);
  });
});

describe('formatBogotaDate and formatIsoDate', () => {
  it.each([
    ['2024-03-25T04:59:00Z', 'dom 24 mar 2024'],
    ['2024-03-25T05:00:00Z', 'lun 25 mar 2024'],
  ])('instant %s is Bogotá day %s', (instant, expected) => {
    expect(formatBogotaDate(instant)).toBe(expected);
  });

  it.each([
    ['2024-01-08', 'lun 8 ene 2024'],
    ['2024-11-11', 'lun 11 nov 2024'],
  ])('calendar date %s → %s', (date, expected) => {
    expect(formatIsoDate(date)).toBe(expected);
  });
});
