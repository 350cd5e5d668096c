import type { AfterIntakeAction } from '../config/after-intake';
import type { PollerState } from '../mail/intake/poller-state';
import type { RoutingCategory } from '../routing/routing.types';
import type { LegalKind } from '../sla/sla.types';

/**
 * What the read-only admin pages and the reply-template picker receive. Plain JSON:
 * camelCase, instants as Bogotá ISO-8601 (`2024-02-01T00:00:00-05:00`), days as
 * `YYYY-MM-DD`, and every text meant for people in Spanish. The web UI mirrors
 * these interfaces, so change them together.
 */

// ---------------------------------------------------------------- GET /api/admin/mailboxes

export interface AdminMailboxesView {
  /**
   * Whether this process polls the mailboxes (INTAKE_ENABLED). The pollers' state lives
   * only in the memory of the process that runs intake: when it is another process
   * (API and worker apart), `poller` is null and only what intake stored is shown.
   */
  intakeRunsInThisProcess: boolean;
  pollIntervalSeconds: number;
  /** CUTOVER_AT: from then on kpt@ is not attended. */
  cutoverAt: string;
  mailboxes: AdminMailboxView[];
}

export interface AdminMailboxView {
  /** `kpt`, `planeacion`: the key of its MAILBOX_<KEY>_* variables. */
  key: string;
  /** The public address officials write to. */
  address: string;
  enabled: boolean;
  /** Connection settings; the password is never sent. */
  imap: MailboxImapView;
  afterIntake: { action: AfterIntakeAction; moveTo: string | null };
  attendance: MailboxAttendanceView;
  /** Live state of this process's poller; null when this process does not poll the mailbox (see pollerNote). */
  poller: MailboxPollerView | null;
  /** Spanish: why there is no live state, or what needs a look (stale, last error); null when all is well. */
  pollerNote: string | null;
  /** Intake's position in the configured folder, as stored; null before the first sync. */
  checkpoint: MailboxCheckpointView | null;
  ingested: MailboxIngestedView;
}

export interface MailboxImapView {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  folder: string;
}

export interface MailboxAttendanceView {
  /** False for kpt@ from CUTOVER_AT on: its mail goes to planeacionterritorial@'s queue. */
  attended: boolean;
  /** The instant kpt@ stops (or stopped) being attended; null for a mailbox the cutover does not retire. */
  attendedUntil: string | null;
  /** Spanish, one sentence for the page. */
  note: string;
}

export interface MailboxPollerView {
  state: PollerState;
  /** Last sync that finished without error; null: none since this process started. */
  lastSuccessAt: string | null;
  /** Text of the last connection or sync error; cleared by the next success. The poller keeps no time for it. */
  lastError: string | null;
  /** No successful sync for more than two poll intervals and a minute. */
  stale: boolean;
  /** Messages this poller stored since this process started. */
  ingestedSinceStart: number;
}

export interface MailboxCheckpointView {
  folder: string;
  uidValidity: number;
  lastUid: number;
  /**
   * Last time intake committed mail from this folder (or recorded it empty under a new
   * UIDVALIDITY). Persisted, so it is known in any process; a poll that finds nothing
   * new does not move it.
   */
  updatedAt: string;
}

export interface MailboxIngestedView {
  /** Raw messages stored from this mailbox, all folders, ever. */
  total: number;
  /** Of those, stored in the last 24 hours. */
  last24Hours: number;
  /** When the newest one was stored; null: none yet. */
  lastFetchedAt: string | null;
}

// ---------------------------------------------------------------- GET /api/admin/calendar

