/**
 * Business-hours arithmetic for the help desk: which instants count towards an
 * SLA, when the clock restarts, and when a term (in minutes or días hábiles) ends.
 *
 * Everything is in Bogotá wall-clock time. Colombia has had no daylight saving
 * time since 1993, so local = UTC − 5 h exactly and no time-zone database (nor
 * Intl, which is far too slow for the hot path) is needed.
 *
 * Instants go in as `Date` or epoch milliseconds and come out as epoch
 * milliseconds: callers that compute millions of deadlines (the SLA sweeper, the
 * bench) avoid allocating a Date per result.
 *
 * Speed comes from a per-calendar day table built lazily, one year at a time:
 *  - `working[i]`    1 when day i of the table is a working day;
 *  - `cumulative[i]` number of working days strictly before day i;
 *  - `ordinalDay[k]` table index of the k-th working day (0-based).
 * Every working day has the same length (closing − opening), so "business
 * milliseconds since the start of the table" is O(1) for any instant, and the
 * instant at which that count reaches a target is O(1) too. No loop over minutes
 * or days ever runs on the hot path.
 */

/** An instant as a Date or as epoch milliseconds. */
export type Instant = Date | number;

export interface BusinessCalendarRules {
  /** Opening time, minutes after local midnight (480 = 08:00). */
  openingMinute: number;
  /** Closing time, minutes after local midnight (960 = 16:00); the closing minute itself is not business time. */
  closingMinute: number;
  /** Working weekdays, 0 = Sunday … 6 = Saturday (JavaScript's getUTCDay numbering). */
  workingWeekdays: readonly number[];
  /**
   * Non-working dates (`YYYY-MM-DD`, Bogotá) of one year on top of the weekly
   * rest days: holidays plus any extra closures. Called at most once per year.
   */
  closedDatesOfYear(year: number): Iterable<string>;
  /** First and last year the calendar may be asked about; outside it every function throws RangeError. */
  firstYear?: number;
  lastYear?: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Bogotá is UTC−5: local wall-clock = UTC − 5 h. */
const BOGOTA_OFFSET_MS = 5 * 60 * MINUTE_MS;
const DEFAULT_FIRST_YEAR = 1970;
const DEFAULT_LAST_YEAR = 2199;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A business calendar with its lazily grown day tables. Treat it as an opaque
 * value: the tables only cache what the rules already determine, so every
 * function below stays a pure function of (rules, arguments).
 */
export class BusinessCalendar {
  readonly rules: Readonly<BusinessCalendarRules>;
  /** @internal opening / closing in ms after local midnight, and their difference. */
  readonly openMs: number;
  readonly closeMs: number;
  readonly spanMs: number;
  /** @internal Epoch day number (local) of table index 0, and table length in days. */
  firstDay = 0;
  length = 0;
  firstYear = 0;
  lastYear = -1;
  working: Uint8Array = new Uint8Array(0);
  cumulative: Int32Array = new Int32Array(1);
  ordinalDay: Int32Array = new Int32Array(0);
  workingCount = 0;
  private readonly yearFlags = new Map<number, Uint8Array>();
  private readonly weekdayWorks: boolean[];
  private readonly minYear: number;
  private readonly maxYear: number;

  constructor(rules: BusinessCalendarRules) {
    const { openingMinute, closingMinute, workingWeekdays } = rules;
    if (!Number.isInteger(openingMinute) || !Number.isInteger(closingMinute) || openingMinute < 0 || closingMinute > 1440 || openingMinute >= closingMinute) {
      throw new RangeError(`horario inválido: la apertura (${openingMinute}) debe ser anterior al cierre (${closingMinute}), en minutos entre 0 y 1440`);
    }
    if (workingWeekdays.length === 0 || workingWeekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
      // Without a single working weekday every forward search would run forever.
      throw new RangeError('los días laborables deben ser al menos uno, numerados de 0 (domingo) a 6 (sábado)');
    }
    this.minYear = rules.firstYear ?? DEFAULT_FIRST_YEAR;
    this.maxYear = rules.lastYear ?? DEFAULT_LAST_YEAR;
    this.rules = Object.freeze({ ...rules, workingWeekdays: Object.freeze([...workingWeekdays]) });
    this.openMs = openingMinute * MINUTE_MS;
    this.closeMs = closingMinute * MINUTE_MS;
    this.spanMs = this.closeMs - this.openMs;
    this.weekdayWorks = [0, 1, 2, 3, 4, 5, 6].map((d) => workingWeekdays.includes(d));
  }

