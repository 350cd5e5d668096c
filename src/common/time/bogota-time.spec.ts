import { bogotaYear, parseIsoDateTime, toBogotaIso } from './bogota-time';

describe('toBogotaIso', () => {
  it.each([
    ['2024-01-16T14:12:00Z', '2024-01-16T09:12:00-05:00'],
    ['2024-01-01T02:00:00Z', '2023-12-31T21:00:00-05:00'],
    ['2024-07-01T12:00:00Z', '2024-07-01T07:00:00-05:00'], // no DST in July either
    ['2024-03-10T05:00:00.250Z', '2024-03-10T00:00:00.250-05:00'],
    ['2012-05-03T11:36:43+02:00', '2012-05-03T04:36:43-05:00'],
  ])('formats %s as %s', (input, expected) => {
    expect(toBogotaIso(new Date(input))).toBe(expected);
  });

  it('rejects an invalid date', () => {
    expect(() => toBogotaIso(new Date('nope'))).toThrow(RangeError);
  });
});

describe('bogotaYear', () => {
  it.each([
    ['2024-01-01T04:59:59Z', 2023],
    ['2024-01-01T05:00:00Z', 2024],
    ['2024-12-31T23:00:00Z', 2024],
    ['2025-01-01T04:00:00Z', 2024],
  ])('puts %s in year %d', (input, year) => {
    expect(bogotaYear(new Date(input))).toBe(year);
  });
});

describe('parseIsoDateTime', () => {
  it.each([
    ['2024-01-16T09:12:00-05:00', '2024-01-16T14:12:00.000Z'],
    ['2024-01-16T14:12:00Z', '2024-01-16T14:12:00.000Z'],
    ['2024-01-16T09:12:00', '2024-01-16T14:12:00.000Z'], // no offset: Bogotá time
    ['2024-01-16T09:12', '2024-01-16T14:12:00.000Z'],
    ['2024-01-16 09:12:00.5+0100', '2024-01-16T08:12:00.500Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (input, expected) => {
    expect(parseIsoDateTime(input)?.toISOString()).toBe(expected);
  });

  it.each(['', 'ayer', '2024-01-16', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-16T24:00:00Z', '16/01/2024 09:12', '2024-01-16T09:12:00+15:00'])(
    'rejects %j',
    (input) => {
      expect(parseIsoDateTime(input)).toBeNull();
    },
  );
});
