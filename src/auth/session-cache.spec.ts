import { SessionCache, type CachedSession } from './session-cache';

const entry = (id: string, userId: string, lastSeenAt = 1_000, dbNow = 2_000): Omit<CachedSession, 'readAt'> => ({
  session: { id, csrfToken: `csrf-${id}`, userId, email: `${userId}@dnp.gov.co`, name: `Usuario ${userId}`, role: 'agent' },
  lastSeenAt,
  dbNow,
});

describe('SessionCache', () => {
  let now: number;
  let cache: SessionCache;

  beforeEach(() => {
    now = 50_000;
    cache = new SessionCache(() => now, 10_000, 3);
  });

  it('keeps a session read from the database until its time is up', () => {
    expect(cache.put(entry('s1', 'u1'), cache.begin())).toBe(true);
    now += 9_999;
    expect(cache.get('s1')?.session.csrfToken).toBe('csrf-s1');
    now += 1;
    expect(cache.get('s1')).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('drops an entry whose clock went backwards rather than trust it longer', () => {
    cache.put(entry('s1', 'u1'), cache.begin());
    now -= 1;
    expect(cache.get('s1')).toBeNull();
  });

  it('does not store a read that started before an invalidation (a logout racing the read)', () => {
    const since = cache.begin();
    cache.invalidate('s:s1');
    expect(cache.put(entry('s1', 'u1'), since)).toBe(false);
    expect(cache.get('s1')).toBeNull();
    expect(cache.put(entry('s1', 'u1'), cache.begin())).toBe(true);
  });

  it('drops one session, every session of an account, or everything, as the message says', () => {
    for (const [id, user] of [['a', 'u1'], ['b', 'u1'], ['c', 'u2']]) cache.put(entry(id, user), cache.begin());
    cache.invalidate('s:a');
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([false, true, true]);
    cache.put(entry('a', 'u1'), cache.begin());
    cache.invalidate('u:u1');
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([false, false, true]);
    cache.invalidate('*');
    expect(cache.get('c')).toBeNull();
  });

  it('treats a message it does not understand as "drop everything"', () => {
    cache.put(entry('a', 'u1'), cache.begin());
    cache.invalidate('x:algo');
    expect(cache.get('a')).toBeNull();
  });

  it('estimates the database clock from the read and the time passed since', () => {
    cache.put(entry('a', 'u1', 1_000, 7_000), cache.begin());
    now += 2_500;
    expect(cache.dbNowOf(cache.get('a')!)).toBe(9_500);
  });

  it('records a touch of last_seen_at', () => {
    cache.put(entry('a', 'u1', 1_000), cache.begin());
    cache.touched('a', 5_000);
    expect(cache.get('a')?.lastSeenAt).toBe(5_000);
  });

  it('makes room by dropping the oldest read when full', () => {
    for (const id of ['a', 'b', 'c', 'd']) cache.put(entry(id, 'u1'), cache.begin());
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeNull();
    expect(cache.get('d')).not.toBeNull();
  });
});
