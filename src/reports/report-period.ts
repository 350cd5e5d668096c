/**
 * Report periods and their time buckets, in whole Bogotá days (UTC−5 all year, no DST since
 * 1993, so a fixed offset is exact). Days are `YYYY-MM-DD` strings throughout; pure.
 */

const DAY_MS = 86_400_000;
const BOGOTA_OFFSET_MS = 5 * 3_600_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export type TimeGrouping = 'day' | 'week' | 'month';
export const TIME_GROUPINGS: readonly TimeGrouping[] = ['day', 'week', 'month'];

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** Epoch day number of a calendar date; NaN when the text is not a real date. */
export function epochDay(day: string): number {
  const match = ISO_DAY.exec(day);
  if (!match) return NaN;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === day ? ms / DAY_MS : NaN;
}

export function isIsoDay(day: string): boolean {
  return Number.isFinite(epochDay(day));
}

function dayOfEpoch(epoch: number): string {
  return new Date(epoch * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOfEpoch(epochDay(day) + days);
}

/** Days from `from` to `to`, both counted (1 for a single day). */
export function daysInPeriod(from: string, to: string): number {
  return epochDay(to) - epochDay(from) + 1;
}

/** 00:00 of that day in Bogotá. */
export function bogotaMidnight(day: string): Date {
  return new Date(epochDay(day) * DAY_MS + BOGOTA_OFFSET_MS);
}

/** The Bogotá day an instant falls on. */
export function bogotaDayOf(instant: Date): string {
  return new Date(instant.getTime() - BOGOTA_OFFSET_MS).toISOString().slice(0, 10);
}

/** [start, end) instants of a period of whole Bogotá days, both ends included. */
export function periodInstants(from: string, to: string): { start: Date; end: Date } {
  return { start: bogotaMidnight(from), end: bogotaMidnight(addDays(to, 1)) };
}

/** First day of the bucket holding `day`: itself, the Monday of its week (ISO weeks), the 1st of its month. */
export function bucketStart(day: string, grouping: TimeGrouping): string {
  if (grouping === 'day') return day;
  if (grouping === 'month') return `${day.slice(0, 7)}-01`;
  const epoch = epochDay(day);
  // 1970-01-01 was a Thursday: (epoch + 3) mod 7 is 0 on Mondays.
  return dayOfEpoch(epoch - ((((epoch + 3) % 7) + 7) % 7));
}

/** Last day of the bucket starting at `start`. */
export function bucketEnd(start: string, grouping: TimeGrouping): string {
  if (grouping === 'day') return start;
  if (grouping === 'week') return addDays(start, 6);
  const [year, month] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  return dayOfEpoch(Date.UTC(year, month, 1) / DAY_MS - 1);
}

/** The part of a bucket inside the period: what a figure of that bucket counts. */
export function bucketInPeriod(start: string, grouping: TimeGrouping, from: string, to: string): { from: string; to: string } {
  const end = bucketEnd(start, grouping);
  return { from: start < from ? from : start, to: end > to ? to : end };
}

/** Every bucket the period touches, oldest first, so a chart shows empty days as zeros. */
export function bucketsOfPeriod(from: string, to: string, grouping: TimeGrouping): string[] {
  const buckets: string[] = [];
  for (let start = bucketStart(from, grouping); start <= to; start = addDays(bucketEnd(start, grouping), 1)) buckets.push(start);
  return buckets;
}

/** How people read a bucket: `2024-01-08`, `semana del 2024-01-08`, `enero de 2024`. */
export function bucketLabel(start: string, grouping: TimeGrouping): string {
  if (grouping === 'day') return start;
  if (grouping === 'week') return `semana del ${start}`;
  return `${MONTHS[Number(start.slice(5, 7)) - 1]} de ${start.slice(0, 4)}`;
}
