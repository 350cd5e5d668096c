/**
 * When the weekly report goes out and which week it covers, in Bogotá time (UTC−5 all
 * year: Colombia has had no daylight saving time since 1993, so a fixed offset is exact).
 * Pure; the scheduler passes `now`.
 */

const OFFSET_MS = 5 * 3_600_000;
const DAY_MS = 86_400_000;

export interface WeeklySchedule {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes after Bogotá midnight. */
  minute: number;
}

/** The first scheduled instant strictly after `now`. */
export function nextWeeklyRun(now: Date, schedule: WeeklySchedule): Date {
  const local = now.getTime() - OFFSET_MS;
  const midnight = Math.floor(local / DAY_MS) * DAY_MS;
  const weekday = new Date(midnight).getUTCDay();
  let candidate = midnight + ((schedule.weekday - weekday + 7) % 7) * DAY_MS + schedule.minute * 60_000;
  if (candidate <= local) candidate += 7 * DAY_MS;
  return new Date(candidate + OFFSET_MS);
}

const dayText = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

/**
 * The Monday–Sunday week a run at `runAt` reports: the last one complete before the run's
 * Bogotá day (run on Monday 22 January 2024 → 15 to 21 January). A run that fires late,
 * after downtime, still reports the week it was scheduled for, since it is given its own
 * scheduled instant, not the time it finally ran.
 */
export function reportedWeek(runAt: Date): { from: string; to: string } {
  const midnight = Math.floor((runAt.getTime() - OFFSET_MS) / DAY_MS) * DAY_MS;
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  const monday = midnight - sinceMonday * DAY_MS;
  return { from: dayText(monday - 7 * DAY_MS), to: dayText(monday - DAY_MS) };
}
