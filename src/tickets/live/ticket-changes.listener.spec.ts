import type { MessageEvent } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { HEARTBEAT_MS, TicketChangesListener } from './ticket-changes.listener';

/** The listener with its database side replaced: `start` does nothing, the test plays the connection. */
function offlineListener() {
  const listener = new TicketChangesListener({ databaseUrl: 'postgres://nadie@127.0.0.1:1/nada' } as AppConfig);
  jest.spyOn(listener as unknown as { start: () => void }, 'start').mockImplementation(() => undefined);
  const inside = listener as unknown as { connections: { next(v: number): void; value: number }; changes: { next(v: unknown): void } };
  return {
    listener,
    connect: () => inside.connections.next(inside.connections.value + 1),
    change: (queueMailbox: string, reference: string) =>
      inside.changes.next({ reference, queueMailbox, previousQueueMailbox: null, status: 'open', version: 2, kind: 'UPDATE' }),
  };
}

describe('TicketChangesListener.events', () => {
  afterEach(() => jest.useRealTimers());

  it('says ready on each connection, passes its queue only, and beats every 25 s', async () => {
    jest.useFakeTimers();
    const { listener, connect, change } = offlineListener();
    const seen: MessageEvent[] = [];
    const subscription = listener.events('kpt@dnp.gov.co').subscribe((e) => seen.push(e));
    expect(seen).toEqual([]);
    connect();
    change('planeacionterritorial@dnp.gov.co', 'MDA-2024-000001');
    change('kpt@dnp.gov.co', 'MDA-2024-000002');
    jest.advanceTimersByTime(HEARTBEAT_MS - 1);
    expect(seen.map((e) => e.type ?? e.comment)).toEqual(['ready', 'ticket']);
    expect(seen[1].data).toMatchObject({ reference: 'MDA-2024-000002' });
    jest.advanceTimersByTime(1);
    expect(seen[2]).toEqual({ comment: 'ping' });
    connect();
    expect(seen[3]).toMatchObject({ type: 'ready', data: { queue: 'kpt@dnp.gov.co' } });
    subscription.unsubscribe();
    await listener.onModuleDestroy();
  });

  it('ends every stream on shutdown, so the HTTP server can close', async () => {
    const { listener } = offlineListener();
    let completed = false;
    listener.events(undefined).subscribe({ complete: () => (completed = true) });
    await listener.onModuleDestroy();
    expect(completed).toBe(true);
  });
});
