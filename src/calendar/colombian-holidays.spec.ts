import { addBusinessMinutes, isBusinessTime } from './business-calendar';
import { buildColombianBusinessCalendar, DEFAULT_CALENDAR_OPTIONS, holidaysOfYear } from './colombian-holidays';

/**
 * The official lists, written by hand from Ley 51 de 1983 (Ley Emiliani) and the
 * Easter dates (2024-03-31, 2025-04-20, 2026-04-05), NOT generated with the
 * library under test. Ley Emiliani moves 6 Jan, 19 Mar, 29 Jun, 15 Aug, 12 Oct,
 * 1 Nov, 11 Nov, and Ascensión (Easter+39), Corpus Christi (Easter+60) and
 * Sagrado Corazón (Easter+68) to the following Monday (Easter+43/+64/+71);
 * 1 Jan, 1 May, 20 Jul, 7 Aug, 8 Dec and 25 Dec and Holy Thursday/Friday stay put,
 * even on a Sunday. Easter Sunday itself is not a festivo.
 */
const OFFICIAL: Record<number, Array<[string, string]>> = {
  2024: [
    ['2024-01-01', 'Año Nuevo'],
    ['2024-01-08', 'Día de los Reyes Magos'], // 6 Jan was a Saturday
    ['2024-03-25', 'Día de San José'], // 19 Mar was a Tuesday
    ['2024-03-28', 'Jueves Santo'],
    ['2024-03-29', 'Viernes Santo'],
    ['2024-05-01', 'Día del Trabajo'],
    ['2024-05-13', 'Ascensión del Señor'],
    ['2024-06-03', 'Corpus Christi'],
    ['2024-06-10', 'Sagrado Corazón de Jesús'],
    ['2024-07-01', 'San Pedro y San Pablo'], // 29 Jun was a Saturday
    ['2024-07-20', 'Día de la Independencia'], // a Saturday, not moved
    ['2024-08-07', 'Batalla de Boyacá'],
    ['2024-08-19', 'Asunción de la Virgen'],
    ['2024-10-14', 'Día de la Raza'],
    ['2024-11-04', 'Todos los Santos'],
    ['2024-11-11', 'Independencia de Cartagena'], // already a Monday
    ['2024-12-08', 'Inmaculada Concepción'], // a Sunday, not moved
    ['2024-12-25', 'Navidad'],
  ],
  2025: [
    ['2025-01-01', 'Año Nuevo'],
    ['2025-01-06', 'Día de los Reyes Magos'], // already a Monday
    ['2025-03-24', 'Día de San José'],
    ['2025-04-17', 'Jueves Santo'],
    ['2025-04-18', 'Viernes Santo'],
    ['2025-05-01', 'Día del Trabajo'],
    ['2025-06-02', 'Ascensión del Señor'],
    ['2025-06-23', 'Corpus Christi'],
    // Sagrado Corazón (Easter+71) and San Pedro y San Pablo (29 Jun, a Sunday)
    // both land on Monday 30 June: 18 holidays, but only 17 days off.
    ['2025-06-30', 'Sagrado Corazón de Jesús'],
    ['2025-06-30', 'San Pedro y San Pablo'],
    ['2025-07-20', 'Día de la Independencia'], // a Sunday
    ['2025-08-07', 'Batalla de Boyacá'],
    ['2025-08-18', 'Asunción de la Virgen'],
    ['2025-10-13', 'Día de la Raza'],
    ['2025-11-03', 'Todos los Santos'],
    ['2025-11-17', 'Independencia de Cartagena'],
    ['2025-12-08', 'Inmaculada Concepción'],
    ['2025-12-25', 'Navidad'],
  ],
  2026: [
    ['2026-01-01', 'Año Nuevo'],
    ['2026-01-12', 'Día de los Reyes Magos'],
    ['2026-03-23', 'Día de San José'],
    ['2026-04-02', 'Jueves Santo'],
    ['2026-04-03', 'Viernes Santo'],
    ['2026-05-01', 'Día del Trabajo'],
    ['2026-05-18', 'Ascensión del Señor'],
    ['2026-06-08', 'Corpus Christi'],
    ['2026-06-15', 'Sagrado Corazón de Jesús'],
    ['2026-06-29', 'San Pedro y San Pablo'], // already a Monday
    // Ley 2578 de 2026: 9 July (a Thursday) moved to Monday. date-holidays 3.37.0
    // carries this rule; statutoryAdditions() in colombian-holidays.ts adds it
    // when an older library does not, so this line holds either way.
    ['2026-07-13', 'Virgen de Chiquinquirá'],
    ['2026-07-20', 'Día de la Independencia'],
    ['2026-08-07', 'Batalla de Boyacá'],
    ['2026-08-17', 'Asunción de la Virgen'],
    ['2026-10-12', 'Día de la Raza'],
    ['2026-11-02', 'Todos los Santos'],
    ['2026-11-16', 'Independencia de Cartagena'],
    ['2026-12-08', 'Inmaculada Concepción'],
    ['2026-12-25', 'Navidad'],
  ],
};

