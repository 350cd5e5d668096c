import { decideLoginLimit } from './login-rate-limit';

describe('decideLoginLimit', () => {
  const limits = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20 };

  it('allows a login below both limits', () => {
    expect(decideLoginLimit({ account: 4, address: 19 }, limits)).toEqual({ allowed: true });
    expect(decideLoginLimit({ account: 0, address: 0 }, limits)).toEqual({ allowed: true });
  });

  it('refuses once the account has reached its limit, whatever the address', () => {
    expect(decideLoginLimit({ account: 5, address: 0 }, limits)).toEqual({ allowed: false, exceeded: 'account' });
    expect(decideLoginLimit({ account: 9, address: 25 }, limits)).toEqual({ allowed: false, exceeded: 'account' });
  });

  it('refuses once the address has reached its limit, for every account', () => {
    expect(decideLoginLimit({ account: 0, address: 20 }, limits)).toEqual({ allowed: false, exceeded: 'address' });
  });

  it('follows the configured limits', () => {
    expect(decideLoginLimit({ account: 1, address: 0 }, { maxFailuresPerAccount: 1, maxFailuresPerAddress: 3 })).toEqual({ allowed: false, exceeded: 'account' });
  });
});
