import { toBogotaIso } from '../common/time/bogota-time';
import type { MailboxConfig } from '../config/app-config';
import type { CutoverPolicy } from '../cutover/cutover-policy';
import { describeMailbox } from '../health/mailbox-health';
import type { PollerStatus } from '../mail/intake/imap-mailbox-poller';
import type { AdminMailboxView } from './admin.views';
import { mailboxAttendance } from './mailbox-attendance';

/** What intake stored for one mailbox: readable from any process, unlike the pollers' memory. */
export interface StoredMailboxIntake {
  /** The checkpoint of the configured folder; null before its first sync. */
  checkpoint: { uidValidity: number; lastUid: number; updatedAt: Date } | null;
  total: number;
  last24Hours: number;
  lastFetchedAt: Date | null;
}

export interface MailboxViewContext {
  /** INTAKE_ENABLED in this process. */
  intakeRunsHere: boolean;
  pollIntervalSeconds: number;
  /** When this process started watching: a poller without any success counts as stale from here. */
  startedAt: Date;
  now: Date;
  cutover: CutoverPolicy;
  /** A date and time as people read it ("jueves 1 de febrero de 2024, 12:00 a. m."). */
  formatForPeople: (date: Date) => string;
}

/** Why a mailbox has no live poller state here, in Spanish. */
function missingPollerNote(mailbox: MailboxConfig, context: MailboxViewContext): string {
  if (!mailbox.enabled) return `Buzón desactivado (MAILBOX_${mailbox.key.toUpperCase()}_ENABLED=false): no se revisa.`;
  if (!context.intakeRunsHere) {
    return 'La recepción de correo no corre en este proceso (INTAKE_ENABLED=false): su estado en vivo está en la memoria del proceso que la corre; aquí se muestra lo guardado (punto de control y correo recibido).';
  }
  return 'Este proceso no tiene un lector para este buzón.';
}

/**
 * One mailbox for the admin page: configuration (the IMAP password left out by
 * construction: fields are picked, never spread), attendance, the live poller when
 * this process runs it, and what intake stored. Pure: takes `now` and the facts.
 */
export function describeAdminMailbox(
  mailbox: MailboxConfig,
  status: PollerStatus | null,
  stored: StoredMailboxIntake,
  context: MailboxViewContext,
): AdminMailboxView {
  const live = status && context.intakeRunsHere && mailbox.enabled ? status : null;
  const health = live
    ? describeMailbox(live, { intakeEnabled: true, pollIntervalSeconds: context.pollIntervalSeconds, startedAt: context.startedAt, now: context.now }, toBogotaIso)
    : null;
  return {
    key: mailbox.key,
    address: mailbox.address,
    enabled: mailbox.enabled,
    imap: { host: mailbox.imap.host, port: mailbox.imap.port, tls: mailbox.imap.tls, user: mailbox.imap.user, folder: mailbox.imap.folder },
    afterIntake: { action: mailbox.afterIntake, moveTo: mailbox.afterIntake === 'move' ? mailbox.moveTo : null },
    attendance: mailboxAttendance(mailbox.address, context.cutover, context.now, context.formatForPeople),
    poller: health
      ? { state: health.state, lastSuccessAt: health.lastSuccessAt, lastError: health.lastError, stale: health.stale, ingestedSinceStart: health.ingested }
      : null,
    pollerNote: health ? (health.message ?? null) : missingPollerNote(mailbox, context),
    checkpoint: stored.checkpoint
      ? { folder: mailbox.imap.folder, uidValidity: stored.checkpoint.uidValidity, lastUid: stored.checkpoint.lastUid, updatedAt: toBogotaIso(stored.checkpoint.updatedAt) }
      : null,
    ingested: {
      total: stored.total,
      last24Hours: stored.last24Hours,
      lastFetchedAt: stored.lastFetchedAt ? toBogotaIso(stored.lastFetchedAt) : null,
    },
  };
}
