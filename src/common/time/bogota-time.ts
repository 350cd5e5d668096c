/**
 * Bogotá runs on UTC−5 all year: Colombia has had no daylight saving time since
 * 1993, so a fixed offset is exact and needs no time-zone database.
 */
const BOGOTA_OFFSET_MINUTES = -5 * 60;
const BOGOTA_OFFSET_MS = BOGOTA_OFFSET_MINUTES * 60_000;
const BOGOTA_OFFSET_TEXT = '-05:00';

function assertValid(date: Date): number {
  const time = date.getTime();
  if (!Number.isFinite(time)) throw new RangeError('Invalid Date');
  return time;
}

/**
 * ISO-8601 in Bogotá local time with an explicit `-05:00` offset, e.g.
 * `2024-01-16T09:12:00-05:00`. Milliseconds appear only when they are not zero,
 * so whole-second mail dates read the way people write them.
 */
export function toBogotaIso(date: Date): string {
  // Shifting the instant and printing it as UTC gives the local wall-clock fields;
  // toISOString also handles years outside 0000–9999 (±YYYYYY).
  const shifted = new Date(assertValid(date) + BOGOTA_OFFSET_MS).toISOString();
  const withoutZone = shifted.slice(0, -1).replace(/\.000$/, '');
  return `${withoutZone}${BOGOTA_OFFSET_TEXT}`;
}

/** Calendar year in Bogotá: a mail received 2024-01-01T02:00Z still belongs to 2023. */
export function bogotaYear(date: Date): number {
  return new Date(assertValid(date) + BOGOTA_OFFSET_MS).getUTCFullYear();
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO-8601 date-time such as `2024-01-16T09:12:00-05:00`. Without an
 * offset the time is read as Bogotá local time, which is what an operator typing
 * it means. Returns null for anything else, including impossible calendar dates
 * (`2024-02-30`) that `Date` would silently roll over.
 */
export function parseIsoDateTime(text: string): Date | null {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0', fraction = '0', zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const millis = Math.floor(Number(`0.${fraction}`) * 1000);
  let offsetMinutes = BOGOTA_OFFSET_MINUTES;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = Number(digits.slice(2, 4));
    if (offsetHours > 14 || offsetMins > 59) return null;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  } else if (zone) {
    offsetMinutes = 0;
  }
  // setUTCFullYear, not Date.UTC, so years 0000–0099 are not read as 19xx.
  const check = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  check.setUTCFullYear(year, month - 1, day);
  const localAsUtc = check.getTime();
  // Date.UTC rolls 2024-02-30 over to March; a changed day means the input was impossible.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return new Date(localAsUtc - offsetMinutes * 60_000);
}
