import { createHash } from 'crypto';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { sessionClient, sessionCookieOf, signIn, TestSession } from '../support/auth-session';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig } from '../support/test-app';

jest.setTimeout(60000);

const NO_MAIL = { kpt: 'auth-unused-kpt', planeacion: 'auth-unused-pt' };
const QUIET = { INTAKE_ENABLED: 'false', OUTBOUND_ENABLED: 'false', JOBS_ENABLED: 'false' };

async function startApp(suite: string, env: Record<string, string>): Promise<{ app: INestApplication; db: Client }> {
  const databaseUrl = await createTestDatabase(suite);
  const app = await startTestApp(testConfig(databaseUrl, NO_MAIL, { ...QUIET, ...env }));
  return { app, db: await connectTestDatabase(databaseUrl) };
}

function login(app: INestApplication, email: string, password: string, headers: Record<string, string> = {}): request.Test {
  const test = request(app.getHttpServer()).post('/api/auth/login').send({ email, password });
  for (const [name, value] of Object.entries(headers)) test.set(name, value);
  return test;
}

function setCookies(response: request.Response): string[] {
  const value = response.headers['set-cookie'] as unknown;
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

async function auditActions(db: Client, subjectId: string): Promise<string[]> {
  const { rows } = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [subjectId]);
  return rows.map((r) => r.action);
}