export interface AdminCalendarView {
  year: number;
  /** Every time of day below is Bogotá wall-clock time (UTC−5, no daylight saving time). */
  timeZone: 'America/Bogota';
  /** BUSINESS_HOURS, `HH:MM`; the closing minute itself is not business time. */
  businessHours: { opening: string; closing: string };
  /** WORKING_WEEKDAYS, Sunday = 0 … Saturday = 6, with the Spanish name. */
  workingWeekdays: Array<{ day: number; name: string }>;
  /** The year's Colombian public holidays (Ley 51 de 1983), by date. */
  holidays: CalendarHolidayView[];
  /** CALENDAR_EXTRA_CLOSED_DAYS falling in this year. */
  extraClosedDays: string[];
  /** CALENDAR_REMOVED_HOLIDAYS falling in this year. */
  removedHolidays: RemovedHolidayView[];
  /** Working days of the year per the business calendar the SLA clocks use. */
  workingDays: number;
  slaTargets: SlaTargetView[];
  /** SLA_WARNING_PERCENT: share of a target after which a warning is sent. */
  warningPercent: number;
  /** LEGAL_TERM_DAYS: terms to answer, in días hábiles (Ley 1755 de 2015, art. 14). */
  legalTerms: LegalTermView[];
}

export interface CalendarHolidayView {
  date: string;
  name: string;
  /** Spanish weekday name: a holiday on a Saturday or Sunday closes nothing extra. */
  weekday: string;
  /** False when CALENDAR_REMOVED_HOLIDAYS makes the desk work that day. */
  closed: boolean;
}

export interface RemovedHolidayView {
  date: string;
  /** Null: the date is no holiday that year, so the setting changes nothing. */
  holidayName: string | null;
}

export interface SlaTargetView {
  category: RoutingCategory;
  /** Spanish label of the category. */
  label: string;
  /** Business hours. */
  firstResponseHours: number;
  resolutionHours: number;
  /** SLA_TARGETS_<MAILBOX> overrides of this category; empty when none. */
  byMailbox: Array<{ mailbox: string; firstResponseHours: number; resolutionHours: number }>;
}

export interface LegalTermView {
  kind: LegalKind;
  /** Spanish label. */
  label: string;
  days: number;
}

// ---------------------------------------------------------------- GET /api/admin/routing-rules

export interface RoutingRulesView {
  /** Version of the rule file in use (routing-rules.json). */
  rulesVersion: string;
  thresholds: { minScore: number; minMargin: number };
  /**
   * The file's rules and mailbox biases in file order, then the fallback row, then ids
   * stored on tickets that the file no longer has. Counts cover every rules version.
   */
  rules: RoutingRuleRow[];
}

/**
 * - `rule`: a rule of the file;
 * - `mailbox-bias`: a mailbox's lean towards a category (it can be the strongest contributor);
 * - `fallback`: no confident vote, the ticket was left `unclassified`;
 * - `retired`: an id that decided stored tickets but is no longer in the file.
 */
export type RoutingRuleKind = 'rule' | 'mailbox-bias' | 'fallback' | 'retired';

export interface RoutingAccuracyView {
  /** Tickets this rule decided (routed, not merged into another). */
  decided: number;
  /** Of those, how many an agent left in another category than routing chose. */
  recategorized: number;
  /** 1 − recategorized / decided; null when it decided none. */
  accuracy: number | null;
  /** Where the recategorized tickets went: routed category → category an agent left, most frequent first. */
  confusion: Array<{ from: RoutingCategory; to: RoutingCategory; tickets: number }>;
}

export interface RoutingRuleRow extends RoutingAccuracyView {
  /** As stored in tickets.matched_rule; null on the fallback row. */
  id: string | null;
  kind: RoutingRuleKind;
  /** Category it votes for; `unclassified` on the fallback row; null for a retired id. */
  category: RoutingCategory | null;
  /** Spanish. */
  description: string;
  /** Weight of a rule, score of a mailbox bias; null otherwise. */
  weight: number | null;
  /** The rule's terms as written in the file. */
  terms: string[];
  /** The mailbox of a mailbox bias; null otherwise. */
  mailbox: string | null;
}

// ---------------------------------------------------------------- GET /api/reply-templates

export interface ReplyTemplateView {
  /** The file name without `.md`: stable, for the UI to remember a choice. */
  id: string;
  /** Spanish, for the picker. */
  title: string;
  /** Plain text (no markup) the agent inserts and edits; `[entre corchetes]` marks what to fill in. */
  body: string;
}
