import type { BusinessCalendar } from './business-calendar';

/** The calendar's rules as the web UI needs them to count business time left on its own. */
export interface WorkingTimeView {
  openingMinute: number;
  closingMinute: number;
  workingWeekdays: number[];
  firstYear: number;
  lastYear: number;
  /** Non-working dates (`YYYY-MM-DD`) of each year asked for: holidays and extra closures. */
  closedDates: Record<string, string[]>;
}

/** At most this many years per request: the UI asks for a handful around today. */
export const MAX_WORKING_TIME_YEARS = 12;

export function workingTimeView(calendar: BusinessCalendar, fromYear: number, toYear: number): WorkingTimeView {
  const closedDates: Record<string, string[]> = {};
  for (let year = fromYear; year <= toYear; year++) closedDates[String(year)] = [...calendar.rules.closedDatesOfYear(year)].sort();
  return {
    openingMinute: calendar.rules.openingMinute,
    closingMinute: calendar.rules.closingMinute,
    workingWeekdays: [...calendar.rules.workingWeekdays],
    firstYear: fromYear,
    lastYear: toYear,
    closedDates,
  };
}
