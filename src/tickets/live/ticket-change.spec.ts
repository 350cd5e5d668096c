import { concernsQueue, parseTicketChange, reconnectDelay } from './ticket-change';

describe('parseTicketChange', () => {
  it('reads the trigger payload', () => {
    const payload = JSON.stringify({ reference: 'MDA-2024-000001', queueMailbox: 'kpt@dnp.gov.co', previousQueueMailbox: null, status: 'open', version: 3, kind: 'UPDATE' });
    expect(parseTicketChange(payload)).toEqual({ reference: 'MDA-2024-000001', queueMailbox: 'kpt@dnp.gov.co', previousQueueMailbox: null, status: 'open', version: 3, kind: 'UPDATE' });
  });

  it('ignores anything else on the channel', () => {
    expect(parseTicketChange(undefined)).toBeNull();
    expect(parseTicketChange('no json')).toBeNull();
    expect(parseTicketChange('"texto"')).toBeNull();
    expect(parseTicketChange(JSON.stringify({ reference: 'X', queueMailbox: 'a@b', status: 'borrado', version: 1, kind: 'UPDATE' }))).toBeNull();
    expect(parseTicketChange(JSON.stringify({ reference: 'X', queueMailbox: 'a@b', status: 'new', version: 1, kind: 'DELETE' }))).toBeNull();
  });
});

describe('concernsQueue', () => {
  const change = { reference: 'R', queueMailbox: 'planeacionterritorial@dnp.gov.co', previousQueueMailbox: 'kpt@dnp.gov.co', status: 'open' as const, version: 2, kind: 'UPDATE' as const };

  it('reaches the queue the ticket is in and the one it left, and subscribers to every queue', () => {
    expect(concernsQueue(change, 'planeacionterritorial@dnp.gov.co')).toBe(true);
    expect(concernsQueue(change, 'kpt@dnp.gov.co')).toBe(true);
    expect(concernsQueue(change, undefined)).toBe(true);
    expect(concernsQueue({ ...change, previousQueueMailbox: null }, 'kpt@dnp.gov.co')).toBe(false);
    expect(concernsQueue(change, 'otra@dnp.gov.co')).toBe(false);
  });
});

describe('reconnectDelay', () => {
  it('doubles up to the ceiling, with jitter below the base', () => {
    expect(reconnectDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(reconnectDelay(3, 500, 30_000, () => 1)).toBe(4000);
    expect(reconnectDelay(50, 500, 30_000, () => 1)).toBe(30_000);
    expect(reconnectDelay(3, 500, 30_000, () => 0)).toBe(3200);
  });
});
