import {
  addBusinessDays,
  addBusinessMinutes,
  businessMinutesBetween,
  createBusinessCalendar,
  isBusinessTime,
  nextOpening,
} from './business-calendar';
import {
  referenceAddBusinessDays,
  referenceAddBusinessMinutes,
  referenceBusinessMinutesBetween,
  referenceIsBusinessTime,
  referenceNextOpening,
} from './business-calendar.reference';
import { buildColombianBusinessCalendar } from './colombian-holidays';
import { mulberry32 } from '../../test/support/seeded-random';

/** Bogotá wall-clock time → epoch ms. */
const at = (local: string): number => new Date(`${local}-05:00`).getTime();
/** Epoch ms → Bogotá wall-clock time, so failures read like the tables. */
const local = (ms: number): string => new Date(ms - 5 * 3_600_000).toISOString().slice(0, 19);

const cal = buildColombianBusinessCalendar();

describe('isBusinessTime', () => {
  it.each([
    ['2024-03-05T07:59:59.999', false],
    ['2024-03-05T08:00:00', true], // opening belongs to business time
    ['2024-03-05T15:59:59.999', true],
    ['2024-03-05T16:00:00', false], // closing does not
    ['2024-03-02T10:00:00', false], // Saturday
    ['2024-03-03T10:00:00', false], // Sunday
    ['2024-05-01T10:00:00', false], // Día del Trabajo
    ['2025-04-17T10:00:00', false], // Jueves Santo
    ['2026-07-13T10:00:00', false], // Virgen de Chiquinquirá (Ley 2578 de 2026)
  ])('%s → %p', (when, expected) => {
    expect(isBusinessTime(cal, at(when))).toBe(expected);
    expect(isBusinessTime(cal, new Date(at(when)))).toBe(expected);
  });
});

describe('nextOpening', () => {
  it.each([
    ['2024-03-05T10:00:00', '2024-03-05T10:00:00'], // already open: the instant itself
    ['2024-03-05T08:00:00', '2024-03-05T08:00:00'],
    ['2024-03-05T06:30:00', '2024-03-05T08:00:00'],
    ['2024-03-05T16:00:00', '2024-03-06T08:00:00'],
    ['2024-03-01T16:00:00', '2024-03-04T08:00:00'], // Friday closing → Monday
    ['2025-04-16T16:00:00', '2025-04-21T08:00:00'], // Holy Week 2025
    ['2024-12-31T16:30:00', '2025-01-02T08:00:00'], // year boundary, 1 Jan closed
  ])('%s → %s', (when, expected) => {
    expect(local(nextOpening(cal, at(when)))).toBe(expected);
  });
});

describe('addBusinessMinutes', () => {
  it.each([
    // Receipt, business minutes, deadline (all Bogotá time).
    ['2024-03-01T15:59:00', 2, '2024-03-04T08:01:00', 'Friday 15:59 + 2 min → Monday 08:01'],
    ['2024-03-01T15:59:00', 1, '2024-03-01T16:00:00', 'a deadline exactly at closing stays 16:00 (Friday)'],
    ['2024-03-01T15:00:00', 60, '2024-03-01T16:00:00', 'closing on a Friday is not Monday 08:00'],
    ['2024-03-05T08:00:00', 480, '2024-03-05T16:00:00', 'a whole day from opening ends at closing'],
    ['2024-03-05T08:00:00', 1, '2024-03-05T08:01:00', 'receipt exactly at 08:00 counts from 08:00'],
    ['2024-03-05T16:00:00', 1, '2024-03-06T08:01:00', 'receipt exactly at 16:00 counts from next opening'],
    ['2024-03-01T16:00:00', 1, '2024-03-04T08:01:00', 'receipt at Friday closing → Monday'],
    ['2024-03-05T22:00:00', 30, '2024-03-06T08:30:00', 'receipt at night'],
    ['2024-03-05T06:00:00', 30, '2024-03-05T08:30:00', 'receipt before opening'],
    ['2024-03-02T10:00:00', 30, '2024-03-04T08:30:00', 'receipt on a Saturday'],
    ['2024-05-01T10:00:00', 30, '2024-05-02T08:30:00', 'receipt on a holiday'],
    ['2025-04-16T15:00:00', 120, '2025-04-21T09:00:00', 'Holy Week 2025: Thursday and Friday closed'],
    ['2024-03-27T15:30:00', 60, '2024-04-01T08:30:00', 'Holy Week 2024: Easter Monday is a working day'],
    ['2024-12-31T15:30:00', 60, '2025-01-02T08:30:00', 'Dec 31 → Jan 2 across the year boundary'],
    ['2027-12-31T15:00:00', 120, '2028-01-03T09:00:00', 'Friday Dec 31 → first working day of 2028'],
    ['2024-03-04T08:00:00', 40 * 60, '2024-03-08T16:00:00', '40 business hours = Monday 08:00 → Friday 16:00'],
    ['2025-06-27T12:00:00', 480, '2025-07-01T12:00:00', 'Monday 30 June 2025 holds two holidays'],
    ['2024-03-05T10:00:30', 0.5, '2024-03-05T10:01:00', 'sub-minute precision'],
    ['2024-03-05T10:00:00', 0, '2024-03-05T10:00:00', '0 minutes in business time → the receipt itself'],
    ['2024-03-05T17:00:00', 0, '2024-03-06T08:00:00', '0 minutes after hours → next opening'],
  ])('%s + %p min → %s (%s)', (start, minutes, expected) => {
    expect(local(addBusinessMinutes(cal, at(start), minutes))).toBe(expected);
    expect(local(referenceAddBusinessMinutes(cal, at(start), minutes))).toBe(expected);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p minutes', (minutes) => {
    expect(() => addBusinessMinutes(cal, at('2024-03-05T10:00:00'), minutes)).toThrow(/minutos hábiles/);
  });

  it('refuses invalid instants and years outside the calendar', () => {
    // A fresh calendar, so the shared one does not grow a table up to 2199.
    const edge = buildColombianBusinessCalendar();
    expect(() => addBusinessMinutes(edge, new Date('nope'), 10)).toThrow(/instante inválido/);
    expect(() => addBusinessMinutes(edge, at('1950-03-06T10:00:00'), 10)).toThrow(/fuera del calendario hábil/);
    expect(() => addBusinessMinutes(edge, at('2199-12-30T10:00:00'), 5000)).toThrow(/después del calendario hábil/);
  });
});

