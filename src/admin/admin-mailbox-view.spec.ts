import { loadAppConfig } from '../config/app-config';
import type { PollerStatus } from '../mail/intake/imap-mailbox-poller';
import { describeAdminMailbox, MailboxViewContext, StoredMailboxIntake } from './admin-mailbox-view';

const PASSWORD = 'secreto-de-prueba-9f2c';
const config = loadAppConfig({
  MAILBOX_KPT_IMAP_PASSWORD: PASSWORD,
  MAILBOX_PLANEACION_IMAP_PASSWORD: PASSWORD,
  MAILBOX_PLANEACION_IMAP_HOST: 'imap.dnp.gov.co',
  MAILBOX_PLANEACION_IMAP_PORT: '993',
  MAILBOX_PLANEACION_IMAP_TLS: 'true',
  MAILBOX_PLANEACION_AFTER_INTAKE: 'move',
  MAILBOX_PLANEACION_MOVE_TO: 'Procesados',
  MAILBOX_KPT_ENABLED: 'false',
});
const [kpt, planeacion] = config.mailboxes;
const now = new Date('2024-03-04T15:00:00Z');
const context: MailboxViewContext = {
  intakeRunsHere: true,
  pollIntervalSeconds: 60,
  startedAt: new Date('2024-03-04T14:00:00Z'),
  now,
  cutover: config.cutover,
  formatForPeople: (date) => date.toISOString(),
};
const nothingStored: StoredMailboxIntake = { checkpoint: null, total: 0, last24Hours: 0, lastFetchedAt: null };
const poller = (overrides: Partial<PollerStatus> = {}): PollerStatus => ({
  mailbox: planeacion.address,
  folder: 'INBOX',
  state: 'connected',
  lastSyncAt: new Date('2024-03-04T14:59:00Z'),
  lastError: null,
  ingested: 7,
  ...overrides,
});

describe('describeAdminMailbox', () => {
  it('shows the IMAP settings and after-intake action but never the password', () => {
    const view = describeAdminMailbox(planeacion, poller(), nothingStored, context);
    expect(view).toMatchObject({
      key: 'planeacion',
      address: 'planeacionterritorial@dnp.gov.co',
      enabled: true,
      imap: { host: 'imap.dnp.gov.co', port: 993, tls: true, user: 'planeacionterritorial@dnp.gov.co', folder: 'INBOX' },
      afterIntake: { action: 'move', moveTo: 'Procesados' },
    });
    expect(Object.keys(view.imap).sort()).toEqual(['folder', 'host', 'port', 'tls', 'user']);
    expect(JSON.stringify(view)).not.toContain(PASSWORD);
  });

  it('reports the live poller of this process, in Bogotá time, with nothing to look at when it is healthy', () => {
    const view = describeAdminMailbox(planeacion, poller(), nothingStored, context);
    expect(view.poller).toEqual({ state: 'connected', lastSuccessAt: '2024-03-04T09:59:00-05:00', lastError: null, stale: false, ingestedSinceStart: 7 });
    expect(view.pollerNote).toBeNull();
  });

  it('passes on a stale poller with its last error', () => {
    const view = describeAdminMailbox(planeacion, poller({ lastSyncAt: new Date('2024-03-04T14:50:00Z'), lastError: 'connect ECONNREFUSED', state: 'waiting-to-reconnect' }), nothingStored, context);
    expect(view.poller).toMatchObject({ stale: true, lastError: 'connect ECONNREFUSED', state: 'waiting-to-reconnect' });
    expect(view.pollerNote).toBe('Sin sincronizar con éxito hace 10 min; último error: connect ECONNREFUSED.');
  });

  it.each<[string, boolean, typeof kpt, string]>([
    ['intake runs in another process', false, planeacion, 'INTAKE_ENABLED=false'],
    ['the mailbox is disabled', true, kpt, 'MAILBOX_KPT_ENABLED=false'],
  ])('has no live state when %s, and says why', (_label, intakeRunsHere, mailbox, why) => {
    const view = describeAdminMailbox(mailbox, poller({ state: 'stopped' }), nothingStored, { ...context, intakeRunsHere });
    expect(view.poller).toBeNull();
    expect(view.pollerNote).toContain(why);
  });

  it('shows what intake stored: checkpoint of the configured folder and counts', () => {
    const view = describeAdminMailbox(
      planeacion,
      null,
      { checkpoint: { uidValidity: 4_294_967_295, lastUid: 812, updatedAt: new Date('2024-03-04T14:30:00Z') }, total: 812, last24Hours: 40, lastFetchedAt: new Date('2024-03-04T14:30:00Z') },
      { ...context, intakeRunsHere: false },
    );
    expect(view.checkpoint).toEqual({ folder: 'INBOX', uidValidity: 4_294_967_295, lastUid: 812, updatedAt: '2024-03-04T09:30:00-05:00' });
    expect(view.ingested).toEqual({ total: 812, last24Hours: 40, lastFetchedAt: '2024-03-04T09:30:00-05:00' });
  });

  it('marks kpt@ not attended after the cutover', () => {
    expect(describeAdminMailbox(kpt, null, nothingStored, context).attendance).toMatchObject({ attended: false, attendedUntil: '2024-02-01T00:00:00-05:00' });
    expect(describeAdminMailbox(planeacion, null, nothingStored, context).attendance).toMatchObject({ attended: true, attendedUntil: null });
  });
});
