import type { EntityManager } from 'typeorm';
import type { Role, SessionActor, SystemActor } from '../auth/auth.types';
import { recordAudit } from '../audit/audit-log';
import { hashPassword, passwordProblem } from '../auth/password-hashing';
import { ApiError, badRequest, conflict } from '../common/errors/api-error';
import { User } from './user.entity';

/**
 * Account changes as plain functions over an EntityManager, so the HTTP service and
 * the `mesa user:*` commands (which run without Nest) share one implementation.
 */

export type AccountActor = Pick<SessionActor, 'userId' | 'email' | 'address'> | SystemActor;

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** Lower-cased and trimmed, as the users table stores addresses. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The name defaults to the address's local part, so `mesa user:create` needs no --name. */
function defaultName(email: string): string {
  return email.split('@')[0];
}

/** A new account; its audit record commits with it. */
export async function createAccount(manager: EntityManager, actor: AccountActor, input: NewAccount): Promise<User> {
  const problem = passwordProblem(input.password);
  if (problem) throw badRequest('PASSWORD_TOO_WEAK', problem);
  const email = normalizeEmail(input.email);
  const name = input.name.trim() || defaultName(email);
  const passwordHash = await hashPassword(input.password);
  return manager.transaction(async (tx) => {
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [email, name, input.role, passwordHash],
    );
    if (rows.length === 0) throw conflict('USER_EMAIL_TAKEN', `Ya existe una cuenta con el correo ${email}.`);
    const id = String(rows[0].id);
    await recordAudit(tx, { actor, action: 'user.create', subjectType: 'user', subjectId: id, after: { email, name, role: input.role } });
    return tx.getRepository(User).findOneByOrFail({ id });
  });
}

export interface AccountChange {
  role?: Role;
  disabled?: boolean;
  name?: string;
}

const notFoundUser = (id: string): ApiError => new ApiError(404, 'USER_NOT_FOUND', `No existe la cuenta ${id}.`);

/**
 * Re-roles, renames, disables or re-enables an account. Disabling ends the account's
 * open sessions in the same transaction, so it is signed out at once. The last enabled
 * admin can be neither disabled nor demoted: nobody could manage accounts after that.
 */
export async function changeAccount(manager: EntityManager, actor: AccountActor, id: string, change: AccountChange): Promise<User> {
  if (!/^\d{1,18}$/.test(id)) throw notFoundUser(id);
  return manager.transaction(async (tx) => {
    // Locking every enabled admin (a handful of rows) serialises changes that could remove the last one.
    await tx.query(`SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`);
    const current = await tx.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!current) throw notFoundUser(id);

    const before = { role: current.role, name: current.name, disabled: current.disabledAt !== null };
    const after = {
      role: change.role ?? before.role,
      name: change.name === undefined ? before.name : change.name.trim(),
      disabled: change.disabled ?? before.disabled,
    };
    if (after.name === '') throw badRequest('VALIDATION_FAILED', 'El nombre no puede quedar vacío.');
    const losesAdmin = before.role === 'admin' && !before.disabled && (after.role !== 'admin' || after.disabled);
    if (losesAdmin) {
      const [{ count }]: Array<{ count: string }> = await tx.query(
        `SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1`,
        [id],
      );
      if (Number(count) === 0) {
        throw conflict('LAST_ADMIN', 'No se puede deshabilitar ni cambiar el rol del único administrador activo; cree otro administrador primero.');
      }
    }
    if (after.role === before.role && after.name === before.name && after.disabled === before.disabled) return current;

    await tx.query(
      `UPDATE users SET role = $2, name = $3,
              disabled_at = CASE WHEN $4::boolean THEN coalesce(disabled_at, now()) ELSE NULL END,
              updated_at = now(), version = version + 1
        WHERE id = $1`,
      [id, after.role, after.name, after.disabled],
    );
    if (after.role !== before.role) {
      await recordAudit(tx, { actor, action: 'user.role', subjectType: 'user', subjectId: id, before: { role: before.role }, after: { role: after.role } });
    }
    if (after.name !== before.name) {
      await recordAudit(tx, { actor, action: 'user.rename', subjectType: 'user', subjectId: id, before: { name: before.name }, after: { name: after.name } });
    }
    if (after.disabled !== before.disabled) {
      let endedSessions = 0;
      if (after.disabled) endedSessions = await endUserSessions(tx, id, 'user-disabled');
      await recordAudit(tx, {
        actor,
        action: after.disabled ? 'user.disable' : 'user.enable',
        subjectType: 'user',
        subjectId: id,
        before: { disabled: before.disabled },
        after: after.disabled ? { disabled: true, endedSessions } : { disabled: false },
      });
    }
    return tx.getRepository(User).findOneByOrFail({ id });
  });
}

/** Ends every open session of an account; returns how many. */
export async function endUserSessions(manager: EntityManager, userId: string, reason: string): Promise<number> {
  // TypeORM answers an UPDATE with [rows, affected count].
  const [, count]: [unknown[], number] = await manager.query(
    `UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE user_id = $1 AND ended_at IS NULL`,
    [userId, reason],
  );
  return count;
}

/** Every account, for admins and `mesa user:list`. */
/** Sets a new password (checked like a new account's) and ends the account's sessions; audited, never the password itself. */
export async function resetPassword(manager: EntityManager, actor: AccountActor, email: string, password: string): Promise<User> {
  const problem = passwordProblem(password);
  if (problem) throw badRequest('WEAK_PASSWORD', problem);
  const hash = await hashPassword(password);
  return manager.transaction(async (tx) => {
    const user = await tx.getRepository(User).findOneBy({ email: normalizeEmail(email) });
    if (!user) throw notFoundUser(normalizeEmail(email));
    await tx.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [user.id, hash]);
    await endUserSessions(tx, user.id, 'password-reset');
    await recordAudit(tx, { actor, action: 'user.password', subjectType: 'user', subjectId: user.id });
    return user;
  });
}

export function listAccounts(manager: EntityManager): Promise<User[]> {
  return manager.getRepository(User).find({ order: { id: 'ASC' } });
}