describe('businessMinutesBetween', () => {
  it.each([
    ['2024-03-01T15:00:00', '2024-03-04T09:00:00', 120], // over a weekend
    ['2024-03-05T08:00:00', '2024-03-05T16:00:00', 480],
    ['2024-03-05T06:00:00', '2024-03-05T07:00:00', 0], // both before opening
    ['2024-03-05T17:00:00', '2024-03-06T07:00:00', 0], // overnight
    ['2024-03-05T10:00:00', '2024-03-05T10:00:00', 0],
    ['2025-04-16T15:00:00', '2025-04-21T09:00:00', 120], // Holy Week
    ['2024-12-31T15:30:00', '2025-01-02T08:30:00', 60], // year boundary
    ['2024-03-05T08:00:30', '2024-03-05T08:01:00', 0.5],
    ['2024-03-04T12:00:00', '2024-03-04T11:00:00', -60], // reversed → negative
    ['2024-03-04T09:00:00', '2024-03-01T15:00:00', -120], // reversed over a weekend
  ])('%s → %s = %p', (a, b, expected) => {
    expect(businessMinutesBetween(cal, at(a), at(b))).toBe(expected);
    expect(referenceBusinessMinutesBetween(cal, at(a), at(b))).toBe(expected);
  });

  it('is antisymmetric', () => {
    const a = at('2024-02-28T11:17:00');
    const b = at('2024-03-12T09:03:00');
    expect(businessMinutesBetween(cal, b, a)).toBe(-businessMinutesBetween(cal, a, b));
  });
});

describe('addBusinessDays (días hábiles; deadline = 16:00 of the last day)', () => {
  it.each([
    ['2024-03-06T10:00:00', 1, '2024-03-07T16:00:00', 'the receipt day never counts'],
    ['2024-03-06T07:00:00', 1, '2024-03-07T16:00:00', 'before opening: still received that day'],
    ['2024-03-06T16:00:00', 1, '2024-03-08T16:00:00', 'at closing: received the next business day'],
    ['2024-03-02T10:00:00', 1, '2024-03-05T16:00:00', 'Saturday: received Monday, term starts Tuesday'],
    ['2025-04-16T10:00:00', 5, '2025-04-25T16:00:00', 'over Jueves and Viernes Santo'],
    ['2024-12-20T17:00:00', 15, '2025-01-16T16:00:00', 'derecho de petición over Christmas, 1 Jan and Reyes'],
    ['2026-03-20T09:00:00', 15, '2026-04-15T16:00:00', 'over San José and Holy Week 2026'],
    ['2026-07-10T10:00:00', 2, '2026-07-15T16:00:00', 'over the Ley 2578 holiday (13 July 2026)'],
    ['2027-12-30T10:00:00', 1, '2027-12-31T16:00:00', 'up to the last day of a year'],
    ['2027-12-31T10:00:00', 1, '2028-01-03T16:00:00', 'into the next year'],
  ])('%s + %p días → %s (%s)', (start, days, expected) => {
    expect(local(addBusinessDays(cal, at(start), days))).toBe(expected);
    expect(local(referenceAddBusinessDays(cal, at(start), days))).toBe(expected);
  });

  it.each([0, -3, 1.5])('refuses %p days', (days) => {
    expect(() => addBusinessDays(cal, at('2024-03-05T10:00:00'), days)).toThrow(/días hábiles/);
  });
});

