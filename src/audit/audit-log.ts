import type { EntityManager } from 'typeorm';
import type { SessionActor, SystemActor } from '../auth/auth.types';

/** What the audit log keeps of one change. */
/** Someone not signed in (a failed login): the address typed and where the request came from. */
export interface AnonymousActor {
  userId: null;
  email: string;
  address: string | null;
}

export interface AuditEntry {
  actor: Pick<SessionActor, 'userId' | 'email' | 'address'> | SystemActor | AnonymousActor;
  /** Stable verb, e.g. `ticket.status`, `ticket.merge`, `user.create`, `session.login-failed`. */
  action: string;
  subjectType: 'ticket' | 'user' | 'session';
  subjectId: string;
  /** Set for every ticket change, so the ticket's trail is one indexed query. */
  ticketId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends to audit_log inside the caller's transaction, so the change and its record
 * commit together or not at all. The table refuses UPDATE and DELETE (trigger).
 */
export async function recordAudit(manager: EntityManager, entry: AuditEntry): Promise<void> {
  await manager.query(
    `INSERT INTO audit_log (actor_user_id, actor_email, actor_address, action, subject_type, subject_id, ticket_id, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.actor.userId,
      entry.actor.email,
      entry.actor.address,
      entry.action,
      entry.subjectType,
      entry.subjectId,
      entry.ticketId ?? null,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}

export interface AuditRecord {
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorEmail: string;
  actorAddress: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  ticketId: string | null;
  before: unknown;
  after: unknown;
}

/** A ticket's audit trail, oldest first. */
export async function ticketAuditTrail(manager: EntityManager, ticketId: string): Promise<AuditRecord[]> {
  const rows: Array<Record<string, unknown>> = await manager.query(
    `SELECT id, occurred_at, actor_user_id, actor_email, actor_address, action, subject_type, subject_id, ticket_id, before, after
       FROM audit_log WHERE ticket_id = $1 ORDER BY id`,
    [ticketId],
  );
  return rows.map((row) => ({
    id: String(row.id),
    occurredAt: row.occurred_at as Date,
    actorUserId: row.actor_user_id === null ? null : String(row.actor_user_id),
    actorEmail: row.actor_email as string,
    actorAddress: (row.actor_address as string | null) ?? null,
    action: row.action as string,
    subjectType: row.subject_type as string,
    subjectId: row.subject_id as string,
    ticketId: row.ticket_id === null ? null : String(row.ticket_id),
    before: row.before,
    after: row.after,
  }));
}
