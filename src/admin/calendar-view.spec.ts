import { buildColombianBusinessCalendar, holidaysOfYear } from '../calendar/colombian-holidays';
import { loadAppConfig, SlaConfig } from '../config/app-config';
import { describeCalendarYear, minutesToClock } from './calendar-view';

function slaOf(env: Record<string, string> = {}): SlaConfig {
  return loadAppConfig(env).sla;
}

function viewOf(year: number, sla: SlaConfig) {
  const calendar = buildColombianBusinessCalendar({
    openingMinute: sla.openingMinute,
    closingMinute: sla.closingMinute,
    workingWeekdays: sla.workingWeekdays,
    extraClosedDays: sla.extraClosedDays,
    removedHolidays: sla.removedHolidays,
  });
  return describeCalendarYear(year, sla, holidaysOfYear(year), calendar);
}

describe('minutesToClock', () => {
  it.each([
    [0, '00:00'],
    [480, '08:00'],
    [450, '07:30'],
    [960, '16:00'],
    [1440, '24:00'],
  ])('%i → %s', (minutes, clock) => {
    expect(minutesToClock(minutes)).toBe(clock);
  });
});

describe('describeCalendarYear', () => {
  it('shows 2024 with the default settings: hours, weekdays, the 18 festivos and 246 working days', () => {
    const view = viewOf(2024, slaOf());
    expect(view).toMatchObject({
      year: 2024,
      timeZone: 'America/Bogota',
      businessHours: { opening: '08:00', closing: '16:00' },
      extraClosedDays: [],
      removedHolidays: [],
      warningPercent: 75,
    });
    expect(view.workingWeekdays).toEqual([
      { day: 1, name: 'lunes' },
      { day: 2, name: 'martes' },
      { day: 3, name: 'miércoles' },
      { day: 4, name: 'jueves' },
      { day: 5, name: 'viernes' },
    ]);
    expect(view.holidays).toHaveLength(18);
    expect(view.holidays).toEqual(
      expect.arrayContaining([
        { date: '2024-01-08', name: 'Día de los Reyes Magos', weekday: 'lunes', closed: true },
        { date: '2024-03-25', name: 'Día de San José', weekday: 'lunes', closed: true },
        { date: '2024-07-20', name: expect.any(String), weekday: 'sábado', closed: true },
      ]),
    );
    // 262 weekdays in 2024, less the 16 festivos that fall on one (20 July is a Saturday, 8 December a Sunday).
    expect(view.workingDays).toBe(246);
  });

  it('takes removed holidays and extra closed days of that year only, and says when a removed date is no holiday', () => {
    const sla = slaOf({
      CALENDAR_REMOVED_HOLIDAYS: '2024-03-25,2024-03-26,2025-01-06',
      CALENDAR_EXTRA_CLOSED_DAYS: '2024-12-24,2024-12-31,2023-12-29',
    });
    const view = viewOf(2024, sla);
    expect(view.removedHolidays).toEqual([
      { date: '2024-03-25', holidayName: 'Día de San José' },
      { date: '2024-03-26', holidayName: null },
    ]);
    expect(view.extraClosedDays).toEqual(['2024-12-24', '2024-12-31']);
    expect(view.holidays.find((h) => h.date === '2024-03-25')).toMatchObject({ closed: false });
    // +1 working day (San José worked), −2 (the two closed Tuesdays of December).
    expect(view.workingDays).toBe(245);
  });

  it('follows configured hours and weekdays', () => {
    const view = viewOf(2024, slaOf({ BUSINESS_HOURS: '07:30-17:00', WORKING_WEEKDAYS: '6,1,2,3,4,5' }));
    expect(view.businessHours).toEqual({ opening: '07:30', closing: '17:00' });
    expect(view.workingWeekdays.map((d) => d.name)).toEqual(['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado']);
    // 52 more Saturdays, less 20 July (a Saturday festivo).
    expect(view.workingDays).toBe(246 + 52 - 1);
  });

  it('lists SLA targets per category with per-mailbox overrides, the warning share and the legal terms', () => {
    const view = viewOf(2024, slaOf({ SLA_TARGETS: 'users=2/6', SLA_TARGETS_KPT: 'formulation=16/80', SLA_WARNING_PERCENT: '80', LEGAL_TERM_DAYS: 'petition=10' }));
    expect(view.slaTargets).toEqual([
      { category: 'users', label: 'Usuarios SisPT', firstResponseHours: 2, resolutionHours: 6, byMailbox: [] },
      { category: 'tech', label: 'Soporte técnico de la plataforma', firstResponseHours: 4, resolutionHours: 24, byMailbox: [] },
      {
        category: 'formulation',
        label: 'Formulación y seguimiento de planes',
        firstResponseHours: 8,
        resolutionHours: 40,
        byMailbox: [{ mailbox: 'kpt@dnp.gov.co', firstResponseHours: 16, resolutionHours: 80 }],
      },
      { category: 'unclassified', label: 'Por clasificar', firstResponseHours: 8, resolutionHours: 40, byMailbox: [] },
    ]);
    expect(view.warningPercent).toBe(80);
    expect(view.legalTerms).toEqual([
      { kind: 'petition', label: 'Derecho de petición', days: 10 },
      { kind: 'documents', label: 'Petición de documentos e información', days: 10 },
      { kind: 'consultation', label: 'Consulta', days: 30 },
    ]);
  });
});