const at = (local: string): number => new Date(`${local}-05:00`).getTime();

describe('holidaysOfYear', () => {
  it.each([2024, 2025, 2026])('matches the official list of %d, holiday by holiday', (year) => {
    expect(holidaysOfYear(year).map((h) => [h.date, h.name])).toEqual(OFFICIAL[year]);
  });

  it('has the 18 holidays of Ley 51 de 1983, plus Ley 2578 from 2026', () => {
    expect(holidaysOfYear(2024)).toHaveLength(18);
    expect(holidaysOfYear(2025)).toHaveLength(18);
    expect(new Set(holidaysOfYear(2025).map((h) => h.date)).size).toBe(17);
    expect(holidaysOfYear(2026)).toHaveLength(19);
    expect(holidaysOfYear(2027).map((h) => h.date)).toContain('2027-07-12'); // 9 Jul 2027 is a Friday
  });

  it('leaves out Easter Sunday and Palm Sunday', () => {
    const dates = holidaysOfYear(2025).map((h) => h.date);
    expect(dates).not.toContain('2025-04-20');
    expect(dates).not.toContain('2025-04-13');
  });

  it('is computed once per year and shared', () => {
    expect(holidaysOfYear(2025)).toBe(holidaysOfYear(2025));
    expect(Object.isFrozen(holidaysOfYear(2025))).toBe(true);
  });

  it.each([1983, 2200, 2025.5, Number.NaN])('refuses the year %p in Spanish', (year) => {
    expect(() => holidaysOfYear(year)).toThrow(/año inválido/);
  });
});

describe('buildColombianBusinessCalendar', () => {
  it('defaults to Monday–Friday 08:00–16:00', () => {
    expect(DEFAULT_CALENDAR_OPTIONS).toEqual({
      openingMinute: 480,
      closingMinute: 960,
      workingWeekdays: [1, 2, 3, 4, 5],
      extraClosedDays: [],
      removedHolidays: [],
    });
    const cal = buildColombianBusinessCalendar();
    expect(isBusinessTime(cal, at('2025-06-30T10:00:00'))).toBe(false); // holiday
    expect(isBusinessTime(cal, at('2025-07-01T10:00:00'))).toBe(true);
  });

  it('closes extra days and opens removed holidays', () => {
    const cal = buildColombianBusinessCalendar({ extraClosedDays: ['2025-12-24', '2025-12-31'], removedHolidays: ['2025-12-08'] });
    expect(isBusinessTime(cal, at('2025-12-24T10:00:00'))).toBe(false);
    expect(isBusinessTime(cal, at('2025-12-31T10:00:00'))).toBe(false);
    expect(isBusinessTime(cal, at('2025-12-08T10:00:00'))).toBe(true);
    // Tuesday 23 Dec 15:00 + 2 h: 24 Dec closed, 25 Dec Christmas → Friday 26 Dec 09:00.
    expect(addBusinessMinutes(cal, at('2025-12-23T15:00:00'), 120)).toBe(at('2025-12-26T09:00:00'));
  });

  it('honours other hours and weekdays', () => {
    const cal = buildColombianBusinessCalendar({ openingMinute: 7 * 60, closingMinute: 17 * 60, workingWeekdays: [1, 2, 3, 4, 5, 6] });
    expect(isBusinessTime(cal, at('2025-07-05T07:00:00'))).toBe(true); // a Saturday
    expect(isBusinessTime(cal, at('2025-07-05T17:00:00'))).toBe(false);
  });

  it.each([
    [{ extraClosedDays: ['2025-02-30'] }, /fecha inválida «2025-02-30»/],
    [{ removedHolidays: ['8/12/2025'] }, /fecha inválida/],
    [{ openingMinute: 960, closingMinute: 480 }, /horario inválido/],
    [{ workingWeekdays: [] }, /días laborables/],
    [{ workingWeekdays: [7] }, /días laborables/],
  ])('refuses the bad configuration %j', (options, message) => {
    expect(() => buildColombianBusinessCalendar(options)).toThrow(message);
  });
});
