import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RecentFailures } from './login-rate-limit';

/** Why a login failed, as login_attempts.reason records it. */
export type LoginFailureReason = 'unknown-account' | 'wrong-password' | 'disabled' | 'rate-limited';
/**
 * An attempt still being checked. It counts as a failure from the moment it is recorded,
 * so parallel guesses see each other; one a crash leaves behind ages out with the window.
 */
export const PENDING_ATTEMPT = 'pending';

/** The login_attempts table: every try, kept for the rate limits and the record. */
@Injectable()
export class LoginAttemptsStore {
  /**
   * Failures within the window. Refused (rate-limited) tries do not count, so a lockout ends
   * one window after the failures that caused it; an account's count restarts at its last
   * successful login, the address's does not (many people can share one address, and so can an attacker).
   */
  async recentFailures(manager: EntityManager, email: string, address: string | null, windowMinutes: number): Promise<RecentFailures> {
    const [row]: Array<{ account: string; address: string }> = await manager.query(
      `SELECT
         (SELECT count(*) FROM login_attempts
           WHERE email = $1 AND NOT succeeded AND reason IS DISTINCT FROM 'rate-limited'
             AND attempted_at > now() - make_interval(mins => $3)
             AND attempted_at > coalesce((SELECT max(attempted_at) FROM login_attempts WHERE email = $1 AND succeeded), '-infinity')
         ) AS account,
         (SELECT count(*) FROM login_attempts
           WHERE $2::text IS NOT NULL AND address = $2 AND NOT succeeded AND reason IS DISTINCT FROM 'rate-limited'
             AND attempted_at > now() - make_interval(mins => $3)
         ) AS address`,
      [email, address, windowMinutes],
    );
    return { account: Number(row.account), address: Number(row.address) };
  }

  /**
   * Serialises the count-and-reserve step of logins for this account and this address
   * until the caller's (short) transaction ends, so parallel guesses cannot all read the
   * count before any is recorded. Account lock first, then address, in every caller: the
   * fixed order cannot deadlock.
   */
  async lockFor(manager: EntityManager, email: string, address: string | null): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`mesa-login-account:${email}`]);
    if (address !== null) await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`mesa-login-address:${address}`]);
  }

  async record(manager: EntityManager, attempt: { email: string; address: string | null; succeeded: boolean; reason: LoginFailureReason | typeof PENDING_ATTEMPT | null }): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO login_attempts (email, address, succeeded, reason) VALUES ($1, $2, $3, $4) RETURNING id`,
      [attempt.email, attempt.address, attempt.succeeded, attempt.reason],
    );
    return String(row.id);
  }

  /** The outcome of a pending attempt. */
  async settle(manager: EntityManager, id: string, succeeded: boolean, reason: LoginFailureReason | null): Promise<void> {
    await manager.query(`UPDATE login_attempts SET succeeded = $2, reason = $3 WHERE id = $1`, [id, succeeded, reason]);
  }
}
