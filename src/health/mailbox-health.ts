import type { PollerStatus } from '../mail/intake/imap-mailbox-poller';

export interface MailboxHealth {
  mailbox: string;
  folder: string;
  state: PollerStatus['state'];
  /** When the last sync of this folder finished without error (Bogotá ISO-8601); null: none yet. */
  lastSuccessAt: string | null;
  lastError: string | null;
  ingested: number;
  /** No successful sync for longer than two poll intervals (plus a minute) while intake runs. */
  stale: boolean;
  /** In Spanish, only when something needs a look. */
  message?: string;
}

/**
 * How one poller looks to an operator. Pure: takes `now`. The poller sets lastSyncAt
 * only when a sync completes (at connect, on IDLE news and on each periodic poll), so
 * it is the time of the last success.
 */
export function describeMailbox(
  status: PollerStatus,
  options: { intakeEnabled: boolean; pollIntervalSeconds: number; startedAt: Date; now: Date },
  formatTime: (date: Date) => string,
): MailboxHealth {
  const limitMs = (2 * options.pollIntervalSeconds + 60) * 1000;
  const since = status.lastSyncAt ?? options.startedAt;
  const stale = options.intakeEnabled && options.now.getTime() - since.getTime() > limitMs;
  const health: MailboxHealth = {
    mailbox: status.mailbox,
    folder: status.folder,
    state: status.state,
    lastSuccessAt: status.lastSyncAt ? formatTime(status.lastSyncAt) : null,
    lastError: status.lastError,
    ingested: status.ingested,
    stale,
  };
  if (!options.intakeEnabled) {
    health.message = 'Recepción de correo desactivada en este proceso (INTAKE_ENABLED=false).';
  } else if (stale) {
    const minutes = Math.floor((options.now.getTime() - since.getTime()) / 60000);
    health.message = status.lastSyncAt
      ? `Sin sincronizar con éxito hace ${minutes} min${status.lastError ? `; último error: ${status.lastError}` : ''}.`
      : `Ninguna sincronización con éxito desde el arranque (hace ${minutes} min)${status.lastError ? `; último error: ${status.lastError}` : ''}.`;
  } else if (status.lastError) {
    health.message = `Último error: ${status.lastError}`;
  }
  return health;
}
