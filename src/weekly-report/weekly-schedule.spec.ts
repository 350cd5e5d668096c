import { nextWeeklyRun, reportedWeek } from './weekly-schedule';

const MONDAY_8 = { weekday: 1, minute: 8 * 60 };

describe('the weekly report schedule (Bogotá)', () => {
  it.each<[string, string, { weekday: number; minute: number }, string]>([
    ['on Sunday night, the next morning', '2024-01-21T22:00:00-05:00', MONDAY_8, '2024-01-22T08:00:00-05:00'],
    ['on Monday before 8, the same morning', '2024-01-22T07:59:59-05:00', MONDAY_8, '2024-01-22T08:00:00-05:00'],
    ['at 8 sharp, a week later (strictly after now)', '2024-01-22T08:00:00-05:00', MONDAY_8, '2024-01-29T08:00:00-05:00'],
    ['on Monday after 8, next week', '2024-01-22T08:00:01-05:00', MONDAY_8, '2024-01-29T08:00:00-05:00'],
    ['late on Monday in Bogotá is already Tuesday in UTC', '2024-01-22T23:30:00-05:00', MONDAY_8, '2024-01-29T08:00:00-05:00'],
    ['across a month and a year', '2024-12-31T10:00:00-05:00', MONDAY_8, '2025-01-06T08:00:00-05:00'],
    ['another day and time', '2024-01-22T12:00:00-05:00', { weekday: 5, minute: 17 * 60 + 30 }, '2024-01-26T17:30:00-05:00'],
    ['Sunday at midnight', '2024-01-24T12:00:00-05:00', { weekday: 0, minute: 0 }, '2024-01-28T00:00:00-05:00'],
    ['leap day', '2024-02-27T09:00:00-05:00', { weekday: 4, minute: 8 * 60 }, '2024-02-29T08:00:00-05:00'],
  ])('%s', (_name, now, schedule, expected) => {
    expect(nextWeeklyRun(new Date(now), schedule).toISOString()).toBe(new Date(expected).toISOString());
  });

  it.each<[string, string, { from: string; to: string }]>([
    ['a Monday 8:00 run reports the week that ended the day before', '2024-01-22T08:00:00-05:00', { from: '2024-01-15', to: '2024-01-21' }],
    ['a run late on Monday (Tuesday in UTC) still reports that week', '2024-01-22T22:00:00-05:00', { from: '2024-01-15', to: '2024-01-21' }],
    ['a Sunday run reports the previous complete week', '2024-01-28T20:00:00-05:00', { from: '2024-01-15', to: '2024-01-21' }],
    ['a Friday run reports the previous complete week', '2024-01-26T17:30:00-05:00', { from: '2024-01-15', to: '2024-01-21' }],
    ['across the year end', '2025-01-06T08:00:00-05:00', { from: '2024-12-30', to: '2025-01-05' }],
    ['across February of a leap year', '2024-03-04T08:00:00-05:00', { from: '2024-02-26', to: '2024-03-03' }],
  ])('%s', (_name, runAt, expected) => {
    expect(reportedWeek(new Date(runAt))).toEqual(expected);
  });
});
