import { backoffDelay, chunk, planSync, uidsToFetch } from './sync-plan';

describe('planSync', () => {
  it.each([
    ['starts at UID 1 on a folder never seen', null, 7n, { fromUid: 1, uidValidityChanged: false }],
    ['resumes after the last committed UID', { uidValidity: 7n, lastUid: 41 }, 7n, { fromUid: 42, uidValidityChanged: false }],
    ['starts over when UIDVALIDITY changed', { uidValidity: 7n, lastUid: 41 }, 8n, { fromUid: 1, uidValidityChanged: true }],
    ['compares UIDVALIDITY above 2^31 exactly', { uidValidity: 4294967295n, lastUid: 3 }, 4294967295n, { fromUid: 4, uidValidityChanged: false }],
  ])('%s', (_name, checkpoint, server, expected) => {
    expect(planSync(checkpoint, server)).toEqual(expected);
  });
});

describe('uidsToFetch', () => {
  it('drops the highest UID that `n:*` returns when nothing is new', () => {
    expect(uidsToFetch([40], 42)).toEqual([]);
  });
  it('sorts and keeps UIDs from the start on', () => {
    expect(uidsToFetch([45, 42, 3, 43], 42)).toEqual([42, 43, 45]);
  });
});

describe('backoffDelay', () => {
  it.each([
    [0, 0, 500],
    [0, 0.999999, 500],
    [3, 1, 4000],
    [10, 1, 60000],
    [100, 1, 60000],
    [3, 0, 500],
  ])('attempt %d with random %d waits %d ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, 500, 60000, () => random)).toBe(expected);
  });
});

describe('chunk', () => {
  it('splits into batches of at most the given size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });
});
