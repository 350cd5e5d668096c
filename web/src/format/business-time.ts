import { businessMinutesBetween, createBusinessCalendar, type BusinessCalendar } from '../../../src/calendar/business-calendar';
import type { SlaState, WorkingTime } from '../api/types';

/** The server's business calendar (the same module the SLA engine uses), fed with the working time it publishes. */
export function calendarFromWorkingTime(working: WorkingTime): BusinessCalendar {
  return createBusinessCalendar({
    openingMinute: working.openingMinute,
    closingMinute: working.closingMinute,
    workingWeekdays: working.workingWeekdays,
    firstYear: working.firstYear,
    lastYear: working.lastYear,
    closedDatesOfYear: (year) => working.closedDates[String(year)] ?? [],
  });
}

/** "2 h 15 min", "45 min", "3 d 2 h" (a business day is the help desk's working day, e.g. 8 h). */
export function formatBusinessDuration(minutes: number, workingDayMinutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  if (total < 60) return `${total} min`;
  if (total >= workingDayMinutes) {
    const days = Math.floor(total / workingDayMinutes);
    const hours = Math.floor((total % workingDayMinutes) / 60);
    return hours ? `${days} d ${hours} h` : `${days} d`;
  }
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

export interface SlaBadgeText {
  text: string;
  tone: 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'none';
}

/**
 * What the SLA badge says: business time left before the next deadline ("vence en 2 h 15 min
 * hábiles") or since it passed ("vencido hace 1 d 3 h hábiles"); paused and met clocks say so.
 */
export function slaBadgeText(state: SlaState, dueAt: string | null, now: number, calendar: BusinessCalendar | null): SlaBadgeText {
  if (state === 'paused') return { text: 'en pausa: esperando a la entidad', tone: 'paused' };
  if (state === 'met') return { text: 'cumplido', tone: 'met' };
  if (!dueAt) return { text: 'sin plazo', tone: 'none' };
  const due = new Date(dueAt).getTime();
  const breached = state === 'breached' || due <= now;
  const tone = breached ? 'breached' : state === 'warning' ? 'warning' : 'ok';
  if (!calendar) return { text: breached ? 'vencido' : 'a tiempo', tone };
  let minutes: number;
  try {
    minutes = breached ? businessMinutesBetween(calendar, due, now) : businessMinutesBetween(calendar, now, due);
  } catch {
    // Outside the years the calendar knows: say the state without the amount.
    return { text: breached ? 'vencido' : 'a tiempo', tone };
  }
  const dayMinutes = calendar.rules.closingMinute - calendar.rules.openingMinute;
  const amount = formatBusinessDuration(minutes, dayMinutes);
  return breached ? { text: `vencido hace ${amount} hábiles`, tone } : { text: `vence en ${amount} hábiles`, tone };
}
