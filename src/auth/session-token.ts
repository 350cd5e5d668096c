import { createHash, randomBytes, timingSafeEqual } from 'crypto';

export const SESSION_COOKIE = 'mesa_session';
export const CSRF_HEADER = 'x-csrf-token';

/** 256 random bits, URL-safe: the cookie's value. Only its SHA-256 is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The sessions table's id for a cookie token. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** GET, HEAD and OPTIONS read; everything else changes state and needs the CSRF header. */
export function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/**
 * Compares the header to the session's token in constant time. Both are hashed first
 * so lengths match (timingSafeEqual throws otherwise) and the length leaks nothing.
 */
export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given === '' || expected === '') return false;
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** Whether a session unused since `lastSeenAt` has outlived the idle limit at `now` (both from the database clock). */
export function isSessionIdle(lastSeenAt: Date, now: Date, idleHours: number): boolean {
  return now.getTime() - lastSeenAt.getTime() >= idleHours * 3_600_000;
}

/**
 * last_seen_at is refreshed at most once a minute: a write per request would cost more
 * than the idle limit's precision is worth.
 */
export function shouldTouchSession(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= 60_000;
}
