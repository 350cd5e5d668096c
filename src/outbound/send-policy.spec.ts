import { classifySendError, retryDelayMs } from './send-policy';

describe('retryDelayMs', () => {
  it.each([
    [1, 30000],
    [2, 60000],
    [5, 480000],
    [30, 6 * 3600 * 1000],
  ])('attempt %i waits %i ms', (attempt, expected) => {
    expect(retryDelayMs(attempt, 30000)).toBe(expected);
  });
});

describe('classifySendError', () => {
  it.each<[string, unknown, boolean]>([
    ['550 unknown mailbox', Object.assign(new Error('x'), { responseCode: 550, response: '550 5.1.1 no existe' }), true],
    ['554 rejected content', Object.assign(new Error('x'), { responseCode: 554, response: '554 rechazado' }), true],
    ['451 try later', Object.assign(new Error('x'), { responseCode: 451, response: '451 4.3.0 intente luego' }), false],
    ['421 closing', Object.assign(new Error('x'), { responseCode: 421, response: '421 busy' }), false],
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }), false],
    ['not an error', 'boom', false],
  ])('%s', (_label, error, permanent) => {
    expect(classifySendError(error).permanent).toBe(permanent);
  });

  it.each<[string, unknown, boolean]>([
    ['a connection lost with no answer', Object.assign(new Error('Connection closed'), { code: 'ECONNECTION' }), true],
    ['a timeout', Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT' }), true],
    ['a 451 answer', Object.assign(new Error('x'), { responseCode: 451, code: 'EMESSAGE', response: '451' }), false],
    ['a refused connection before anything was sent', Object.assign(new Error('x'), { code: 'EDNS' }), false],
  ])('%s may have been delivered: %s', (_label, error, maybe) => {
    expect(classifySendError(error).maybeDelivered).toBe(maybe);
  });

  it('keeps the server answer as the description', () => {
    expect(classifySendError(Object.assign(new Error('x'), { responseCode: 550, response: '550 5.1.1 no existe' })).description).toBe('550 5.1.1 no existe');
  });
});
