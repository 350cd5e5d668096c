import { addDays, bogotaDayOf, bogotaMidnight, bucketEnd, bucketInPeriod, bucketLabel, bucketsOfPeriod, bucketStart, daysInPeriod, isIsoDay, periodInstants } from './report-period';

describe('Bogotá days', () => {
  it('reads an instant late in the evening as that Bogotá day, not the UTC one', () => {
    expect(bogotaDayOf(new Date('2024-01-10T04:30:00Z'))).toBe('2024-01-09');
    expect(bogotaDayOf(new Date('2024-01-10T05:00:00Z'))).toBe('2024-01-10');
  });

  it('gives a period as [first midnight, midnight after the last day)', () => {
    expect(periodInstants('2024-01-01', '2024-12-31')).toEqual({ start: new Date('2024-01-01T05:00:00Z'), end: new Date('2025-01-01T05:00:00Z') });
    expect(bogotaMidnight('2024-02-29')).toEqual(new Date('2024-02-29T05:00:00Z'));
  });

  it.each<[string, boolean]>([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
  ])('%s is a date: %s', (day, valid) => {
    expect(isIsoDay(day)).toBe(valid);
  });

  it('counts the days of a period, both ends included', () => {
    expect(daysInPeriod('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysInPeriod('2024-03-01', '2024-03-01')).toBe(1);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});

describe('buckets', () => {
  it.each<[string, 'day' | 'week' | 'month', string, string, string]>([
    ['2024-01-10', 'day', '2024-01-10', '2024-01-10', '2024-01-10'],
    ['2024-01-08', 'week', '2024-01-08', '2024-01-14', 'semana del 2024-01-08'],
    ['2024-01-14', 'week', '2024-01-08', '2024-01-14', 'semana del 2024-01-08'],
    ['2024-12-31', 'week', '2024-12-30', '2025-01-05', 'semana del 2024-12-30'],
    ['2024-02-15', 'month', '2024-02-01', '2024-02-29', 'febrero de 2024'],
    ['2023-12-31', 'month', '2023-12-01', '2023-12-31', 'diciembre de 2023'],
  ])('%s by %s: %s to %s (%s)', (day, grouping, start, end, label) => {
    expect(bucketStart(day, grouping)).toBe(start);
    expect(bucketEnd(start, grouping)).toBe(end);
    expect(bucketLabel(start, grouping)).toBe(label);
  });

  it('lists every bucket the period touches and clips the edges to it', () => {
    expect(bucketsOfPeriod('2024-01-31', '2024-03-02', 'month')).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    expect(bucketsOfPeriod('2024-01-10', '2024-01-22', 'week')).toEqual(['2024-01-08', '2024-01-15', '2024-01-22']);
    expect(bucketInPeriod('2024-01-08', 'week', '2024-01-10', '2024-01-31')).toEqual({ from: '2024-01-10', to: '2024-01-14' });
    expect(bucketInPeriod('2024-03-01', 'month', '2024-01-01', '2024-03-02')).toEqual({ from: '2024-03-01', to: '2024-03-02' });
  });
});