  /** @internal Makes sure the table covers the given local epoch day (and one year after it). */
  coverDay(day: number): void {
    const year = new Date(day * DAY_MS).getUTCFullYear();
    if (year < this.minYear || year > this.maxYear) {
      throw new RangeError(`fecha fuera del calendario hábil soportado (${this.minYear}–${this.maxYear})`);
    }
    if (this.length === 0) {
      this.rebuild(year, Math.min(year + 1, this.maxYear));
    } else {
      // The year after is included so that deadlines near 31 December rarely
      // need a second rebuild.
      this.rebuild(Math.min(year, this.firstYear), Math.max(Math.min(year + 1, this.maxYear), this.lastYear));
    }
  }

  /** @internal Makes sure the k-th working day (0-based) exists in the table. */
  coverOrdinal(ordinal: number): void {
    while (ordinal >= this.workingCount) {
      if (this.lastYear >= this.maxYear) {
        throw new RangeError(`el plazo termina después del calendario hábil soportado (${this.minYear}–${this.maxYear})`);
      }
      // Growing forward keeps firstDay, so business counts already computed stay valid.
      this.rebuild(this.firstYear, this.lastYear + 1);
    }
  }

  private rebuild(firstYear: number, lastYear: number): void {
    const firstDay = Date.UTC(firstYear, 0, 1) / DAY_MS;
    const endDay = Date.UTC(lastYear + 1, 0, 1) / DAY_MS;
    const length = endDay - firstDay;
    const working = new Uint8Array(length);
    for (let year = firstYear, offset = 0; year <= lastYear; year++) {
      const flags = this.flagsOfYear(year);
      working.set(flags, offset);
      offset += flags.length;
    }
    const cumulative = new Int32Array(length + 1);
    let count = 0;
    for (let i = 0; i < length; i++) {
      cumulative[i] = count;
      count += working[i];
    }
    cumulative[length] = count;
    const ordinalDay = new Int32Array(count);
    for (let i = 0, k = 0; i < length; i++) if (working[i] === 1) ordinalDay[k++] = i;
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.firstDay = firstDay;
    this.length = length;
    this.working = working;
    this.cumulative = cumulative;
    this.ordinalDay = ordinalDay;
    this.workingCount = count;
  }

  private flagsOfYear(year: number): Uint8Array {
    let flags = this.yearFlags.get(year);
    if (flags) return flags;
    const firstDay = Date.UTC(year, 0, 1) / DAY_MS;
    const length = Date.UTC(year + 1, 0, 1) / DAY_MS - firstDay;
    flags = new Uint8Array(length);
    for (let i = 0; i < length; i++) flags[i] = this.weekdayWorks[weekdayOfDay(firstDay + i)] ? 1 : 0;
    for (const date of this.rules.closedDatesOfYear(year)) {
      const day = dayOfIsoDate(date);
      // Ignoring dates of other years lets providers pass a whole configured list.
      if (day >= firstDay && day < firstDay + length) flags[day - firstDay] = 0;
    }
    this.yearFlags.set(year, flags);
    return flags;
  }
}

/** Builds a calendar; the day tables are filled lazily, a year at a time. */
export function createBusinessCalendar(rules: BusinessCalendarRules): BusinessCalendar {
  return new BusinessCalendar(rules);
}

/** Epoch day number of a `YYYY-MM-DD` date; throws on anything else. */
export function dayOfIsoDate(date: string): number {
  const match = ISO_DATE.exec(date);
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS : NaN;
  if (!match || new Date(day * DAY_MS).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`fecha inválida «${date}»: se esperaba AAAA-MM-DD`);
  }
  return day;
}

function weekdayOfDay(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

function toMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('instante inválido');
  return ms;
}

/** Table index of the local day containing `ms`, growing the table if needed. */
function indexOf(cal: BusinessCalendar, localMs: number): number {
  const day = Math.floor(localMs / DAY_MS);
  let i = day - cal.firstDay;
  if (i < 0 || i >= cal.length) {
    cal.coverDay(day);
    i = day - cal.firstDay;
  }
  return i;
}

/**
 * Business milliseconds from the start of the table to `localMs`. Only
 * differences of two values are meaningful, and only while firstDay is unchanged.
 */
function businessMsBefore(cal: BusinessCalendar, localMs: number, i: number): number {
  let ms = cal.cumulative[i] * cal.spanMs;
  if (cal.working[i] === 1) {
    const into = localMs - (cal.firstDay + i) * DAY_MS - cal.openMs;
    if (into > 0) ms += into < cal.spanMs ? into : cal.spanMs;
  }
  return ms;
}

/** UTC epoch ms of `msOfDay` on table day i. */
function instantOf(cal: BusinessCalendar, i: number, msOfDay: number): number {
  return (cal.firstDay + i) * DAY_MS + msOfDay + BOGOTA_OFFSET_MS;
}

