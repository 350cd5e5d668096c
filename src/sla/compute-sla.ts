import { addBusinessMinutes, businessMinutesBetween, dayOfIsoDate, nextOpening } from '../calendar/business-calendar';
import type { BusinessCalendar } from '../calendar/business-calendar';
import { ClockStatus, LegalKind, SlaEvent, SlaFacts, SlaPolicy, SlaStatus, SlaTargets } from './sla.types';

/** A stretch of time the clock does not run; `end` null while it lasts. */
interface Pause {
  start: number;
  end: number | null;
}

const HOUR_MINUTES = 60;
const BOGOTA_OFFSET_MS = 5 * 3600 * 1000;
const DAY_MS = 86_400_000;

export function targetsFor(policy: SlaPolicy, category: SlaFacts['category'], mailboxAddress: string): SlaTargets {
  return policy.targetsByMailbox[mailboxAddress]?.[category] ?? policy.targets[category];
}

/**
 * The three clocks of a ticket, computed from scratch from its history: first
 * response and resolution in business hours, the legal term in días hábiles.
 * Pure: same facts, policy and `now` give the same answer, so a recategorisation
 * or a late event simply recomputes from the original start.
 */
export function computeSla(facts: SlaFacts, policy: SlaPolicy, now: Date): SlaStatus {
  const cal = policy.calendar;
  const events = [...facts.events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const start = nextOpening(cal, facts.receivedAt);
  const nowMs = now.getTime();
  const targets = targetsFor(policy, facts.category, facts.mailboxAddress);

  const waitingPauses = pausesBetween(events, ['waiting', 'incomplete'], ['resumed']);
  const legalPauses = pausesBetween(events, ['incomplete'], ['resumed']);
  const resolvedPauses = pausesBetween(events, ['resolved'], ['reopened']);

  const firstAnswer = events.find((e) => e.kind === 'answered' || e.kind === 'resolved');
  const firstResponse = runClock(cal, start, targets.firstResponseHours * HOUR_MINUTES, waitingPauses, firstAnswer?.at.getTime() ?? null, nowMs, policy.warningFraction);

  // Resolved: stopped at the last resolution unless reopened after it.
  const last = [...events].reverse().find((e) => e.kind === 'resolved' || e.kind === 'reopened');
  const resolutionStop = last?.kind === 'resolved' ? last.at.getTime() : null;
  let resolutionMinutes = targets.resolutionHours * HOUR_MINUTES;
  const allPauses = mergePauses([...waitingPauses, ...resolvedPauses]);
  const cap = kptCap(facts, policy);
  if (cap !== null && cap >= start) {
    // KPT reports are due at the report deadline: the resolution target cannot go past it.
    resolutionMinutes = Math.min(resolutionMinutes, consumedBy(cal, start, allPauses, cap));
  }
  const resolution = runClock(cal, start, resolutionMinutes, allPauses, resolutionStop, nowMs, policy.warningFraction);

  const legal = legalClock(cal, start, events, legalPauses, policy, nowMs);
  return { clockStart: new Date(start), firstResponse, resolution, legal };
}

function legalClock(cal: BusinessCalendar, start: number, events: SlaEvent[], pauses: Pause[], policy: SlaPolicy, nowMs: number) {
  let legalKind: LegalKind = 'petition';
  let extendedDays = 0;
  for (const event of events) {
    if (event.kind === 'legal-kind') legalKind = event.legalKind;
    if (event.kind === 'extended') extendedDays += event.days;
  }
  const termDays = policy.legalTermDays[legalKind];
  // Ley 1755, art. 14, parágrafo: an extension may not exceed double the initial term.
  extendedDays = Math.min(extendedDays, termDays);
  // The term counts from the business day after the day the clock starts, whole days
  // ending at closing time: N days are N full business days of business time.
  const legalStart = nextOpening(cal, closingOf(cal, start));
  const spanMinutes = (cal.closeMs - cal.openMs) / 60000;
  const firstResolution = events.find((e) => e.kind === 'resolved');
  const clock = runClock(cal, legalStart, (termDays + extendedDays) * spanMinutes, pauses, firstResolution?.at.getTime() ?? null, nowMs, policy.warningFraction, true);
  return { ...clock, legalKind, termDays, extendedDays };
}

/**
 * One clock: `targetMinutes` of business time from `start`, not counting pauses,
 * stopped at `stopAt`. With `wholeDays`, a due time is moved to the closing time
 * of its day (legal terms are in days; a pause can leave the remainder mid-day).
 */
function runClock(
  cal: BusinessCalendar,
  start: number,
  targetMinutes: number,
  pauses: Pause[],
  stopAt: number | null,
  nowMs: number,
  warningFraction: number,
  wholeDays = false,
): ClockStatus {
  let due = instantWhenConsumed(cal, start, pauses, targetMinutes);
  if (due !== null && wholeDays) due = closingOf(cal, due);
  const warningAt = instantWhenConsumed(cal, start, pauses, targetMinutes * warningFraction);
  const measuredAt = stopAt ?? nowMs;
  const consumed = consumedBy(cal, start, pauses, measuredAt);
  const overdue = due !== null && measuredAt > due;
  const margin = due !== null && wholeDays ? businessMinutesBetween(cal, measuredAt, due) - pausedMinutes(cal, pauses, measuredAt, due) : targetMinutes - consumed;
  return {
    due: due === null ? null : new Date(due),
    warningAt: warningAt === null ? null : new Date(Math.min(warningAt, due ?? warningAt)),
    stoppedAt: stopAt === null ? null : new Date(stopAt),
    met: stopAt !== null ? !overdue : overdue ? false : null,
    marginMinutes: Math.round(margin),
    elapsedMinutes: Math.round(consumed),
    paused: stopAt === null && pauses.some((p) => p.start <= nowMs && (p.end === null || p.end > nowMs)),
    targetMinutes,
  };
}

/** The instant at which the clock has run `minutes` of business time; null when an open pause holds it first. */
function instantWhenConsumed(cal: BusinessCalendar, start: number, pauses: Pause[], minutes: number): number | null {
  let cursor = start;
  let remaining = minutes;
  for (const pause of pauses) {
    if (pause.end !== null && pause.end <= cursor) continue;
    if (pause.start <= cursor) {
      if (pause.end === null) return null;
      cursor = pause.end;
      continue;
    }
    const candidate = addBusinessMinutes(cal, cursor, remaining);
    if (candidate <= pause.start) return candidate;
    remaining -= businessMinutesBetween(cal, cursor, pause.start);
    if (pause.end === null) return null;
    cursor = pause.end;
  }
  return addBusinessMinutes(cal, cursor, remaining);
}

/** Business minutes the clock has run from `start` to `at`, pauses excluded. */
function consumedBy(cal: BusinessCalendar, start: number, pauses: Pause[], at: number): number {
  if (at <= start) return 0;
  return businessMinutesBetween(cal, start, at) - pausedMinutes(cal, pauses, start, at);
}

/** Business minutes of pauses inside [from, to] (0 when to <= from). */
function pausedMinutes(cal: BusinessCalendar, pauses: Pause[], from: number, to: number): number {
  let total = 0;
  for (const pause of pauses) {
    const a = Math.max(pause.start, from);
    const b = Math.min(pause.end ?? to, to);
    if (b > a) total += businessMinutesBetween(cal, a, b);
  }
  return total;
}

/** Intervals opened by any of `opens` and closed by the next of `closes` (still open when none). */
function pausesBetween(events: SlaEvent[], opens: SlaEvent['kind'][], closes: SlaEvent['kind'][]): Pause[] {
  const pauses: Pause[] = [];
  let open: number | null = null;
  for (const event of events) {
    if (open === null && opens.includes(event.kind)) open = event.at.getTime();
    else if (open !== null && closes.includes(event.kind)) {
      pauses.push({ start: open, end: event.at.getTime() });
      open = null;
    }
  }
  if (open !== null) pauses.push({ start: open, end: null });
  return pauses;
}

function mergePauses(pauses: Pause[]): Pause[] {
  const sorted = [...pauses].sort((a, b) => a.start - b.start);
  const merged: Pause[] = [];
  for (const pause of sorted) {
    const last = merged[merged.length - 1];
    if (last && (last.end === null || pause.start <= last.end)) {
      last.end = last.end === null || pause.end === null ? null : Math.max(last.end, pause.end);
    } else {
      merged.push({ ...pause });
    }
  }
  return merged;
}

/** Closing time (Bogotá) of the day `instant` falls on. */
function closingOf(cal: BusinessCalendar, instant: number): number {
  const local = instant - BOGOTA_OFFSET_MS;
  const midnight = Math.floor(local / DAY_MS) * DAY_MS;
  return midnight + cal.closeMs + BOGOTA_OFFSET_MS;
}

/** Closing time of the KPT report deadline day, for KPT mail received before it; else null. */
function kptCap(facts: SlaFacts, policy: SlaPolicy): number | null {
  if (facts.mailboxAddress !== policy.kptMailbox) return null;
  const cap = dayOfIsoDate(policy.kptReportDeadline) * DAY_MS + policy.calendar.closeMs + BOGOTA_OFFSET_MS;
  return facts.receivedAt.getTime() < cap ? cap : null;
}
