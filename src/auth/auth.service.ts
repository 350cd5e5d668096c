import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { ApiError } from '../common/errors/api-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { normalizeEmail } from '../users/user-accounts';
import { UsersService } from '../users/users.service';
import { SessionActor } from './auth.types';
import { SessionView } from './dto/session.view';
import { LoginAttemptsStore, LoginFailureReason, PENDING_ATTEMPT } from './login-attempts.store';
import { decideLoginLimit } from './login-rate-limit';
import { verifyPassword } from './password-hashing';
import { SessionStore } from './session.store';

export interface LoginRequest {
  email: string;
  password: string;
  address: string | null;
  userAgent: string | null;
  /** Token of a session the browser still holds; replaced by the new one. */
  previousToken: string | null;
}

/** One message for an unknown address, a wrong password and a disabled account: no account enumeration. */
const invalidCredentials = (): ApiError => new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'Correo o contraseña incorrectos.');

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionStore,
    private readonly attempts: LoginAttemptsStore,
  ) {}

  async login(request: LoginRequest): Promise<SessionView & { token: string }> {
    const email = normalizeEmail(request.email);
    const { maxFailuresPerAccount, maxFailuresPerAddress, failureWindowMinutes } = this.config.auth;

    // Count and reserve under a lock, then verify outside it: the lock is held for a couple of
    // queries, never through argon2, so a burst of logins cannot tie up the connection pool.
    const reserved = await this.dataSource.transaction(async (tx): Promise<{ attemptId: string } | { exceeded: 'account' | 'address' }> => {
      await this.attempts.lockFor(tx, email, request.address);
      const failures = await this.attempts.recentFailures(tx, email, request.address, failureWindowMinutes);
      const decision = decideLoginLimit(failures, { maxFailuresPerAccount, maxFailuresPerAddress });
      if (!decision.allowed) {
        const id = await this.attempts.record(tx, { email, address: request.address, succeeded: false, reason: 'rate-limited' });
        await this.auditFailure(tx, email, request.address, 'rate-limited', id);
        return { exceeded: decision.exceeded };
      }
      return { attemptId: await this.attempts.record(tx, { email, address: request.address, succeeded: false, reason: PENDING_ATTEMPT }) };
    });
    if ('exceeded' in reserved) {
      this.logger.warn(`Inicio de sesión bloqueado por límite de intentos (${reserved.exceeded === 'account' ? 'cuenta' : 'dirección'}) desde ${request.address ?? '?'}`);
      throw new ApiError(
        HttpStatus.TOO_MANY_REQUESTS,
        'LOGIN_RATE_LIMITED',
        `Demasiados intentos fallidos de inicio de sesión. Espere ${failureWindowMinutes} minutos e intente de nuevo.`,
        { retryAfterSeconds: failureWindowMinutes * 60 },
      );
    }
    const { attemptId } = reserved;

    const account = await this.users.findCredentials(email);
    // Always one argon2 verification, with or without an account: same time either way.
    const passwordOk = await verifyPassword(account?.passwordHash ?? null, request.password);
    const failure: LoginFailureReason | null = !account ? 'unknown-account' : !passwordOk ? 'wrong-password' : account.disabled ? 'disabled' : null;
    if (failure || !account) {
      await this.dataSource.transaction(async (tx) => {
        await this.attempts.settle(tx, attemptId, false, failure ?? 'unknown-account');
        await this.auditFailure(tx, email, request.address, failure ?? 'unknown-account', attemptId);
      });
      throw invalidCredentials();
    }

    const session = await this.dataSource.transaction(async (tx) => {
      if (request.previousToken) await this.sessions.endByToken(request.previousToken, 'replaced', tx);
      const opened = await this.sessions.open(tx, account.id, request.address, request.userAgent);
      await this.attempts.settle(tx, attemptId, true, null);
      await recordAudit(tx, {
        actor: { userId: account.id, email: account.email, address: request.address },
        action: 'session.login',
        subjectType: 'session',
        subjectId: opened.id,
      });
      return opened;
    });
    return {
      token: session.token,
      csrfToken: session.csrfToken,
      user: { id: account.id, email: account.email, name: account.name, role: account.role },
    };
  }

  async logout(actor: SessionActor): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      if (await this.sessions.end(actor.sessionId, 'logout', tx)) {
        await recordAudit(tx, { actor, action: 'session.logout', subjectType: 'session', subjectId: actor.sessionId });
      }
    });
  }

  /**
   * Recorded in the attempt's transaction. Nobody is signed in, so the service is the actor;
   * the address typed is the subject and, with the client address and the reason, the content.
   */
  private async auditFailure(manager: EntityManager, email: string, address: string | null, reason: LoginFailureReason, attemptId: string): Promise<void> {
    await recordAudit(manager, {
      actor: { userId: null, email, address },
      action: 'session.login-failed',
      subjectType: 'session',
      subjectId: email,
      after: { email, address, reason, attemptId },
    });
  }
}
