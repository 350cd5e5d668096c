import { randomBytes, randomUUID } from 'crypto';
import { INestApplication } from '@nestjs/common';
import request, { Test } from 'supertest';
import { SYSTEM_ACTOR, type Role } from '../../src/auth/auth.types';
import { UsersService } from '../../src/users/users.service';

/** A signed-in client for HTTP tests: every request carries the session cookie and the CSRF header. */
export interface TestSession {
  actor: { userId: string; email: string; role: Role };
  /** `mesa_session=…`, ready for a Cookie header. */
  cookie: string;
  csrfToken: string;
  password: string;
  get(url: string): Test;
  post(url: string): Test;
  put(url: string): Test;
  patch(url: string): Test;
  delete(url: string): Test;
}

/** Passwords of the accounts each app's tests created, so signing in twice as the same address works. */
const passwords = new WeakMap<INestApplication, Map<string, string>>();

/** The `mesa_session=…` pair from a login response's Set-Cookie. */
export function sessionCookieOf(setCookie: string[] | string | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = list.find((c) => c.startsWith('mesa_session='));
  if (!found) throw new Error(`el inicio de sesión no devolvió la cookie mesa_session (Set-Cookie: ${JSON.stringify(setCookie)})`);
  return found.split(';')[0];
}

/** A client for an existing cookie and CSRF token. */
export function sessionClient(app: INestApplication, cookie: string, csrfToken: string): Pick<TestSession, 'get' | 'post' | 'put' | 'patch' | 'delete'> {
  const http = () => request(app.getHttpServer());
  return {
    get: (url) => http().get(url).set('Cookie', cookie),
    post: (url) => http().post(url).set('Cookie', cookie).set('X-CSRF-Token', csrfToken),
    put: (url) => http().put(url).set('Cookie', cookie).set('X-CSRF-Token', csrfToken),
    patch: (url) => http().patch(url).set('Cookie', cookie).set('X-CSRF-Token', csrfToken),
    delete: (url) => http().delete(url).set('Cookie', cookie).set('X-CSRF-Token', csrfToken),
  };
}

/**
 * Creates an account with that role through the app's own UsersService (unless this
 * app's tests already made it) and signs in through POST /api/auth/login.
 */
export async function signIn(app: INestApplication, role: Role, email?: string): Promise<TestSession> {
  const address = (email ?? `${role}-${randomUUID().slice(0, 8)}@dnp.gov.co`).trim().toLowerCase();
  let known = passwords.get(app);
  if (!known) passwords.set(app, (known = new Map()));
  let password = known.get(address);
  if (password === undefined) {
    password = randomBytes(18).toString('base64url');
    await app.get(UsersService).create(SYSTEM_ACTOR, { email: address, name: `Prueba ${role}`, role, password });
    known.set(address, password);
  }
  const response = await request(app.getHttpServer()).post('/api/auth/login').send({ email: address, password });
  if (response.status !== 200) throw new Error(`no se pudo iniciar sesión como ${address}: ${response.status} ${JSON.stringify(response.body)}`);
  const body = response.body as { user: { id: string; email: string; role: Role }; csrfToken: string };
  const cookie = sessionCookieOf(response.headers['set-cookie']);
  return {
    actor: { userId: body.user.id, email: body.user.email, role: body.user.role },
    cookie,
    csrfToken: body.csrfToken,
    password,
    ...sessionClient(app, cookie, body.csrfToken),
  };
}
