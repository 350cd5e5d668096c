import { BusinessCalendar, isBusinessTime, nextOpening } from '../calendar/business-calendar';
import { addDays, bogotaDayOf, bogotaMidnight } from './report-period';

/**
 * How old an open ticket is, in días hábiles, for the backlog's age bands.
 *
 * Counted like a legal term (src/calendar/business-calendar.ts, addBusinessDays): a receipt
 * outside business time counts from the next opening, and that receipt day itself is day 0;
 * each working day after it, up to and including today, adds one. So mail received Friday is
 * 1 día hábil old on Monday, and 0 on the day it arrived.
 */

export const AGE_BANDS = [
  { key: '0-1', label: '0 a 1 días hábiles', min: 0 },
  { key: '2-5', label: '2 a 5 días hábiles', min: 2 },
  { key: '6-10', label: '6 a 10 días hábiles', min: 6 },
  { key: '11-15', label: '11 a 15 días hábiles', min: 11 },
  { key: '16+', label: 'más de 15 días hábiles', min: 16 },
] as const;
export type AgeBandKey = (typeof AGE_BANDS)[number]['key'];
export const AGE_BAND_KEYS: readonly AgeBandKey[] = AGE_BANDS.map((b) => b.key);

const MINUTE_MS = 60_000;
/** A working day is found within a year in any sane calendar; the walk stops there. */
const MAX_DAYS_BACK = 366 * 2;

function isWorkingDay(cal: BusinessCalendar, day: string): boolean {
  return isBusinessTime(cal, bogotaMidnight(day).getTime() + cal.rules.openingMinute * MINUTE_MS);
}

/** The reference definition, one ticket at a time (the SQL uses ageCutoffs, tested against this). */
export function businessAgeDays(cal: BusinessCalendar, receivedAt: Date, now: Date): number {
  const receiptDay = bogotaDayOf(new Date(nextOpening(cal, receivedAt)));
  const today = bogotaDayOf(now);
  let age = 0;
  for (let day = addDays(receiptDay, 1); day <= today; day = addDays(day, 1)) if (isWorkingDay(cal, day)) age++;
  return age;
}

export function ageBandOf(ageDays: number): AgeBandKey {
  let band: AgeBandKey = AGE_BANDS[0].key;
  for (const candidate of AGE_BANDS) if (ageDays >= candidate.min) band = candidate.key;
  return band;
}

/**
 * For each age `k`, the instant C such that a ticket is at least k días hábiles old at `now`
 * exactly when it was received before C: the closing time of the (k+1)-th working day counting
 * back from today (today first, when it is one). Mail after that closing counts from the next
 * working day, which leaves fewer than k working days up to today.
 */
export function ageCutoffs(cal: BusinessCalendar, now: Date, ages: readonly number[]): Map<number, Date> {
  const wanted = Math.max(0, ...ages) + 1;
  const workingDays: string[] = [];
  let day = bogotaDayOf(now);
  for (let steps = 0; workingDays.length < wanted; steps++, day = addDays(day, -1)) {
    if (steps > MAX_DAYS_BACK * wanted) throw new RangeError('el calendario hábil no tiene días laborables');
    if (isWorkingDay(cal, day)) workingDays.push(day);
  }
  const closingMs = cal.rules.closingMinute * MINUTE_MS;
  const cutoffs = new Map<number, Date>();
  for (const k of ages) cutoffs.set(k, new Date(bogotaMidnight(workingDays[k]).getTime() + closingMs));
  return cutoffs;
}

/** The received_at range of each band at `now`: [from, before), either end open. */
export function ageBandRanges(cal: BusinessCalendar, now: Date): Map<AgeBandKey, { receivedFrom: Date | null; receivedBefore: Date | null }> {
  const cutoffs = ageCutoffs(
    cal,
    now,
    AGE_BANDS.map((b) => b.min).filter((min) => min > 0),
  );
  const ranges = new Map<AgeBandKey, { receivedFrom: Date | null; receivedBefore: Date | null }>();
  AGE_BANDS.forEach((band, i) => {
    const next = AGE_BANDS[i + 1];
    // Older tickets were received earlier: the band's own cutoff is its upper bound.
    ranges.set(band.key, {
      receivedFrom: next ? cutoffs.get(next.min)! : null,
      receivedBefore: band.min > 0 ? cutoffs.get(band.min)! : null,
    });
  });
  return ranges;
}
