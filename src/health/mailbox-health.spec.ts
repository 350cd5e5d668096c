import type { PollerStatus } from '../mail/intake/imap-mailbox-poller';
import { describeMailbox } from './mailbox-health';

const now = new Date('2024-03-04T15:00:00Z');
const startedAt = new Date('2024-03-04T14:00:00Z');
const iso = (date: Date) => date.toISOString();

function poller(overrides: Partial<PollerStatus> = {}): PollerStatus {
  return { mailbox: 'kpt@dnp.gov.co', folder: 'INBOX', state: 'connected', lastSyncAt: null, lastError: null, ingested: 0, ...overrides };
}

describe('describeMailbox', () => {
  const running = { intakeEnabled: true, pollIntervalSeconds: 60, startedAt, now };

  it('reports a recent success as the last success, not stale', () => {
    const health = describeMailbox(poller({ lastSyncAt: new Date('2024-03-04T14:59:00Z'), ingested: 4 }), running, iso);
    expect(health).toEqual({
      mailbox: 'kpt@dnp.gov.co',
      folder: 'INBOX',
      state: 'connected',
      lastSuccessAt: '2024-03-04T14:59:00.000Z',
      lastError: null,
      ingested: 4,
      stale: false,
    });
  });

  it('flags a mailbox without success for more than two poll intervals and a minute, with the last error', () => {
    const health = describeMailbox(poller({ lastSyncAt: new Date('2024-03-04T14:56:59Z'), lastError: 'connect ECONNREFUSED (ECONNREFUSED)', state: 'waiting-to-reconnect' }), running, iso);
    expect(health.stale).toBe(true);
    expect(health.message).toBe('Sin sincronizar con éxito hace 3 min; último error: connect ECONNREFUSED (ECONNREFUSED).');
  });

  it('allows two poll intervals and a minute before calling it stale', () => {
    expect(describeMailbox(poller({ lastSyncAt: new Date('2024-03-04T14:57:01Z') }), running, iso).stale).toBe(false);
    expect(describeMailbox(poller({ lastSyncAt: new Date('2024-03-04T14:56:59Z') }), running, iso).stale).toBe(true);
  });

  it('counts from start-up when no sync ever succeeded', () => {
    const health = describeMailbox(poller(), running, iso);
    expect(health).toMatchObject({ lastSuccessAt: null, stale: true, message: 'Ninguna sincronización con éxito desde el arranque (hace 60 min).' });
    expect(describeMailbox(poller(), { ...running, startedAt: new Date('2024-03-04T14:59:30Z') }, iso).stale).toBe(false);
  });

  it('never calls a mailbox stale when intake is off in this process', () => {
    const health = describeMailbox(poller({ state: 'stopped' }), { ...running, intakeEnabled: false }, iso);
    expect(health.stale).toBe(false);
    expect(health.message).toContain('INTAKE_ENABLED=false');
  });
});
