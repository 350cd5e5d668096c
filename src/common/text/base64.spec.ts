import { randomBytes } from 'crypto';
import { isPaddedBase64 } from './base64';

describe('isPaddedBase64', () => {
  it.each([
    ['', true],
    ['QQ==', true],
    ['QUI=', true],
    ['QUJD', true],
    ['a+/9', true],
    ['QQ=', false],
    ['Q===', false],
    ['QQ==QUJD', false],
    ['esto no es base64!', false],
    ['QUJ-', false],
    ['QUJ_', false],
    ['QUJ\n', false],
  ])('%j → %s', (text, expected) => {
    expect(isPaddedBase64(text)).toBe(expected);
  });

  it('accepts what Buffer encodes, of any length, and handles megabytes without a regular expression', () => {
    for (const size of [0, 1, 2, 3, 1000, 4 * 1024 * 1024]) expect(isPaddedBase64(randomBytes(size).toString('base64'))).toBe(true);
  });
});
