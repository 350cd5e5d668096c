import { toBogotaIso } from '../common/time/bogota-time';

/**
 * The February mailbox cutover as pure decisions (no I/O, no clock): the intake,
 * `mesa inspect` and the scheduled cutover job all ask these functions.
 */

export interface CutoverPolicy {
  at: Date;
  /** kpt@: attended until `at`. */
  retiredMailbox: string;
  /** planeacionterritorial@: attended always, takes kpt@'s queue from `at` on. */
  successorMailbox: string;
  /** Bogotá day (YYYY-MM-DD) until which kpt@ answers questions about KPT. */
  kptQuestionsUntil: string;
  /** Bogotá day (YYYY-MM-DD): last day to report the old plans' progress in KPT. */
  kptReportDeadline: string;
}

export function isAfterCutover(instant: Date, policy: CutoverPolicy): boolean {
  return instant.getTime() >= policy.at.getTime();
}

/**
 * Queue (and reply-from address) of a new ticket. Mail that reached both
 * mailboxes belongs to the successor, which is attended always; mail that reached
 * only kpt@ stays there until the cutover instant.
 */
export function queueForNewTicket(reachedMailboxes: readonly string[], receivedAt: Date, policy: CutoverPolicy): string {
  if (reachedMailboxes.length === 0) return policy.successorMailbox;
  if (reachedMailboxes.includes(policy.successorMailbox)) return policy.successorMailbox;
  const first = reachedMailboxes[0];
  if (first === policy.retiredMailbox && isAfterCutover(receivedAt, policy)) return policy.successorMailbox;
  return first;
}

/**
 * Queue of an existing ticket when more mail joins it. A ticket only ever moves
 * forward to the successor (never back to kpt@), so a late reply dated in January
 * to a ticket already moved keeps it where it is.
 */
export function queueForExistingTicket(currentQueue: string, receivedAt: Date, policy: CutoverPolicy): string {
  if (currentQueue === policy.retiredMailbox && isAfterCutover(receivedAt, policy)) return policy.successorMailbox;
  return currentQueue;
}

/** Replies go out from the ticket's queue mailbox, so they follow the cutover. */
export function replyFromFor(queueMailbox: string): string {
  return queueMailbox;
}

/**
 * Which notice an acknowledgement must carry about kpt@:
 * - `kpt-retired`: mail to kpt@ from the cutover on: that mailbox is no longer attended;
 * - `kpt-report-deadline`: mail to kpt@ after the KPT question window: remind the report deadline;
 * - null otherwise.
 */
export type KptNotice = 'kpt-retired' | 'kpt-report-deadline' | null;

export function kptNoticeFor(reachedMailboxes: readonly string[], receivedAt: Date, policy: CutoverPolicy): KptNotice {
  if (!reachedMailboxes.includes(policy.retiredMailbox)) return null;
  if (isAfterCutover(receivedAt, policy)) return 'kpt-retired';
  if (toBogotaIso(receivedAt).slice(0, 10) > policy.kptQuestionsUntil) return 'kpt-report-deadline';
  return null;
}