describe('day tables', () => {
  it('give the same answers whichever year is asked about first', () => {
    const fresh = buildColombianBusinessCalendar();
    const late = at('2030-06-14T15:00:00');
    const early = at('2024-01-05T15:00:00');
    expect(local(addBusinessMinutes(fresh, late, 120))).toBe(local(addBusinessMinutes(cal, late, 120)));
    // Growing backwards moves the start of the table; counts must not shift.
    expect(businessMinutesBetween(fresh, early, late)).toBe(businessMinutesBetween(cal, early, late));
    expect(businessMinutesBetween(fresh, early, late)).toBe(referenceBusinessMinutesBetween(cal, early, late));
  });

  it('work with other rules, e.g. a 24×7 desk', () => {
    const always = createBusinessCalendar({ openingMinute: 0, closingMinute: 1440, workingWeekdays: [0, 1, 2, 3, 4, 5, 6], closedDatesOfYear: () => [] });
    expect(local(addBusinessMinutes(always, at('2024-12-31T23:30:00'), 60))).toBe('2025-01-01T00:30:00');
    expect(local(addBusinessMinutes(always, at('2024-12-31T23:00:00'), 60))).toBe('2025-01-01T00:00:00');
    expect(businessMinutesBetween(always, at('2024-01-01T00:00:00'), at('2025-01-01T00:00:00'))).toBe(366 * 1440);
  });
});


describe('fast vs reference (randomized, fixed seed)', () => {
  const FROM = at('2024-01-01T00:00:00');
  const TO = at('2031-01-01T00:00:00');
  const random = mulberry32(20240116);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  /** Mostly arbitrary milliseconds, but often exactly on the edges that break things. */
  function randomInstant(): number {
    const t = FROM + Math.floor(random() * (TO - FROM));
    const day = Math.floor((t - 5 * 3_600_000) / 86_400_000) * 86_400_000 + 5 * 3_600_000;
    switch (Math.floor(random() * 5)) {
      case 0:
        return day + pick([480, 960, 479, 959, 0, 1439]) * 60_000; // opening, closing, just before, midnight
      case 1:
        return t - (t % 60_000); // whole minute
      default:
        return t;
    }
  }

  const cases = Array.from({ length: 2000 }, () => ({
    start: randomInstant(),
    other: randomInstant(),
    minutes: random() < 0.05 ? 0 : random() < 0.1 ? Math.floor(random() * 4800) / 2 : Math.floor(random() * 2401),
    days: 1 + Math.floor(random() * 15),
  }));
  const fresh = buildColombianBusinessCalendar();

  it('agrees on addBusinessMinutes, and the deadline is exactly that many minutes away', () => {
    const mismatches = cases.filter(({ start, minutes }) => addBusinessMinutes(fresh, start, minutes) !== referenceAddBusinessMinutes(cal, start, minutes));
    expect(mismatches).toEqual([]);
    for (const { start, minutes } of cases) {
      if (minutes > 0) expect(businessMinutesBetween(fresh, start, addBusinessMinutes(fresh, start, minutes))).toBe(minutes);
    }
  });

  it('agrees on addBusinessDays', () => {
    const mismatches = cases.filter(({ start, days }) => addBusinessDays(fresh, start, days) !== referenceAddBusinessDays(cal, start, days));
    expect(mismatches).toEqual([]);
  });

  it('agrees on businessMinutesBetween, in both directions', () => {
    // Spans capped at ~20 days so the minute-by-minute reference stays quick.
    const pairs = cases.map(({ start, other }) => [start, start + ((other - start) % (20 * 86_400_000))] as const);
    const mismatches = pairs.filter(([a, b]) => businessMinutesBetween(fresh, a, b) !== referenceBusinessMinutesBetween(cal, a, b));
    expect(mismatches).toEqual([]);
  });

  it('agrees on isBusinessTime and nextOpening', () => {
    for (const { start } of cases) {
      expect([start, isBusinessTime(fresh, start)]).toEqual([start, referenceIsBusinessTime(cal, start)]);
      expect([start, nextOpening(fresh, start)]).toEqual([start, referenceNextOpening(cal, start)]);
    }
  });
});
