/**
 * Dates as the help desk reads them, in Bogotá time: "mar 16 ene 2024, 9:12 a. m.".
 * Written out by hand rather than with Intl: browsers' es-CO data differ in commas,
 * "de" and month abbreviations, and Colombia keeps UTC−5 all year (no DST since 1993),
 * so a fixed offset is exact.
 */
const WEEKDAYS = ['dom', 'lun', 'mar', 'mié', 'jue', 'vie', 'sáb'];
const MONTHS = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic'];
const BOGOTA_OFFSET_MS = 5 * 3_600_000;

function bogotaParts(instant: Date | string | number): Date {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Fecha no válida: ${String(instant)}`);
  // A Date whose UTC fields read as Bogotá's wall clock.
  return new Date(ms - BOGOTA_OFFSET_MS);
}

function clock(local: Date): string {
  const hours = local.getUTCHours();
  const minutes = String(local.getUTCMinutes()).padStart(2, '0');
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  return `${twelve}:${minutes} ${hours < 12 ? 'a. m.' : 'p. m.'}`;
}

/** "mar 16 ene 2024, 9:12 a. m." */
export function formatBogotaDateTime(instant: Date | string | number): string {
  const local = bogotaParts(instant);
  return `${WEEKDAYS[local.getUTCDay()]} ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()}, ${clock(local)}`;
}

/** "mar 16 ene 2024" */
export function formatBogotaDate(instant: Date | string | number): string {
  const local = bogotaParts(instant);
  return `${WEEKDAYS[local.getUTCDay()]} ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()}`;
}

/** A `YYYY-MM-DD` calendar date (no time zone involved): "lun 8 ene 2024". */
export function formatIsoDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const utc = new Date(Date.UTC(year, month - 1, day));
  return `${WEEKDAYS[utc.getUTCDay()]} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** Bogotá's current year. */
export function bogotaYear(now: number = Date.now()): number {
  return bogotaParts(now).getUTCFullYear();
}
