import Holidays from 'date-holidays';
import { BusinessCalendar, createBusinessCalendar, dayOfIsoDate } from './business-calendar';

/**
 * Colombian public holidays (festivos) from the date-holidays package, which
 * encodes Ley 51 de 1983 ("Ley Emiliani": most holidays move to the following
 * Monday) and, since 3.37.0, Ley 2578 de 2026 (Virgen de Chiquinquirá, 9 July
 * moved to Monday, from 2026 on).
 */

export interface ColombianHoliday {
  /** `YYYY-MM-DD`, Bogotá. */
  date: string;
  /** Spanish name, as printed to people. */
  name: string;
}

/** Ley Emiliani took effect in 1984; the rules below do not describe earlier years. */
export const FIRST_HOLIDAY_YEAR = 1984;
export const LAST_HOLIDAY_YEAR = 2199;

/** Rules whose Spanish name in date-holidays is wrong or oddly written. */
const NAME_FIXES: Readonly<Record<string, string>> = {
  // date-holidays calls Ascension Thursday "La Asunción", which is 15 August.
  'easter 43': 'Ascensión del Señor',
  'monday after 08-15': 'Asunción de la Virgen',
  '12-08': 'Inmaculada Concepción',
  'monday after 07-09 since 2026': 'Virgen de Chiquinquirá',
  'monday after 03-19': 'Día de San José',
  '05-01': 'Día del Trabajo',
};

/**
 * Easter Sunday is typed "public" by date-holidays, but it is not a festivo in
 * Ley 51 de 1983 (it is just a Sunday), and the official lists leave it out.
 */
const NOT_LEGAL_HOLIDAYS = new Set(['easter']);

let library: Holidays | null = null;
const byYear = new Map<number, readonly Readonly<ColombianHoliday>[]>();

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_HOLIDAY_YEAR || year > LAST_HOLIDAY_YEAR) {
    throw new RangeError(`año inválido «${year}»: debe ser un entero entre ${FIRST_HOLIDAY_YEAR} y ${LAST_HOLIDAY_YEAR}`);
  }
}

/** The Monday on or after `month`-`day` of `year`, as `YYYY-MM-DD` (the Ley Emiliani move). */
function emilianiMonday(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCDate(day + ((8 - date.getUTCDay()) % 7));
  return date.toISOString().slice(0, 10);
}

/**
 * Holidays the law adds that an older date-holidays may not carry. Each entry is
 * added only when no holiday already falls on its date, so a library that has
 * the rule wins and nothing is duplicated.
 */
function statutoryAdditions(year: number): ColombianHoliday[] {
  const additions: ColombianHoliday[] = [];
  // Ley 2578 de 2026: Virgen de Chiquinquirá, 9 July, moved to Monday.
  if (year >= 2026) additions.push({ date: emilianiMonday(year, 7, 9), name: 'Virgen de Chiquinquirá' });
  return additions;
}

function computeYear(year: number): ColombianHoliday[] {
  library ??= new Holidays('CO', { languages: 'es', types: ['public'] });
  const holidays: ColombianHoliday[] = library
    .getHolidays(year, 'es')
    .filter((h) => h.type === 'public' && !NOT_LEGAL_HOLIDAYS.has(h.rule))
    .map((h) => ({ date: h.date.slice(0, 10), name: NAME_FIXES[h.rule] ?? h.name }));
  for (const addition of statutoryAdditions(year)) {
    if (!holidays.some((h) => h.date === addition.date)) holidays.push(addition);
  }
  // Stable by date: two holidays may share a day (2025-06-30 is both Sagrado
  // Corazón and San Pedro y San Pablo) and both are listed.
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * That year's Colombian public holidays (non-working days), sorted by date, in
 * Spanish. Computed once per year and cached; the result is frozen and shared.
 */
export function holidaysOfYear(year: number): readonly Readonly<ColombianHoliday>[] {
  assertYear(year);
  let cached = byYear.get(year);
  if (!cached) {
    cached = Object.freeze(computeYear(year).map((h) => Object.freeze(h)));
    byYear.set(year, cached);
  }
  return cached;
}

export interface CalendarOptions {
  /** Minutes after local midnight; default 480 (08:00). */
  openingMinute: number;
  /** Minutes after local midnight; default 960 (16:00). */
  closingMinute: number;
  /** 0 = Sunday … 6 = Saturday; default Monday–Friday. */
  workingWeekdays: readonly number[];
  /** Further non-working days, `YYYY-MM-DD` (e.g. a collective vacation day). */
  extraClosedDays: readonly string[];
  /** Holidays to work anyway, `YYYY-MM-DD`. Dates that are not holidays are ignored. */
  removedHolidays: readonly string[];
}

export const DEFAULT_CALENDAR_OPTIONS: Readonly<CalendarOptions> = Object.freeze({
  openingMinute: 480,
  closingMinute: 960,
  workingWeekdays: Object.freeze([1, 2, 3, 4, 5]),
  extraClosedDays: Object.freeze([]),
  removedHolidays: Object.freeze([]),
});

/**
 * The help desk's business calendar: the given hours and weekdays, minus
 * Colombian holidays and extra closed days, plus removed holidays. Dates are
 * validated here so that a typo in configuration fails at start-up.
 */
export function buildColombianBusinessCalendar(options: Partial<CalendarOptions> = {}): BusinessCalendar {
  const settings: CalendarOptions = { ...DEFAULT_CALENDAR_OPTIONS, ...options };
  for (const date of [...settings.extraClosedDays, ...settings.removedHolidays]) dayOfIsoDate(date);
  const removed = new Set(settings.removedHolidays);
  const extraByYear = new Map<number, string[]>();
  for (const date of settings.extraClosedDays) {
    const year = Number(date.slice(0, 4));
    extraByYear.set(year, [...(extraByYear.get(year) ?? []), date]);
  }
  return createBusinessCalendar({
    openingMinute: settings.openingMinute,
    closingMinute: settings.closingMinute,
    workingWeekdays: settings.workingWeekdays,
    firstYear: FIRST_HOLIDAY_YEAR,
    lastYear: LAST_HOLIDAY_YEAR,
    closedDatesOfYear: (year) => [
      ...holidaysOfYear(year).map((h) => h.date).filter((date) => !removed.has(date)),
      ...(extraByYear.get(year) ?? []),
    ],
  });
}
