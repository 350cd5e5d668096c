/**
 * Reads a Date header (RFC 5322 §3.3, with the obsolete forms of §4.3). `new Date()`
 * is not used on its own because it reads a date without a zone in the server's
 * local time zone, so the same mail would get different dates on different hosts.
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
  // Some Spanish-localized mailers translate the month abbreviation.
  ene: 0, abr: 3, ago: 7, set: 8, dic: 11,
};

/** Obsolete zone names (RFC 5322 §4.3) plus COT, which Colombian servers sometimes write. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  cot: -300,
};

const RFC5322_DATE =
  /^\s*(?:[a-z\u00c0-\u017f]+\.?\s*,?\s*)?(\d{1,2})(?:\s+|-)([a-z]{3})[a-z]*\.?(?:\s+|-)(\d{2,4})\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?/i;
const ISO_DATE = /^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})\s*$/i;

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone) return 0; // RFC 5322: a missing zone means "no information", read as UTC
  if (/^[+-]/.test(zone)) {
    const digits = zone.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    return zone.startsWith('-') ? -minutes : minutes;
  }
  return ZONES[zone.toLowerCase()] ?? 0;
}

function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 4) return year;
  // RFC 5322 §4.3: two digits below 50 are 20xx, otherwise 19xx; three digits add 1900.
  if (text.length === 2) return year < 50 ? 2000 + year : 1900 + year;
  return 1900 + year;
}

export function parseMailDate(text: string): Date | null {
  const match = RFC5322_DATE.exec(text);
  if (match) {
    const [, d, mon, y, h, mi, s = '0', zone] = match;
    const month = MONTHS[mon.toLowerCase()];
    const day = Number(d);
    const hour = Number(h);
    const minute = Number(mi);
    const second = Number(s);
    if (month === undefined || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
    const year = fullYear(y);
    const utc = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
    const check = new Date(utc);
    if (check.getUTCDate() !== day || year < 1900) return null;
    return new Date(utc - zoneOffsetMinutes(zone) * 60_000);
  }
  if (ISO_DATE.test(text)) {
    const time = Date.parse(text.trim().replace(' ', 'T'));
    return Number.isFinite(time) ? new Date(time) : null;
  }
  return null;
}
