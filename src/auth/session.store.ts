import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { Role } from './auth.types';
import { SessionCache, type LiveSession } from './session-cache';
import { SessionChangesListener } from './session-changes.listener';
import { isSessionIdle, newCsrfToken, newSessionToken, sessionIdOf, shouldTouchSession } from './session-token';

export type { LiveSession } from './session-cache';

interface SessionRow {
  id: string;
  csrf_token: string;
  last_seen_at: Date;
  db_now: Date;
  user_id: string;
  email: string;
  name: string;
  role: Role;
  disabled_at: Date | null;
}

export type SessionEndReason = 'logout' | 'idle' | 'user-disabled' | 'replaced';

/**
 * Server-side sessions (table `sessions`); the cookie holds a token whose SHA-256 is the row's id.
 *
 * Every request needs its session, and reading it was a database round trip per request.
 * Sessions already checked are kept in a SessionCache that the session_changes triggers
 * keep exact (see SessionChangesListener): a logout, a disabled account or a new role
 * still applies to the very next request, from whichever process made the change.
 */
@Injectable()
export class SessionStore implements OnModuleDestroy {
  private readonly cache = new SessionCache();
  private readonly changes: SessionChangesListener;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.changes = new SessionChangesListener(
      () => new Client({ connectionString: config.databaseUrl, application_name: 'mesa-session-changes', keepAlive: true }),
      this.cache,
    );
  }

  /** Resolves once the cache is in use (tests). */
  whenCaching(): Promise<void> {
    return this.changes.whenListening();
  }

  async onModuleDestroy(): Promise<void> {
    await this.changes.stop();
  }

  /** Opens a session inside the caller's transaction; the token goes in the cookie and nowhere else. */
  async open(manager: EntityManager, userId: string, address: string | null, userAgent: string | null): Promise<{ token: string; id: string; csrfToken: string }> {
    const token = newSessionToken();
    const id = sessionIdOf(token);
    const csrfToken = newCsrfToken();
    await manager.query(`INSERT INTO sessions (id, user_id, csrf_token, address, user_agent) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      userId,
      csrfToken,
      address,
      userAgent === null ? null : userAgent.slice(0, 500),
    ]);
    return { token, id, csrfToken };
  }

  /**
   * The live session behind a cookie token, or null. A session idle past the limit, or
   * whose account is disabled, is ended here, so it stays ended even if settings change.
   * Times are compared on the database clock, the one that wrote last_seen_at.
   */
  async authenticate(token: string, idleHours: number): Promise<LiveSession | null> {
    const id = sessionIdOf(token);
    return (await this.fromCache(id, idleHours)) ?? this.fromDatabase(id, idleHours);
  }

  /** A cached session still valid now; null sends the request to the database (miss, not listening, or looks idle). */
  private async fromCache(id: string, idleHours: number): Promise<LiveSession | null> {
    if (!this.cache.get(id)) {
      this.changes.start();
      return null;
    }
    if (!(await this.changes.sync())) return null;
    // Read again: the sync may have brought the invalidation of this very entry.
    const entry = this.cache.get(id);
    if (!entry) return null;
    const dbNow = this.cache.dbNowOf(entry);
    // Ending a session is the database path's job, on the database's own clock.
    if (isSessionIdle(new Date(entry.lastSeenAt), new Date(dbNow), idleHours)) return null;
    if (shouldTouchSession(new Date(entry.lastSeenAt), new Date(dbNow))) {
      // Marked first, so the other requests arriving meanwhile do not touch it too.
      this.cache.touched(id, dbNow);
      await this.touch(id);
    }
    return entry.session;
  }

  private async fromDatabase(id: string, idleHours: number): Promise<LiveSession | null> {
    const since = this.changes.live ? this.cache.begin() : null;
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT s.id, s.csrf_token, s.last_seen_at, now() AS db_now, u.id AS user_id, u.email, u.name, u.role, u.disabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.ended_at IS NULL`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.disabled_at !== null) {
      await this.end(row.id, 'user-disabled');
      return null;
    }
    if (isSessionIdle(row.last_seen_at, row.db_now, idleHours)) {
      await this.end(row.id, 'idle');
      return null;
    }
    let lastSeenAt = row.last_seen_at.getTime();
    if (shouldTouchSession(row.last_seen_at, row.db_now)) lastSeenAt = (await this.touch(row.id)) ?? lastSeenAt;
    const session: LiveSession = { id: row.id, csrfToken: row.csrf_token, userId: String(row.user_id), email: row.email, name: row.name, role: row.role };
    if (since !== null && this.changes.live) this.cache.put({ session, lastSeenAt, dbNow: row.db_now.getTime() }, since);
    return session;
  }

  /** Restarts the idle clock; returns the new last_seen_at (ms), or null when the session has just ended. */
  private async touch(id: string): Promise<number | null> {
    // TypeORM answers an UPDATE with [rows, affected count], RETURNING or not.
    const [rows]: [Array<{ last_seen_at: Date }>, number] = await this.dataSource.query(
      `UPDATE sessions SET last_seen_at = now() WHERE id = $1 AND ended_at IS NULL RETURNING last_seen_at`,
      [id],
    );
    const touched = rows[0]?.last_seen_at.getTime() ?? null;
    if (touched !== null) this.cache.touched(id, touched);
    return touched;
  }

  async csrfTokenOf(id: string): Promise<string> {
    // The token never changes during a session, and the guard has just checked the session.
    const cached = this.cache.get(id);
    if (cached) return cached.session.csrfToken;
    const rows: Array<{ csrf_token: string }> = await this.dataSource.query(`SELECT csrf_token FROM sessions WHERE id = $1`, [id]);
    return rows[0]?.csrf_token ?? '';
  }

  endByToken(token: string, reason: SessionEndReason, manager?: EntityManager): Promise<boolean> {
    return this.end(sessionIdOf(token), reason, manager);
  }

  /** Ends a session; true when it was still open. */
  async end(id: string, reason: SessionEndReason, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query(
      `UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL`,
      [id, reason],
    );
    // The trigger's NOTIFY would do it too, a moment after the commit; this process need not wait for it.
    this.cache.invalidate(`s:${id}`);
    return count > 0;
  }
}
