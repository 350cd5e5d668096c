import type { BusinessCalendar } from '../calendar/business-calendar';
import type { RoutingCategory } from '../routing/routing.types';

export const SLA_CLOCKS = ['firstResponse', 'resolution', 'legal'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];

/** Ley 1755 de 2015, art. 14: petición 15 días hábiles, documentos 10, consulta 30. */
export const LEGAL_KINDS = ['petition', 'documents', 'consultation'] as const;
export type LegalKind = (typeof LEGAL_KINDS)[number];

export interface SlaTargets {
  firstResponseHours: number;
  resolutionHours: number;
}

export interface SlaPolicy {
  calendar: BusinessCalendar;
  /** Targets by category, optionally overridden per mailbox. */
  targets: Record<RoutingCategory, SlaTargets>;
  targetsByMailbox: Record<string, Partial<Record<RoutingCategory, SlaTargets>>>;
  legalTermDays: Record<LegalKind, number>;
  /** Share of a target after which a warning is due (0.75 = 75 %). */
  warningFraction: number;
  /** Mail to this mailbox before the report deadline has its resolution capped at that deadline. */
  kptMailbox: string;
  /** Bogotá day YYYY-MM-DD; the cap is that day's closing time. */
  kptReportDeadline: string;
}

/**
 * What happened to a ticket that moves its clocks. Deadlines are a pure function
 * of these plus the receipt, category and mailbox, so they can be recomputed and
 * explained at any time.
 * - waiting: the agent waits for the official: first-response and resolution clocks pause;
 * - incomplete: the request lacks information (Ley 1755, art. 17): the legal clock pauses too;
 * - resumed: the official answered, or the agent resumed: every pause ends;
 * - answered: an agent replied (stops first response);
 * - resolved / reopened: stop and restart the resolution clock (the first resolution answers the legal term);
 * - extended: the legal term is extended by `days` (at most the term itself, with a reason);
 * - legal-kind: the agent marks the request as documents or consultation.
 */
export type SlaEvent =
  | { kind: 'waiting' | 'incomplete' | 'resumed' | 'answered' | 'resolved' | 'reopened'; at: Date }
  | { kind: 'extended'; at: Date; days: number; reason: string }
  | { kind: 'legal-kind'; at: Date; legalKind: LegalKind };

export interface SlaFacts {
  receivedAt: Date;
  category: RoutingCategory;
  mailboxAddress: string;
  events: readonly SlaEvent[];
}

export interface ClockStatus {
  /** When the target is reached; null while a pause holds the clock (it cannot be known yet). */
  due: Date | null;
  /** When the warning share of the target is reached (null when paused before it). */
  warningAt: Date | null;
  /** When the clock stopped (answered, resolved); null while it runs. */
  stoppedAt: Date | null;
  /** True met, false missed; null while running and not yet overdue at `now`. */
  met: boolean | null;
  /** Business minutes to spare (positive) or by which it was missed (negative); at `now` while running. */
  marginMinutes: number;
  /** Business minutes the clock has run, pauses excluded: to its stop, or to `now` while it runs. */
  elapsedMinutes: number;
  paused: boolean;
  targetMinutes: number;
}

export interface LegalStatus extends ClockStatus {
  legalKind: LegalKind;
  termDays: number;
  extendedDays: number;
}

export interface SlaStatus {
  /** The moment the clocks start: receipt when in business time, else the next opening. */
  clockStart: Date;
  firstResponse: ClockStatus;
  resolution: ClockStatus;
  legal: LegalStatus;
}