/** True when the instant is within opening hours of a working day: [opening, closing). */
export function isBusinessTime(cal: BusinessCalendar, instant: Instant): boolean {
  const local = toMs(instant) - BOGOTA_OFFSET_MS;
  const i = indexOf(cal, local);
  if (cal.working[i] !== 1) return false;
  const msOfDay = local - (cal.firstDay + i) * DAY_MS;
  return msOfDay >= cal.openMs && msOfDay < cal.closeMs;
}

/** The instant itself when it is business time; otherwise the next opening (epoch ms). */
export function nextOpening(cal: BusinessCalendar, instant: Instant): number {
  const t = toMs(instant);
  const local = t - BOGOTA_OFFSET_MS;
  const i = indexOf(cal, local);
  if (cal.working[i] === 1) {
    const msOfDay = local - (cal.firstDay + i) * DAY_MS;
    if (msOfDay < cal.openMs) return instantOf(cal, i, cal.openMs);
    if (msOfDay < cal.closeMs) return t;
  }
  // cumulative[i + 1] is the ordinal of the first working day after day i.
  const ordinal = cal.cumulative[i + 1];
  cal.coverOrdinal(ordinal);
  return instantOf(cal, cal.ordinalDay[ordinal], cal.openMs);
}

/**
 * The instant at which `minutes` business minutes have elapsed since `start`
 * (epoch ms). Time outside opening hours does not count, so a receipt at night,
 * on a weekend or on a holiday starts counting at the next opening.
 *
 * The result is the earliest such instant: a deadline that lands exactly on
 * closing time is 16:00 of that day, not 08:00 of the next working day (they are
 * the same amount of business time, and 16:00 is what a person expects to read).
 * With 0 minutes the clock has not started, so the result is nextOpening(start).
 * Fractional minutes are allowed (millisecond precision).
 */
export function addBusinessMinutes(cal: BusinessCalendar, start: Instant, minutes: number): number {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) {
    throw new RangeError(`los minutos hábiles deben ser un número finito no negativo (llegó ${minutes})`);
  }
  if (minutes === 0) return nextOpening(cal, start);
  const local = toMs(start) - BOGOTA_OFFSET_MS;
  const target = businessMsBefore(cal, local, indexOf(cal, local)) + minutes * MINUTE_MS;
  // target > 0, so the deadline falls on working day `ordinal` with remainder in (0, span]:
  // a remainder equal to span is closing time of that day, never the next opening.
  const ordinal = Math.ceil(target / cal.spanMs) - 1;
  cal.coverOrdinal(ordinal);
  const remainder = target - ordinal * cal.spanMs;
  return instantOf(cal, cal.ordinalDay[ordinal], cal.openMs + remainder);
}

/**
 * Business minutes between two instants (fractional when they are not whole
 * minutes apart). Signed like a subtraction: negative when `b` is before `a`,
 * so businessMinutesBetween(a, b) === −businessMinutesBetween(b, a).
 */
export function businessMinutesBetween(cal: BusinessCalendar, a: Instant, b: Instant): number {
  const localA = toMs(a) - BOGOTA_OFFSET_MS;
  const localB = toMs(b) - BOGOTA_OFFSET_MS;
  // Cover both days before reading either count: growing the table backwards moves firstDay.
  indexOf(cal, localA);
  indexOf(cal, localB);
  const iA = Math.floor(localA / DAY_MS) - cal.firstDay;
  const iB = Math.floor(localB / DAY_MS) - cal.firstDay;
  return (businessMsBefore(cal, localB, iB) - businessMsBefore(cal, localA, iA)) / MINUTE_MS;
}

/**
 * Deadline of a legal term of `days` días hábiles (e.g. 15 for a derecho de
 * petición, Ley 1755 de 2015), as epoch ms.
 *
 * Definition used here:
 *  1. A receipt outside business time counts as received at the next opening
 *     (like a radicación outside office hours, which is filed the next business
 *     day). Call that day the receipt day.
 *  2. The term counts whole business days starting the business day after the
 *     receipt day; the receipt day itself never counts, however early it arrived.
 *  3. The deadline is the END of the last counted day, i.e. its closing time
 *     (16:00 Bogotá by default), not midnight: after closing nobody can act on
 *     the request that same day.
 * So a request received Wednesday 10:00 with 1 día hábil is due Thursday 16:00.
 */
export function addBusinessDays(cal: BusinessCalendar, start: Instant, days: number): number {
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(`los días hábiles deben ser un entero positivo (llegó ${days})`);
  }
  const received = nextOpening(cal, start) - BOGOTA_OFFSET_MS;
  const i = indexOf(cal, received);
  // The receipt day is a working day, so its ordinal is cumulative[i].
  const ordinal = cal.cumulative[i] + days;
  cal.coverOrdinal(ordinal);
  return instantOf(cal, cal.ordinalDay[ordinal], cal.closeMs);
}
