import { businessMinutesBetween } from '../../../src/calendar/business-calendar';
import { buildColombianBusinessCalendar } from '../../../src/calendar/colombian-holidays';
import { workingTimeView } from '../../../src/calendar/working-time';
import { calendarFromWorkingTime, formatBusinessDuration, slaBadgeText } from './business-time';

const serverCalendar = buildColombianBusinessCalendar();
// What the browser builds from GET /api/calendar/working-time.
const browserCalendar = calendarFromWorkingTime(workingTimeView(serverCalendar, 2023, 2025));
const at = (iso: string) => new Date(iso).getTime();

describe('formatBusinessDuration (8-hour working day)', () => {
  it.each([
    [0, '0 min'],
    [45, '45 min'],
    [60, '1 h'],
    [135, '2 h 15 min'],
    [479, '7 h 59 min'],
    [480, '1 d'],
    [600, '1 d 2 h'],
    [-5, '0 min'],
  ])('%i min → %s', (minutes, expected) => {
    expect(formatBusinessDuration(minutes, 480)).toBe(expected);
  });
});

describe('slaBadgeText', () => {
  it.each([
    // Friday 15:00 → Tuesday 10:15 across Monday 8 January 2024 (Reyes Magos): 60 + 135 business minutes.
    ['on-time', '2024-01-09T10:15:00-05:00', '2024-01-05T15:00:00-05:00', 'vence en 3 h 15 min hábiles', 'ok'],
    ['warning', '2024-01-16T09:00:00-05:00', '2024-01-16T08:30:00-05:00', 'vence en 30 min hábiles', 'warning'],
    // Due Friday 15:00, now Tuesday 9:00 (Monday a holiday): 60 + 60 business minutes late.
    ['breached', '2024-01-05T15:00:00-05:00', '2024-01-09T09:00:00-05:00', 'vencido hace 2 h hábiles', 'breached'],
    // The state said on time but the deadline passed since the list was loaded.
    ['on-time', '2024-01-16T09:00:00-05:00', '2024-01-16T09:20:00-05:00', 'vencido hace 20 min hábiles', 'breached'],
    ['on-time', '2024-01-19T16:00:00-05:00', '2024-01-15T08:00:00-05:00', 'vence en 5 d hábiles', 'ok'],
  ] as const)('%s, due %s, now %s → %s', (state, due, now, text, tone) => {
    expect(slaBadgeText(state, due, at(now), browserCalendar)).toEqual({ text, tone });
  });

  it('says paused and met without counting', () => {
    expect(slaBadgeText('paused', '2024-01-09T10:15:00-05:00', at('2024-01-05T15:00:00-05:00'), browserCalendar)).toEqual({ text: 'en pausa: esperando a la entidad', tone: 'paused' });
    expect(slaBadgeText('met', null, Date.now(), browserCalendar)).toEqual({ text: 'cumplido', tone: 'met' });
    expect(slaBadgeText('on-time', null, Date.now(), browserCalendar)).toEqual({ text: 'sin plazo', tone: 'none' });
  });

  it('without the calendar, or outside its years, says the state only', () => {
    expect(slaBadgeText('warning', '2024-01-16T09:00:00-05:00', at('2024-01-16T08:30:00-05:00'), null)).toEqual({ text: 'a tiempo', tone: 'warning' });
    expect(slaBadgeText('breached', '2020-01-16T09:00:00-05:00', at('2024-01-16T08:30:00-05:00'), browserCalendar)).toEqual({ text: 'vencido', tone: 'breached' });
  });
});

describe('the browser calendar counts like the server', () => {
  it.each([
    ['2023-12-22T10:00:00-05:00', '2024-01-10T11:00:00-05:00'],
    ['2024-03-22T15:30:00-05:00', '2024-04-02T08:30:00-05:00'],
    ['2024-12-24T07:00:00-05:00', '2025-01-07T17:00:00-05:00'],
  ])('%s → %s', (from, to) => {
    expect(businessMinutesBetween(browserCalendar, at(from), at(to))).toBe(businessMinutesBetween(serverCalendar, at(from), at(to)));
  });
});
