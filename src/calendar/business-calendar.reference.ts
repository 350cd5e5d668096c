import type { BusinessCalendar, Instant } from './business-calendar';

/**
 * Slow, obviously correct versions of the business-calendar functions, for the
 * tests and the bench to check the table-driven ones against. They read only
 * the calendar's rules (never its day tables) and walk time one minute (or one
 * day) at a time. Do not use them in production code.
 *
 * Time is walked as "local minutes": minutes since 1970-01-01 00:00 Bogotá
 * (small integers, so the walk is plain integer arithmetic). Every boundary that
 * matters (midnight, opening, closing) is a whole minute, so each local minute
 * is either entirely business time or entirely not; an instant in the middle of
 * a minute only gets the rest of that minute.
 *
 * No Math.floor/Math.min in the loops: under Jest's VM context Math builtins are
 * not inlined, which made these walks ten times slower.
 */

const MINUTE_MS = 60_000;
const MINUTES_PER_DAY = 1440;
const DAY_MS = MINUTES_PER_DAY * MINUTE_MS;
/** Bogotá is UTC−5: local wall-clock = UTC − 5 h. */
const BOGOTA_OFFSET_MS = 5 * 60 * MINUTE_MS;

/** floor(x / unit), also for negative x. */
function floorDiv(x: number, unit: number): number {
  return (x - (((x % unit) + unit) % unit)) / unit;
}

function toMs(instant: Instant): number {
  return typeof instant === 'number' ? instant : instant.getTime();
}

/** The local minute an instant falls in, and how far into it (ms). */
function split(ms: number): { minute: number; into: number } {
  const minute = floorDiv(ms - BOGOTA_OFFSET_MS, MINUTE_MS);
  return { minute, into: ms - BOGOTA_OFFSET_MS - minute * MINUTE_MS };
}

/** The instant at `into` ms past the start of local minute `minute`. */
function instantOf(minute: number, into: number): number {
  return minute * MINUTE_MS + into + BOGOTA_OFFSET_MS;
}

/** Per-calendar memo of "is this local day a working day": the rules, evaluated plainly. */
const memo = new WeakMap<BusinessCalendar, { days: Map<number, boolean>; closed: Map<number, Set<string>> }>();

/** The last day asked about: walks ask about the same day 1,440 times in a row. */
let last = { cal: null as BusinessCalendar | null, day: NaN, working: false };

function isWorkingDay(cal: BusinessCalendar, day: number): boolean {
  if (last.cal === cal && last.day === day) return last.working;
  let entry = memo.get(cal);
  if (!entry) {
    entry = { days: new Map(), closed: new Map() };
    memo.set(cal, entry);
  }
  let working = entry.days.get(day);
  if (working === undefined) {
    const date = new Date(day * DAY_MS);
    const year = date.getUTCFullYear();
    let closed = entry.closed.get(year);
    if (!closed) {
      closed = new Set(cal.rules.closedDatesOfYear(year));
      entry.closed.set(year, closed);
    }
    working = cal.rules.workingWeekdays.includes(date.getUTCDay()) && !closed.has(date.toISOString().slice(0, 10));
    entry.days.set(day, working);
  }
  last = { cal, day, working };
  return working;
}

/** Whether local minute `minute` is business time. */
function isBusinessMinute(cal: BusinessCalendar, minute: number): boolean {
  const minuteOfDay = ((minute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const day = (minute - minuteOfDay) / MINUTES_PER_DAY;
  return minuteOfDay >= cal.rules.openingMinute && minuteOfDay < cal.rules.closingMinute && isWorkingDay(cal, day);
}

export function referenceIsBusinessTime(cal: BusinessCalendar, instant: Instant): boolean {
  return isBusinessMinute(cal, split(toMs(instant)).minute);
}

export function referenceNextOpening(cal: BusinessCalendar, instant: Instant): number {
  const t = toMs(instant);
  let { minute } = split(t);
  if (isBusinessMinute(cal, minute)) return t;
  do minute++;
  while (!isBusinessMinute(cal, minute));
  return instantOf(minute, 0);
}

/** Steps minute by minute, spending business time until `minutes` are used up. */
export function referenceAddBusinessMinutes(cal: BusinessCalendar, start: Instant, minutes: number): number {
  if (minutes === 0) return referenceNextOpening(cal, start);
  let { minute, into } = split(toMs(start));
  let remaining = minutes * MINUTE_MS;
  for (;;) {
    if (isBusinessMinute(cal, minute)) {
      const available = MINUTE_MS - into;
      // `<=`: a deadline that uses up the last business minute of the day ends
      // at its end, i.e. at closing time.
      if (remaining <= available) return instantOf(minute, into + remaining);
      remaining -= available;
    }
    minute++;
    into = 0;
  }
}

/** Sums business time minute by minute; negative when b is before a. */
export function referenceBusinessMinutesBetween(cal: BusinessCalendar, a: Instant, b: Instant): number {
  const from = toMs(a);
  const to = toMs(b);
  if (to < from) return -referenceBusinessMinutesBetween(cal, to, from);
  const first = split(from);
  const end = split(to);
  if (first.minute === end.minute) return isBusinessMinute(cal, first.minute) ? (end.into - first.into) / MINUTE_MS : 0;
  let total = isBusinessMinute(cal, first.minute) ? MINUTE_MS - first.into : 0;
  for (let minute = first.minute + 1; minute < end.minute; minute++) {
    if (isBusinessMinute(cal, minute)) total += MINUTE_MS;
  }
  if (isBusinessMinute(cal, end.minute)) total += end.into;
  return total / MINUTE_MS;
}

/** Walks day by day: receipt day = day of the next opening, then count `days` working days after it. */
export function referenceAddBusinessDays(cal: BusinessCalendar, start: Instant, days: number): number {
  let day = floorDiv(referenceNextOpening(cal, start) - BOGOTA_OFFSET_MS, DAY_MS);
  for (let counted = 0; counted < days; ) {
    day++;
    if (isWorkingDay(cal, day)) counted++;
  }
  return day * DAY_MS + cal.rules.closingMinute * MINUTE_MS + BOGOTA_OFFSET_MS;
}
