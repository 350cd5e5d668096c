import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SessionStore } from '../../src/auth/session.store';
import { signIn, TestSession } from '../support/auth-session';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig, waitFor } from '../support/test-app';

jest.setTimeout(60000);

const NO_MAIL = { kpt: 'session-cache-unused-kpt', planeacion: 'session-cache-unused-pt' };
const QUIET = { INTAKE_ENABLED: 'false', OUTBOUND_ENABLED: 'false', JOBS_ENABLED: 'false' };
const SESSION_READ = 'FROM sessions s JOIN users u';

/**
 * The guard serves sessions it has already checked from memory (SessionStore, SessionCache).
 * These tests make the changes the way another process would (straight in the database,
 * as `mesa user:*` or a second API process does) and expect the very next request to see them.
 */
describe('sessions cached in memory', () => {
  let app: INestApplication;
  let db: Client;
  let store: SessionStore;
  let sessionReads: jest.SpyInstance;

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('session_cache');
    app = await startTestApp(testConfig(databaseUrl, NO_MAIL, QUIET));
    db = await connectTestDatabase(databaseUrl);
    store = app.get(SessionStore);
    const dataSource = app.get(DataSource);
    sessionReads = jest.spyOn(dataSource, 'query');
  });

  afterAll(async () => {
    sessionReads?.mockRestore();
    await db?.end();
    await app?.close();
  });

  const readsOfSessions = () => sessionReads.mock.calls.filter(([sql]) => typeof sql === 'string' && sql.includes(SESSION_READ)).length;

  /** Signs in and makes one request, so the session is in the cache. */
  async function cachedSession(role: 'agent' | 'supervisor' | 'admin' = 'agent'): Promise<TestSession> {
    const session = await signIn(app, role);
    await store.whenCaching();
    await session.get('/api/auth/session').expect(200);
    return session;
  }

  it('answers repeated requests of a session without reading sessions or users again', async () => {
    const agent = await cachedSession();
    const before = readsOfSessions();
    for (let i = 0; i < 5; i++) await agent.get('/api/auth/session').expect(200);
    expect(readsOfSessions()).toBe(before);
  });

  it('refuses a cached session on the next request once another process disables the account', async () => {
    const agent = await cachedSession();
    await db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [agent.actor.userId]);
    await agent.get('/api/auth/session').expect(401);
    const { rows } = await db.query(`SELECT end_reason FROM sessions WHERE user_id = $1`, [agent.actor.userId]);
    expect(rows).toEqual([{ end_reason: 'user-disabled' }]);
  });

  it('refuses a cached session on the next request once an admin disables the account over HTTP', async () => {
    const admin = await cachedSession('admin');
    const agent = await cachedSession();
    await admin.patch(`/api/users/${agent.actor.userId}`).send({ disabled: true }).expect(200);
    await agent.get('/api/auth/session').expect(401);
  });

  it('ends a cached session at once on logout, and when another process ends it', async () => {
    const agent = await cachedSession();
    await agent.post('/api/auth/logout').expect(204);
    await agent.get('/api/auth/session').expect(401);

    const other = await cachedSession();
    await db.query(`UPDATE sessions SET ended_at = now(), end_reason = 'logout' WHERE user_id = $1`, [other.actor.userId]);
    await other.get('/api/auth/session').expect(401);
  });

  it('applies a role changed by another process on the next request', async () => {
    const person = await cachedSession();
    await person.get('/api/users').expect(403);
    await db.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [person.actor.userId]);
    expect((await person.get('/api/auth/session').expect(200)).body.user.role).toBe('admin');
    await person.get('/api/users').expect(200);
  });

  it('does not write last_seen_at on every request, only once it is a minute old', async () => {
    const agent = await cachedSession();
    const lastSeen = async () => (await db.query<{ last_seen_at: Date }>(`SELECT last_seen_at FROM sessions WHERE user_id = $1`, [agent.actor.userId])).rows[0].last_seen_at.getTime();
    const first = await lastSeen();
    for (let i = 0; i < 5; i++) await agent.get('/api/auth/session').expect(200);
    expect(await lastSeen()).toBe(first);

    // 55 s ago: read again (the idle clock moved back), not yet worth a write; a few seconds
    // later the cached copy is a minute old and the next request restarts the clock.
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '55 seconds' WHERE user_id = $1`, [agent.actor.userId]);
    await agent.get('/api/auth/session').expect(200);
    const setBack = await lastSeen();
    await new Promise((resolve) => setTimeout(resolve, 5500));
    const readsBefore = readsOfSessions();
    await agent.get('/api/auth/session').expect(200);
    expect(readsOfSessions()).toBe(readsBefore);
    expect((await lastSeen()) - setBack).toBeGreaterThan(50_000);
  });

  it('ends a cached session left idle past the limit, on the database clock', async () => {
    const agent = await cachedSession();
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '8 hours 1 minute' WHERE user_id = $1`, [agent.actor.userId]);
    await agent.get('/api/auth/session').expect(401);
    const { rows } = await db.query(`SELECT end_reason FROM sessions WHERE user_id = $1`, [agent.actor.userId]);
    expect(rows).toEqual([{ end_reason: 'idle' }]);
  });

  it('stays right while it cannot listen: reads every session, then caches again once reconnected', async () => {
    const agent = await cachedSession();
    const { rowCount } = await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mesa-session-changes' AND datname = current_database()`);
    expect(rowCount).toBe(1);
    // Disabled while nobody listens: no notification reaches the cache.
    await db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [agent.actor.userId]);
    await agent.get('/api/auth/session').expect(401);

    const other = await signIn(app, 'agent');
    await other.get('/api/auth/session').expect(200);
    await waitFor(
      async () => {
        await store.whenCaching();
        const before = readsOfSessions();
        await other.get('/api/auth/session').expect(200);
        return readsOfSessions() - before;
      },
      (reads) => reads === 0,
    );
    await db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [other.actor.userId]);
    await other.get('/api/auth/session').expect(401);
  });
});
