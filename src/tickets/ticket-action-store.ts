import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../audit/audit-log';
import type { RoutingCategory } from '../routing/routing.types';
import type { TicketStatus } from './entities/ticket.entity';
import { actionRefusal, ticketNotFound, versionConflict } from './ticket-action-guard';

/** Who acts: a signed-in person (from the session) or the service itself (SYSTEM_ACTOR). */
export type TicketActor = AuditEntry['actor'];

/** A ticket locked FOR UPDATE for an action, with what actions read and audit. */
export interface ActionTicket {
  id: string;
  reference: string;
  version: number;
  status: TicketStatus;
  received_at: Date;
  category: RoutingCategory;
  mailbox_address: string;
  matched_rule: string | null;
  routing_rules_version: string | null;
  entity_code: string | null;
  assignee_user_id: string | null;
  tags: string[];
  merged_into_ticket_id: string | null;
}

export const ACTION_TICKET_COLUMNS = `t.id::text AS id, t.reference, t.version, t.status, t.received_at, t.category, t.mailbox_address,
  t.matched_rule, t.routing_rules_version, t.entity_code, t.assignee_user_id::text AS assignee_user_id, t.tags,
  t.merged_into_ticket_id::text AS merged_into_ticket_id`;

/**
 * Locks the ticket for an action inside the caller's transaction and checks it may go
 * ahead: it exists, was not merged away, and (when the client sent one) is still at the
 * version the client saw. Errors are the API's: 404 TICKET_NOT_FOUND, 409 TICKET_MERGED,
 * 409 TICKET_VERSION_CONFLICT.
 */
export async function lockTicketForAction(manager: EntityManager, reference: string, expectedVersion: number | undefined): Promise<ActionTicket> {
  const [row]: Array<ActionTicket & { merged_into_reference: string | null }> = await manager.query(
    `SELECT ${ACTION_TICKET_COLUMNS}, (SELECT s.reference FROM tickets s WHERE s.id = t.merged_into_ticket_id) AS merged_into_reference
     FROM tickets t WHERE t.reference = $1 FOR UPDATE OF t`,
    [reference],
  );
  if (!row) throw ticketNotFound(reference);
  const refusal = actionRefusal({ reference: row.reference, version: row.version, mergedIntoReference: row.merged_into_reference }, expectedVersion);
  if (refusal) throw refusal;
  const { merged_into_reference: _ignored, ...ticket } = row;
  return ticket;
}

/**
 * The one version bump of an action: `version = version + 1 WHERE version = <locked>`.
 * Under the row lock it cannot miss; the condition stays so a writer that skipped the
 * lock still cannot slip a change in unseen. Returns the new version.
 */
export async function bumpTicketVersion(manager: EntityManager, ticket: Pick<ActionTicket, 'id' | 'reference' | 'version'>): Promise<number> {
  const rows: Array<{ version: number }> = await manager.query(
    // In a CTE: TypeORM's query() answers a bare UPDATE with [rows, count], a SELECT with rows.
    `WITH bumped AS (UPDATE tickets SET version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING version)
     SELECT version FROM bumped`,
    [ticket.id, ticket.version],
  );
  if (rows.length === 0) {
    const [current]: Array<{ version: number }> = await manager.query(`SELECT version FROM tickets WHERE id = $1`, [ticket.id]);
    throw versionConflict(ticket.reference, current?.version ?? ticket.version, ticket.version);
  }
  ticket.version = rows[0].version;
  return rows[0].version;
}

/** What the ticket's conversation shows besides mail (see migration 1733200000000 for the kinds). */
export async function recordTicketEvent(
  manager: EntityManager,
  ticketId: string,
  kind: string,
  actor: TicketActor,
  detail: Record<string, unknown>,
  body: string | null = null,
): Promise<void> {
  await manager.query(`INSERT INTO ticket_events (ticket_id, kind, actor, actor_user_id, detail, body) VALUES ($1, $2, $3, $4, $5, $6)`, [
    ticketId,
    kind,
    actor.email,
    actor.userId,
    JSON.stringify(detail),
    body,
  ]);
}
