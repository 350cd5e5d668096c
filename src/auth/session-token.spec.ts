import { createHash } from 'crypto';
import { csrfTokenMatches, isSessionIdle, isStateChanging, newCsrfToken, newSessionToken, sessionIdOf, shouldTouchSession } from './session-token';

describe('session tokens', () => {
  it('are 256 random URL-safe bits, stored as their SHA-256', () => {
    const token = newSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSessionToken()).not.toBe(token);
    expect(sessionIdOf(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(sessionIdOf(token)).not.toContain(token);
  });
});

describe('csrfTokenMatches', () => {
  const token = newCsrfToken();

  it('accepts the exact token', () => {
    expect(csrfTokenMatches(token, token)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['another token', newCsrfToken()],
    ['one character more', `${token}a`],
    ['a prefix', token.slice(0, 10)],
    ['other case', token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()],
    ['repeated headers', [token, token]],
  ])('refuses %s', (_label, given) => {
    expect(csrfTokenMatches(token, given)).toBe(false);
  });

  it('refuses everything when the session has no token', () => {
    expect(csrfTokenMatches('', '')).toBe(false);
  });
});

describe('isStateChanging', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])('%s needs the CSRF header', (method) => expect(isStateChanging(method)).toBe(true));
  it.each(['GET', 'HEAD', 'OPTIONS'])('%s does not', (method) => expect(isStateChanging(method)).toBe(false));
});

describe('idle expiry', () => {
  const lastSeen = new Date('2026-03-02T13:00:00Z');

  it('keeps a session used within the idle limit and ends it at the limit', () => {
    expect(isSessionIdle(lastSeen, new Date('2026-03-02T20:59:59.999Z'), 8)).toBe(false);
    expect(isSessionIdle(lastSeen, new Date('2026-03-02T21:00:00Z'), 8)).toBe(true);
    expect(isSessionIdle(lastSeen, new Date('2026-03-02T14:00:00Z'), 1)).toBe(true);
  });

  it('refreshes last use at most once a minute', () => {
    expect(shouldTouchSession(lastSeen, new Date('2026-03-02T13:00:59Z'))).toBe(false);
    expect(shouldTouchSession(lastSeen, new Date('2026-03-02T13:01:00Z'))).toBe(true);
  });
});
