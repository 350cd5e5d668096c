import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `status IN ('new', 'open', 'waiting')`;
const DUE_KEY = `(COALESCE(sla_next_due, 'infinity'::timestamptz))`;

/**
 * Live updates and the agents' lists.
 *
 * - tickets.sla_next_due: the earliest due time among the clocks that still run
 *   (null when none runs or a pause holds them). Queue lists sort by it, so it is
 *   stored and indexed rather than computed per request. A clock is stopped by
 *   the same events compute-sla.ts reads: first response by the first answer or
 *   resolution, resolution by a resolution not followed by a reopening, the legal
 *   term by the first resolution. `met` alone cannot tell a running overdue clock
 *   (false) from one stopped late (also false). A trigger keeps the column right
 *   whenever recomputeSla (or anything else) writes the SLA columns, so no caller
 *   has to remember it.
 * - A NOTIFY on every change of a ticket, from any process (intake worker, API,
 *   cutover, SLA jobs), for the server-sent events stream. A move between queues
 *   also names the queue the ticket left, so that queue's list drops it.
 * - The indexes the lists and counts use (each says which request it serves).
 */
export class TicketLiveUpdates1733250000000 implements MigrationInterface {
  name = 'TicketLiveUpdates1733250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tickets ADD COLUMN sla_next_due timestamptz`);
    await queryRunner.query(`
      CREATE FUNCTION tickets_sla_next_due(ticket bigint, first_response_due timestamptz, resolution_due timestamptz, legal_due timestamptz)
      RETURNS timestamptz LANGUAGE sql STABLE AS $$
        SELECT LEAST(
          CASE WHEN NOT EXISTS (SELECT 1 FROM ticket_sla_events e WHERE e.ticket_id = ticket AND e.kind IN ('answered', 'resolved'))
               THEN first_response_due END,
          CASE WHEN (SELECT e.kind FROM ticket_sla_events e WHERE e.ticket_id = ticket AND e.kind IN ('resolved', 'reopened')
                      ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) IS DISTINCT FROM 'resolved'
               THEN resolution_due END,
          CASE WHEN NOT EXISTS (SELECT 1 FROM ticket_sla_events e WHERE e.ticket_id = ticket AND e.kind = 'resolved')
               THEN legal_due END)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION tickets_set_sla_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.sla_next_due := tickets_sla_next_due(NEW.id, NEW.sla_first_response_due, NEW.sla_resolution_due, NEW.sla_legal_due);
        RETURN NEW;
      END $$`);
    // Fires only when a statement writes the SLA columns (recomputeSla writes all of them every time).
    await queryRunner.query(`
      CREATE TRIGGER tickets_sla_next_due BEFORE INSERT OR UPDATE OF
        sla_computed_at, sla_first_response_due, sla_resolution_due, sla_legal_due,
        sla_first_response_met, sla_resolution_met, sla_legal_met
      ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_set_sla_next_due()`);
    await queryRunner.query(`
      UPDATE tickets SET sla_next_due = tickets_sla_next_due(id, sla_first_response_due, sla_resolution_due, sla_legal_due)
       WHERE sla_first_response_due IS NOT NULL OR sla_resolution_due IS NOT NULL OR sla_legal_due IS NOT NULL`);

    await queryRunner.query(`
      CREATE FUNCTION tickets_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('ticket_changes', json_build_object(
          'reference', NEW.reference,
          'queueMailbox', NEW.queue_mailbox,
          'previousQueueMailbox', CASE WHEN TG_OP = 'UPDATE' AND OLD.queue_mailbox IS DISTINCT FROM NEW.queue_mailbox THEN OLD.queue_mailbox END,
          'status', NEW.status,
          'version', NEW.version,
          'kind', TG_OP)::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tickets_notify_change AFTER INSERT OR UPDATE ON tickets
      FOR EACH ROW EXECUTE FUNCTION tickets_notify_change()`);

    // The default list: one queue's open tickets, next due first, keyset on (due key, id).
    // Partial: open tickets are a small share of a million, so the index stays small and cached.
    // It covers the sidebar counts too (status, assignee, pause, due): an index-only scan, no heap visits.
    await queryRunner.query(`
      CREATE INDEX tickets_open_queue_due_idx ON tickets (queue_mailbox, ${DUE_KEY}, id)
      INCLUDE (status, assignee_user_id, sla_paused, sla_next_due) WHERE ${OPEN}`);
    // The same list across every queue, and the "breached" filter (a range: due key <= now).
    await queryRunner.query(`CREATE INDEX tickets_open_due_idx ON tickets (${DUE_KEY}, id) WHERE ${OPEN}`);
    // "Mine": an agent's open tickets by due time, without reading the rest of the queue.
    await queryRunner.query(`CREATE INDEX tickets_open_assignee_due_idx ON tickets (assignee_user_id, ${DUE_KEY}, id) WHERE ${OPEN} AND assignee_user_id IS NOT NULL`);
    // "Unassigned" in a queue: the tickets waiting for someone to take them.
    await queryRunner.query(`CREATE INDEX tickets_open_unassigned_due_idx ON tickets (queue_mailbox, ${DUE_KEY}, id) WHERE ${OPEN} AND assignee_user_id IS NULL`);
    // Newest/oldest and "received between" inside a queue, any status (history), keyset on (received_at, id).
    await queryRunner.query(`CREATE INDEX tickets_queue_received_idx ON tickets (queue_mailbox, received_at, id)`);
    // Newest/oldest across queues; the older (received_at) index has no id to break ties for the cursor.
    await queryRunner.query(`CREATE INDEX tickets_received_id_idx ON tickets (received_at, id)`);
    // Filter by entity (a municipality or department code); the department filter has its index already.
    await queryRunner.query(`CREATE INDEX tickets_entity_code_idx ON tickets (entity_code) WHERE entity_code IS NOT NULL`);
    // Warnings whose deadline is still ahead: the sidebar's "warning" count and filter start here
    // instead of probing sla_alerts once per open ticket; past ones (most of the table) stay out.
    await queryRunner.query(`CREATE INDEX sla_alerts_warning_due_idx ON sla_alerts (due_at, ticket_id) WHERE point = 'warning'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [
      'sla_alerts_warning_due_idx',
      'tickets_entity_code_idx',
      'tickets_received_id_idx',
      'tickets_queue_received_idx',
      'tickets_open_unassigned_due_idx',
      'tickets_open_assignee_due_idx',
      'tickets_open_due_idx',
      'tickets_open_queue_due_idx',
    ]) {
      await queryRunner.query(`DROP INDEX ${index}`);
    }
    await queryRunner.query(`DROP TRIGGER tickets_notify_change ON tickets`);
    await queryRunner.query(`DROP FUNCTION tickets_notify_change()`);
    await queryRunner.query(`DROP TRIGGER tickets_sla_next_due ON tickets`);
    await queryRunner.query(`DROP FUNCTION tickets_set_sla_next_due()`);
    await queryRunner.query(`DROP FUNCTION tickets_sla_next_due(bigint, timestamptz, timestamptz, timestamptz)`);
    await queryRunner.query(`ALTER TABLE tickets DROP COLUMN sla_next_due`);
  }
}
