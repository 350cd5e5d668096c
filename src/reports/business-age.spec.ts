import { loadAppConfig } from '../config/app-config';
import { businessCalendarFrom } from '../sla/sla-policy';
import { AGE_BANDS, ageBandOf, ageBandRanges, ageCutoffs, businessAgeDays } from './business-age';

const calendar = businessCalendarFrom(loadAppConfig({}));
const t = (iso: string) => new Date(iso);
// Tuesday after Holy Week 2024: Thursday 28 and Friday 29 March were holidays, Monday 25 San José.
const now = t('2024-04-02T10:00:00-05:00');

describe('businessAgeDays', () => {
  it.each<[string, string, number]>([
    ['received this morning', '2024-04-02T09:00:00-05:00', 0],
    ['received before opening today', '2024-04-02T06:00:00-05:00', 0],
    ['received yesterday (the Monday after Easter)', '2024-04-01T15:00:00-05:00', 1],
    ['Holy Wednesday before closing: the holidays and the weekend do not count', '2024-03-27T15:00:00-05:00', 2],
    ['Holy Wednesday after closing counts from Monday 1 April', '2024-03-27T16:30:00-05:00', 1],
    ['Friday 22 March: Monday 25 (San José) does not count', '2024-03-22T12:00:00-05:00', 4],
    ['a Saturday counts from Tuesday 26 March', '2024-03-23T10:00:00-05:00', 3],
    // January 9–31: 17 working days; February: 21; March: 21 weekdays less 25, 28 and 29 = 18; April 1–2: 2.
    ['Friday 5 January: Reyes Magos (Monday 8) does not count', '2024-01-05T10:00:00-05:00', 58],
  ])('%s', (_label, received, expected) => {
    expect(businessAgeDays(calendar, t(received), now)).toBe(expected);
  });
});

describe('ageBandOf', () => {
  it.each<[number, string]>([
    [0, '0-1'],
    [1, '0-1'],
    [2, '2-5'],
    [5, '2-5'],
    [6, '6-10'],
    [10, '6-10'],
    [11, '11-15'],
    [15, '11-15'],
    [16, '16+'],
    [400, '16+'],
  ])('%i días hábiles → %s', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });
});

describe('ageCutoffs', () => {
  it('is the closing time of the (k+1)-th working day back from today', () => {
    const cutoffs = ageCutoffs(calendar, now, [1, 2, 6]);
    // Working days back from Tuesday 2 April: 2 Apr, 1 Apr, 27 Mar, 26 Mar, 22 Mar, 21 Mar, 20 Mar.
    expect(cutoffs.get(1)).toEqual(t('2024-04-01T16:00:00-05:00'));
    expect(cutoffs.get(2)).toEqual(t('2024-03-27T16:00:00-05:00'));
    expect(cutoffs.get(6)).toEqual(t('2024-03-20T16:00:00-05:00'));
  });

  it('starts from the last working day when today is not one', () => {
    // Easter Sunday: the last working day is Holy Wednesday.
    expect(ageCutoffs(calendar, t('2024-03-31T12:00:00-05:00'), [1]).get(1)).toEqual(t('2024-03-26T16:00:00-05:00'));
  });

  it('puts every receipt of three months in the band its age says (every 37 minutes)', () => {
    const ranges = ageBandRanges(calendar, now);
    const mismatches: string[] = [];
    for (let ms = t('2024-01-01T00:00:00-05:00').getTime(); ms < now.getTime(); ms += 37 * 60_000) {
      const received = new Date(ms);
      const expected = ageBandOf(businessAgeDays(calendar, received, now));
      const found = AGE_BANDS.find((band) => {
        const range = ranges.get(band.key)!;
        return (range.receivedFrom === null || received >= range.receivedFrom) && (range.receivedBefore === null || received < range.receivedBefore);
      });
      if (found?.key !== expected) mismatches.push(`${received.toISOString()}: ${found?.key} ≠ ${expected}`);
    }
    expect(mismatches).toEqual([]);
  });
});
