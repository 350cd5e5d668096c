/** How many failed logins the window holds, counted by the account tried and by the client address. */
export interface RecentFailures {
  account: number;
  address: number;
}

export interface LoginLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
}

export type LoginLimitDecision = { allowed: true } | { allowed: false; exceeded: 'account' | 'address' };

/**
 * A login is refused before its password is checked once either count has reached its
 * limit: the account limit stops guessing one password, the address limit stops one
 * client spraying many accounts.
 */
export function decideLoginLimit(failures: RecentFailures, limits: LoginLimits): LoginLimitDecision {
  if (failures.account >= limits.maxFailuresPerAccount) return { allowed: false, exceeded: 'account' };
  if (failures.address >= limits.maxFailuresPerAddress) return { allowed: false, exceeded: 'address' };
  return { allowed: true };
}