const INVALID = { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Correo o contraseña incorrectos.' };

describe('accounts and sessions over HTTP', () => {
  let app: INestApplication;
  let db: Client;
  let admin: TestSession;

  beforeAll(async () => {
    // The address limit is set high here: this suite's failures all come from 127.0.0.1. It has its own suite below.
    ({ app, db } = await startApp('auth', { LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' }));
    admin = await signIn(app, 'admin', 'jefa@dnp.gov.co');
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  it('signs in with an httpOnly, SameSite=Lax session cookie whose token is stored only as its SHA-256', async () => {
    await admin.post('/api/users').send({ email: ' Ana.Perez@DNP.gov.co ', name: 'Ana Pérez', role: 'agent', password: 'caballo correcto batería' }).expect(201);
    const response = await login(app, 'ANA.perez@dnp.gov.co', 'caballo correcto batería').expect(200);
    expect(response.body).toEqual({
      user: { id: expect.any(String), email: 'ana.perez@dnp.gov.co', name: 'Ana Pérez', role: 'agent' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
    });
    const [cookie] = setCookies(response).filter((c) => c.startsWith('mesa_session='));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/);
    const token = decodeURIComponent(cookie.split(';')[0].slice('mesa_session='.length));

    const { rows } = await db.query(`SELECT id, user_id, csrf_token, address FROM sessions WHERE ended_at IS NULL AND user_id = $1`, [response.body.user.id]);
    expect(rows).toEqual([
      { id: createHash('sha256').update(token).digest('hex'), user_id: response.body.user.id, csrf_token: response.body.csrfToken, address: '127.0.0.1' },
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);

    const probe = await request(app.getHttpServer()).get('/api/auth/session').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(probe.body).toEqual(response.body);
    expect(await auditActions(db, rows[0].id)).toEqual(['session.login']);
    const attempts = await db.query(`SELECT succeeded, reason, address FROM login_attempts WHERE email = 'ana.perez@dnp.gov.co'`);
    expect(attempts.rows).toEqual([{ succeeded: true, reason: null, address: '127.0.0.1' }]);
  });

  it('answers an unknown address exactly as a wrong password, and records both', async () => {
    await signIn(app, 'agent', 'beto@dnp.gov.co');
    const wrong = await login(app, 'beto@dnp.gov.co', 'no es la contraseña').expect(401);
    const unknown = await login(app, 'nadie@dnp.gov.co', 'no es la contraseña').expect(401);
    expect(wrong.body).toEqual(INVALID);
    expect(unknown.body).toEqual(wrong.body);
    expect(setCookies(wrong).filter((c) => c.startsWith('mesa_session=') && !c.startsWith('mesa_session=;'))).toEqual([]);

    const attempts = await db.query(`SELECT email, succeeded, reason FROM login_attempts WHERE NOT succeeded ORDER BY id`);
    expect(attempts.rows).toEqual([
      { email: 'beto@dnp.gov.co', succeeded: false, reason: 'wrong-password' },
      { email: 'nadie@dnp.gov.co', succeeded: false, reason: 'unknown-account' },
    ]);
    const audit = await db.query(`SELECT actor_email, actor_address, after FROM audit_log WHERE action = 'session.login-failed' ORDER BY id`);
    expect(audit.rows).toEqual([
      { actor_email: 'beto@dnp.gov.co', actor_address: '127.0.0.1', after: { email: 'beto@dnp.gov.co', address: '127.0.0.1', reason: 'wrong-password', attemptId: expect.any(String) } },
      { actor_email: 'nadie@dnp.gov.co', actor_address: '127.0.0.1', after: { email: 'nadie@dnp.gov.co', address: '127.0.0.1', reason: 'unknown-account', attemptId: expect.any(String) } },
    ]);
  });

  it('takes the login only as JSON, so a cross-site form cannot sign a browser in', async () => {
    await signIn(app, 'agent', 'hugo@dnp.gov.co');
    const form = await request(app.getHttpServer())
      .post('/api/auth/login')
      .type('form')
      .send({ email: 'hugo@dnp.gov.co', password: 'lo que sea, da igual' })
      .expect(415);
    expect(form.body).toEqual({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Envíe el inicio de sesión como JSON (Content-Type: application/json).' });
    expect(setCookies(form)).toEqual([]);
  });

  it('refuses requests without a live session with 401 UNAUTHENTICATED', async () => {
    const none = await request(app.getHttpServer()).get('/api/users/agents').expect(401);
    expect(none.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Debe iniciar sesión.' });
    const forged = await request(app.getHttpServer()).get('/api/auth/session').set('Cookie', 'mesa_session=inventado').expect(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');
    await request(app.getHttpServer()).get('/api/health').expect((r) => expect(r.status).not.toBe(401));
  });

  it('needs the session\'s CSRF token, compared exactly, on every state-changing request', async () => {
    const agent = await signIn(app, 'agent');
    const missing = await request(app.getHttpServer()).post('/api/auth/logout').set('Cookie', agent.cookie).expect(403);
    expect(missing.body).toMatchObject({ code: 'CSRF_INVALID', message: expect.stringContaining('X-CSRF-Token') });
    await request(app.getHttpServer()).post('/api/auth/logout').set('Cookie', agent.cookie).set('X-CSRF-Token', `${agent.csrfToken}x`).expect(403);
    // Another session's token is no good either.
    await request(app.getHttpServer()).post('/api/auth/logout').set('Cookie', agent.cookie).set('X-CSRF-Token', admin.csrfToken).expect(403);
    await agent.get('/api/auth/session').expect(200);
    // An admin route with a bad token: CSRF is checked for every state change, not only for some roles.
    await request(app.getHttpServer()).patch(`/api/users/${agent.actor.userId}`).set('Cookie', admin.cookie).send({ name: 'X' }).expect(403, {
      statusCode: 403,
      code: 'CSRF_INVALID',
      message: 'Falta la cabecera X-CSRF-Token o no corresponde a la sesión; recargue la página e intente de nuevo.',
    });
  });

  it('logs out: the session ends on the server and the cookie is cleared', async () => {
    const agent = await signIn(app, 'agent');
    const response = await agent.post('/api/auth/logout').expect(204);
    expect(setCookies(response).some((c) => /^mesa_session=;.*Expires=Thu, 01 Jan 1970/.test(c))).toBe(true);
    await agent.get('/api/auth/session').expect(401);
    const { rows } = await db.query(`SELECT id, end_reason FROM sessions WHERE user_id = $1`, [agent.actor.userId]);
    expect(rows.map((r) => r.end_reason)).toEqual(['logout']);
    expect(await auditActions(db, rows[0].id)).toEqual(['session.login', 'session.logout']);
  });

  it('ends a session unused for SESSION_IDLE_HOURS (8 by default), and not before', async () => {
    const agent = await signIn(app, 'agent');
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '7 hours 58 minutes' WHERE user_id = $1`, [agent.actor.userId]);
    await agent.get('/api/auth/session').expect(200);
    // That request counted as use: the idle clock started again.
    const touched = await db.query(`SELECT now() - last_seen_at < interval '1 minute' AS fresh FROM sessions WHERE user_id = $1`, [agent.actor.userId]);
    expect(touched.rows[0].fresh).toBe(true);
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '8 hours 1 minute' WHERE user_id = $1`, [agent.actor.userId]);
    const expired = await agent.get('/api/auth/session').expect(401);
    expect(expired.body.code).toBe('UNAUTHENTICATED');
    const { rows } = await db.query(`SELECT end_reason FROM sessions WHERE user_id = $1`, [agent.actor.userId]);
    expect(rows).toEqual([{ end_reason: 'idle' }]);
    // Ended for good: a fresh last_seen_at does not bring it back.
    await db.query(`UPDATE sessions SET last_seen_at = now() WHERE user_id = $1`, [agent.actor.userId]);
    await agent.get('/api/auth/session').expect(401);
  });

  it('ends a disabled account\'s live session at once and refuses its logins, with the same answer', async () => {
    const agent = await signIn(app, 'agent', 'carla@dnp.gov.co');
    await agent.get('/api/users/agents').expect(200);
    const disabled = await admin.patch(`/api/users/${agent.actor.userId}`).send({ disabled: true }).expect(200);
    expect(disabled.body).toMatchObject({ id: agent.actor.userId, disabled: true, disabledAt: expect.any(String) });
    // Ended in the same transaction as the change, before any request of the agent's.
    const ended = await db.query(`SELECT end_reason FROM sessions WHERE user_id = $1`, [agent.actor.userId]);
    expect(ended.rows).toEqual([{ end_reason: 'user-disabled' }]);
    await agent.get('/api/users/agents').expect(401);
    expect((await login(app, 'carla@dnp.gov.co', agent.password).expect(401)).body).toEqual(INVALID);
    const audit = await db.query(`SELECT actor_email, before, after FROM audit_log WHERE action = 'user.disable' AND subject_id = $1`, [agent.actor.userId]);
    expect(audit.rows).toEqual([{ actor_email: 'jefa@dnp.gov.co', before: { disabled: false }, after: { disabled: true, endedSessions: 1 } }]);
    const listed = (await admin.get('/api/users/agents').expect(200)).body as Array<{ email: string }>;
    expect(listed.map((u) => u.email)).not.toContain('carla@dnp.gov.co');

    await admin.patch(`/api/users/${agent.actor.userId}`).send({ disabled: false }).expect(200);
    await login(app, 'carla@dnp.gov.co', agent.password).expect(200);
  });

  it('applies a new role on the very next request of a live session', async () => {
    const person = await signIn(app, 'agent');
    await person.get('/api/users').expect(403, { statusCode: 403, code: 'FORBIDDEN', message: 'No tiene permiso para esta acción.' });
    const changed = await admin.patch(`/api/users/${person.actor.userId}`).send({ role: 'admin' }).expect(200);
    expect(changed.body.role).toBe('admin');
    await person.get('/api/users').expect(200);
    expect((await person.get('/api/auth/session').expect(200)).body.user.role).toBe('admin');
    await admin.patch(`/api/users/${person.actor.userId}`).send({ role: 'agent' }).expect(200);
    await person.get('/api/users').expect(403);
    const audit = await db.query(`SELECT before, after FROM audit_log WHERE action = 'user.role' AND subject_id = $1 ORDER BY id`, [person.actor.userId]);
    expect(audit.rows).toEqual([
      { before: { role: 'agent' }, after: { role: 'admin' } },
      { before: { role: 'admin' }, after: { role: 'agent' } },
    ]);
  });

  it('lets supervisors read the accounts and only admins create and change them', async () => {
    const supervisor = await signIn(app, 'supervisor');
    await supervisor.get('/api/users').expect(200);
    await supervisor.post('/api/users').send({ email: 'x@dnp.gov.co', name: 'X', role: 'admin', password: 'una contraseña larga' }).expect(403);
    await supervisor.patch(`/api/users/${supervisor.actor.userId}`).send({ role: 'admin' }).expect(403);

    const created = await admin.post('/api/users').send({ email: 'dora@dnp.gov.co', name: 'Dora', role: 'supervisor', password: 'doce caracteres' }).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'dora@dnp.gov.co',
      name: 'Dora',
      role: 'supervisor',
      disabled: false,
      disabledAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const audit = await db.query(`SELECT actor_email, after FROM audit_log WHERE action = 'user.create' AND subject_id = $1`, [created.body.id]);
    expect(audit.rows).toEqual([{ actor_email: 'jefa@dnp.gov.co', after: { email: 'dora@dnp.gov.co', name: 'Dora', role: 'supervisor' } }]);
    const hash = await db.query(`SELECT password_hash FROM users WHERE id = $1`, [created.body.id]);
    expect(hash.rows[0].password_hash).toMatch(/^\$argon2id\$/);

    const taken = await admin.post('/api/users').send({ email: 'DORA@dnp.gov.co', name: 'Otra', role: 'agent', password: 'doce caracteres' }).expect(409);
    expect(taken.body).toEqual({ statusCode: 409, code: 'USER_EMAIL_TAKEN', message: 'Ya existe una cuenta con el correo dora@dnp.gov.co.' });
    const short = await admin.post('/api/users').send({ email: 'eva@dnp.gov.co', name: 'Eva', role: 'agent', password: 'once letras' }).expect(400);
    expect(short.body.message).toContain('password debe tener al menos 12 caracteres');
    const badRole = await admin.post('/api/users').send({ email: 'eva@dnp.gov.co', name: 'Eva', role: 'root', password: 'doce caracteres' }).expect(400);
    expect(badRole.body.message).toContain('role debe ser uno de: agent, supervisor, admin');
    await admin.patch(`/api/users/${created.body.id}`).send({ passwordHash: 'x' }).expect(400);
    await admin.patch('/api/users/999999').send({ name: 'Nadie' }).expect(404);
    await admin.patch('/api/users/abc').send({ name: 'Nadie' }).expect(404);

    const renamed = await admin.patch(`/api/users/${created.body.id}`).send({ name: 'Dora Díaz' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Dora Díaz', role: 'supervisor' });

    const all = (await admin.get('/api/users').expect(200)).body as Array<Record<string, unknown>>;
    expect(all.map((u) => u.email)).toContain('dora@dnp.gov.co');
    expect(JSON.stringify(all)).not.toMatch(/argon2|passwordHash/);

    // Everyone may read who tickets can be assigned to, and only that.
    const agents = (await supervisor.get('/api/users/agents').expect(200)).body as Array<Record<string, unknown>>;
    expect(agents.find((u) => u.email === 'dora@dnp.gov.co')).toEqual({ id: created.body.id, name: 'Dora Díaz', email: 'dora@dnp.gov.co', role: 'supervisor' });
  });

  it('limits failed logins per account: the 6th try is refused even with the right password, until the window passes', async () => {
    const victim = await signIn(app, 'agent', 'fabio@dnp.gov.co');
    for (let i = 0; i < 5; i++) await login(app, 'fabio@dnp.gov.co', `intento ${i}`).expect(401);
    const limited = await login(app, 'FABIO@dnp.gov.co', victim.password).expect(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      code: 'LOGIN_RATE_LIMITED',
      message: 'Demasiados intentos fallidos de inicio de sesión. Espere 15 minutos e intente de nuevo.',
      details: { retryAfterSeconds: 900 },
    });
    expect(limited.headers['retry-after']).toBe('900');
    // Another account from the same address is not affected.
    await login(app, 'jefa@dnp.gov.co', admin.password).expect(200);
    const reasons = await db.query(`SELECT reason FROM login_attempts WHERE email = 'fabio@dnp.gov.co' AND NOT succeeded ORDER BY id`);
    expect(reasons.rows.map((r) => r.reason)).toEqual([...Array(5).fill('wrong-password'), 'rate-limited']);
    expect((await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'session.login-failed' AND subject_id = 'fabio@dnp.gov.co'`)).rows[0].n).toBe(6);

    await db.query(`UPDATE login_attempts SET attempted_at = attempted_at - interval '15 minutes' WHERE email = 'fabio@dnp.gov.co'`);
    await login(app, 'fabio@dnp.gov.co', victim.password).expect(200);
  });

  it('holds the account limit against a burst of parallel guesses', async () => {
    await signIn(app, 'agent', 'ines@dnp.gov.co');
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => login(app, 'ines@dnp.gov.co', `en paralelo ${i}`).then((r) => r.status)));
    expect(statuses.sort()).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
  });

  it('restarts an account\'s count at its successful login', async () => {
    const person = await signIn(app, 'agent', 'gloria@dnp.gov.co');
    for (let i = 0; i < 4; i++) await login(app, 'gloria@dnp.gov.co', `intento ${i}`).expect(401);
    await login(app, 'gloria@dnp.gov.co', person.password).expect(200);
    for (let i = 0; i < 4; i++) await login(app, 'gloria@dnp.gov.co', `otro ${i}`).expect(401);
    await login(app, 'gloria@dnp.gov.co', person.password).expect(200);
  });
});

describe('behind a proxy, and the per-address limit', () => {
  it('ignores X-Forwarded-* without TRUST_PROXY: the socket address is limited and the cookie is not Secure', async () => {
    const { app, db } = await startApp('auth_direct', { LOGIN_MAX_FAILURES_PER_ADDRESS: '3' });
    try {
      const admin = await signIn(app, 'admin');
      for (let i = 0; i < 3; i++) await login(app, `spray${i}@dnp.gov.co`, 'adivinanza larga', { 'X-Forwarded-For': `198.51.100.${i}` }).expect(401);
      const limited = await login(app, admin.actor.email, admin.password, { 'X-Forwarded-For': '198.51.100.99' }).expect(429);
      expect(limited.body.code).toBe('LOGIN_RATE_LIMITED');
      const addresses = await db.query(`SELECT DISTINCT address FROM login_attempts`);
      expect(addresses.rows).toEqual([{ address: '127.0.0.1' }]);
      await db.query(`UPDATE login_attempts SET attempted_at = attempted_at - interval '16 minutes'`);
      const https = await login(app, admin.actor.email, admin.password, { 'X-Forwarded-Proto': 'https' }).expect(200);
      expect(setCookies(https).find((c) => c.startsWith('mesa_session='))).not.toMatch(/; Secure/);
    } finally {
      await db.end();
      await app.close();
    }
  });

  it('with TRUST_PROXY, limits per forwarded client address and marks the cookie Secure over HTTPS', async () => {
    const { app, db } = await startApp('auth_proxy', { LOGIN_MAX_FAILURES_PER_ADDRESS: '3', TRUST_PROXY: 'true' });
    try {
      const admin = await signIn(app, 'admin');
      const attacker = { 'X-Forwarded-For': '203.0.113.7' };
      for (let i = 0; i < 3; i++) await login(app, `spray${i}@dnp.gov.co`, 'adivinanza larga', attacker).expect(401);
      // A fourth account, a right password: the address is what is blocked now.
      await login(app, admin.actor.email, admin.password, attacker).expect(429);
      // Someone else, behind the same proxy, signs in.
      const secure = await login(app, admin.actor.email, admin.password, { 'X-Forwarded-For': '203.0.113.8', 'X-Forwarded-Proto': 'https' }).expect(200);
      const cookie = setCookies(secure).find((c) => c.startsWith('mesa_session='))!;
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      const plain = await login(app, admin.actor.email, admin.password, { 'X-Forwarded-For': '203.0.113.8' }).expect(200);
      expect(setCookies(plain).find((c) => c.startsWith('mesa_session='))).not.toMatch(/; Secure/);

      const sessions = await db.query(`SELECT address FROM sessions WHERE user_id = $1 AND ended_at IS NULL`, [admin.actor.userId]);
      expect(sessions.rows.map((r) => r.address).sort()).toEqual(['127.0.0.1', '203.0.113.8', '203.0.113.8']);
      const failed = await db.query(`SELECT after FROM audit_log WHERE action = 'session.login-failed' ORDER BY id DESC LIMIT 1`);
      expect(failed.rows[0].after).toEqual({ email: admin.actor.email, address: '203.0.113.7', reason: 'rate-limited', attemptId: expect.any(String) });

      // The only enabled admin can be neither demoted nor disabled.
      const self = sessionClient(app, sessionCookieOf(secure.headers['set-cookie']), secure.body.csrfToken);
      const last = await self.patch(`/api/users/${admin.actor.userId}`).send({ role: 'agent' }).expect(409);
      expect(last.body.code).toBe('LAST_ADMIN');
      await self.patch(`/api/users/${admin.actor.userId}`).send({ disabled: true }).expect(409);
    } finally {
      await db.end();
      await app.close();
    }
  });
});
