import { BusinessCalendar, isBusinessTime } from '../calendar/business-calendar';
import type { ColombianHoliday } from '../calendar/colombian-holidays';
import type { SlaConfig } from '../config/app-config';
import { ROUTING_CATEGORIES, RoutingCategory } from '../routing/routing.types';
import { LEGAL_KINDS, LegalKind } from '../sla/sla.types';
import type { AdminCalendarView, SlaTargetView } from './admin.views';

const WEEKDAY_NAMES = ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'] as const;

export const CATEGORY_LABELS: Readonly<Record<RoutingCategory, string>> = {
  users: 'Usuarios SisPT',
  tech: 'Soporte técnico de la plataforma',
  formulation: 'Formulación y seguimiento de planes',
  unclassified: 'Por clasificar',
};

const LEGAL_LABELS: Readonly<Record<LegalKind, string>> = {
  petition: 'Derecho de petición',
  documents: 'Petición de documentos e información',
  consultation: 'Consulta',
};

const DAY_MS = 86_400_000;
const BOGOTA_OFFSET_MS = 5 * 3600_000;

/** 480 → `08:00`. */
export function minutesToClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function weekdayOf(date: string): string {
  return WEEKDAY_NAMES[new Date(`${date}T12:00:00Z`).getUTCDay()];
}

/** Working days of a year, asked of the same calendar the SLA clocks run on (its opening minute of each day). */
function workingDaysOf(year: number, calendar: BusinessCalendar, openingMinute: number): number {
  let count = 0;
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += DAY_MS) {
    if (isBusinessTime(calendar, day + BOGOTA_OFFSET_MS + openingMinute * 60_000)) count++;
  }
  return count;
}

function slaTargets(sla: Pick<SlaConfig, 'targets' | 'targetsByMailbox'>): SlaTargetView[] {
  return ROUTING_CATEGORIES.map((category) => ({
    category,
    label: CATEGORY_LABELS[category],
    firstResponseHours: sla.targets[category].firstResponseHours,
    resolutionHours: sla.targets[category].resolutionHours,
    byMailbox: Object.entries(sla.targetsByMailbox).flatMap(([mailbox, overrides]) => {
      const override = overrides[category];
      return override ? [{ mailbox, firstResponseHours: override.firstResponseHours, resolutionHours: override.resolutionHours }] : [];
    }),
  }));
}

/**
 * One year of the help desk's calendar and service targets, for the admin page. Pure:
 * the year's holidays and the business calendar come in (the calendar only caches
 * what its rules determine), so the page shows exactly what the SLA clocks use.
 */
export function describeCalendarYear(
  year: number,
  sla: SlaConfig,
  holidays: readonly ColombianHoliday[],
  calendar: BusinessCalendar,
): AdminCalendarView {
  const inYear = (date: string) => date.startsWith(`${year}-`);
  const removed = new Set(sla.removedHolidays);
  return {
    year,
    timeZone: 'America/Bogota',
    businessHours: { opening: minutesToClock(sla.openingMinute), closing: minutesToClock(sla.closingMinute) },
    workingWeekdays: [...sla.workingWeekdays].sort((a, b) => a - b).map((day) => ({ day, name: WEEKDAY_NAMES[day] })),
    holidays: holidays.map((h) => ({ date: h.date, name: h.name, weekday: weekdayOf(h.date), closed: !removed.has(h.date) })),
    extraClosedDays: sla.extraClosedDays.filter(inYear).sort(),
    removedHolidays: sla.removedHolidays
      .filter(inYear)
      .sort()
      .map((date) => ({ date, holidayName: holidays.find((h) => h.date === date)?.name ?? null })),
    workingDays: workingDaysOf(year, calendar, sla.openingMinute),
    slaTargets: slaTargets(sla),
    warningPercent: sla.warningPercent,
    legalTerms: LEGAL_KINDS.map((kind) => ({ kind, label: LEGAL_LABELS[kind], days: sla.legalTermDays[kind] })),
  };
}
