import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from './auth.types';
import { isSessionIdle, newCsrfToken, newSessionToken, sessionIdOf, shouldTouchSession } from './session-token';

/** A live session and its account, as the guard needs them on every request. */
export interface LiveSession {
  id: string;
  csrfToken: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
}

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

/** Server-side sessions (table `sessions`); the cookie holds a token whose SHA-256 is the row's id. */
@Injectable()
export class SessionStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT s.id, s.csrf_token, s.last_seen_at, now() AS db_now, u.id AS user_id, u.email, u.name, u.role, u.disabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.ended_at IS NULL`,
      [sessionIdOf(token)],
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
    if (shouldTouchSession(row.last_seen_at, row.db_now)) {
      await this.dataSource.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1 AND ended_at IS NULL`, [row.id]);
    }
    return { id: row.id, csrfToken: row.csrf_token, userId: String(row.user_id), email: row.email, name: row.name, role: row.role };
  }

  async csrfTokenOf(id: string): Promise<string> {
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
    return count > 0;
  }
}
