import type { Notification } from 'pg';
import { SessionCache, type CachedSession } from './session-cache';
import { type ListenerConnection, SESSION_CHANGES_CHANNEL, SessionChangesListener } from './session-changes.listener';

/** A pg Client stand-in: the test decides when each statement is answered. */
class FakeConnection implements ListenerConnection {
  readonly statements: Array<{ sql: string; answer: () => void; fail: (error: Error) => void }> = [];
  private readonly handlers: { notification: Array<(m: Notification) => void>; error: Array<(e: Error) => void>; end: Array<() => void> } = {
    notification: [],
    error: [],
    end: [],
  };
  ended = false;

  connect(): Promise<unknown> {
    return Promise.resolve();
  }

  query(sql: string): Promise<unknown> {
    // LISTEN is answered at once; the barriers wait for the test.
    if (sql.startsWith('LISTEN')) return Promise.resolve();
    return new Promise((resolve, reject) => this.statements.push({ sql, answer: () => resolve(undefined), fail: reject }));
  }

  end(): Promise<unknown> {
    this.ended = true;
    return Promise.resolve();
  }

  on(event: 'notification' | 'error' | 'end', listener: ((m: Notification) => void) | ((e: Error) => void) | (() => void)): unknown {
    (this.handlers[event] as unknown[]).push(listener);
    return this;
  }

  notify(payload: string): void {
    for (const h of this.handlers.notification) h({ processId: 1, channel: SESSION_CHANGES_CHANNEL, payload });
  }

  breakWith(error: Error): void {
    for (const h of this.handlers.error) h(error);
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

const entry = (id: string, userId: string): Omit<CachedSession, 'readAt'> => ({
  session: { id, csrfToken: 'csrf', userId, email: 'a@dnp.gov.co', name: 'A', role: 'agent' },
  lastSeenAt: 0,
  dbNow: 0,
});

describe('SessionChangesListener', () => {
  let cache: SessionCache;
  let connections: FakeConnection[];
  let listener: SessionChangesListener;

  beforeEach(async () => {
    jest.useRealTimers();
    cache = new SessionCache();
    connections = [];
    listener = new SessionChangesListener(() => {
      const connection = new FakeConnection();
      connections.push(connection);
      return connection;
    }, cache, 50);
    listener.start();
    await flush();
  });

  afterEach(async () => {
    await listener.stop();
  });

  it('is not trusted before it listens: sync answers false and nothing is stored', async () => {
    const fresh = new SessionChangesListener(() => new FakeConnection(), new SessionCache());
    expect(fresh.live).toBe(false);
    await expect(fresh.sync()).resolves.toBe(false);
    await fresh.stop();
  });

  it('drops the entries each notification names', () => {
    expect(listener.live).toBe(true);
    cache.put(entry('s1', 'u1'), cache.begin());
    cache.put(entry('s2', 'u2'), cache.begin());
    connections[0].notify('u:u1');
    expect(cache.get('s1')).toBeNull();
    expect(cache.get('s2')).not.toBeNull();
  });

  it('resolves sync only after a round trip that started after the call', async () => {
    let first: boolean | undefined;
    let alsoFirst: boolean | undefined;
    void listener.sync().then((ok) => (first = ok));
    // Called in the same turn of the event loop: one round trip serves both.
    void listener.sync().then((ok) => (alsoFirst = ok));
    await flush();
    expect(connections[0].statements).toHaveLength(1);
    // Arrives while the first round trip is on the wire: it must wait for one of its own.
    let second: boolean | undefined;
    let third: boolean | undefined;
    void listener.sync().then((ok) => (second = ok));
    void listener.sync().then((ok) => (third = ok));
    connections[0].statements[0].answer();
    await flush();
    expect([first, alsoFirst]).toEqual([true, true]);
    expect(second).toBeUndefined();
    // The two late callers share the next round trip.
    expect(connections[0].statements).toHaveLength(2);
    connections[0].statements[1].answer();
    await flush();
    expect([second, third]).toEqual([true, true]);
  });

  it('applies a notification that arrives before the round trip answers, before sync resolves', async () => {
    cache.put(entry('s1', 'u1'), cache.begin());
    const synced = listener.sync().then((ok) => ({ ok, cached: cache.get('s1') }));
    await flush();
    connections[0].notify('s:s1');
    connections[0].statements[0].answer();
    await expect(synced).resolves.toEqual({ ok: true, cached: null });
  });

  it('on a broken connection empties the cache, answers false and reconnects', async () => {
    cache.put(entry('s1', 'u1'), cache.begin());
    const synced = listener.sync();
    await flush();
    connections[0].breakWith(new Error('conexión reiniciada'));
    await expect(synced).resolves.toBe(false);
    expect(listener.live).toBe(false);
    expect(cache.get('s1')).toBeNull();
    expect(cache.put(entry('s1', 'u1'), cache.begin())).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(connections).toHaveLength(2);
    expect(listener.live).toBe(true);
    // Whatever was stored while it was down is dropped when it listens again.
    expect(cache.get('s1')).toBeNull();
  });

  it('gives up on a round trip that takes too long, and stops trusting the connection', async () => {
    const synced = listener.sync();
    await expect(synced).resolves.toBe(false);
    expect(listener.live).toBe(false);
    expect(connections[0].ended).toBe(true);
  });
});
