import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ticket work: who has the ticket, merges, and internal notes.
 *
 * tickets
 * - assignee_user_id: the account working the ticket (null: unassigned). Set by `take` / `assign`.
 * - merged_into_ticket_id, merged_at: set on a ticket merged into another (the survivor). A merged
 *   ticket is closed, keeps no articles (they move to the survivor) and refuses actions. The pointer
 *   is always one hop: when a survivor is itself merged later, tickets pointing at it are repointed.
 *
 * ticket_events (created by 1732800000000, reused here rather than adding a second table): everything
 * the conversation shows besides mail, oldest first by (created_at, id). Never mailed.
 * - kind: 'note' (internal note, text in `body`), 'assigned', 'status-changed', 'category-changed',
 *   'entity-changed', 'tags-changed', 'merged-into' (on the merged ticket), 'merged-from' (on the
 *   survivor), 'request-incomplete', 'legal-term-extended', 'legal-kind-changed', and the system's
 *   own: 'queue-moved' (intake, cutover), 'mail-failed' (outbound), 'mail-bounced' (intake).
 * - actor: who, as shown: the account's e-mail for people; 'intake', 'cutover', 'outbound' or
 *   'sistema' for the service itself.
 * - actor_user_id (new): the account, when a person acted (null for the service).
 * - body (new): the text of a note (plain text, up to 20 000 characters); null for other kinds.
 * - detail: kind-specific data, e.g. {from, to} for changes, {into, intoReference} for merges,
 *   {assignee: {id, email, name} | null, previous} for assignments, {added, removed, tags} for tags.
 * The append-only audit_log (1733100000000) keeps the formal who/what/before/after/address record;
 * ticket_events is what agents read in the ticket.
 */
export class TicketWork1733200000000 implements MigrationInterface {
  name = 'TicketWork1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tickets
        ADD COLUMN assignee_user_id bigint REFERENCES users (id),
        ADD COLUMN merged_into_ticket_id bigint REFERENCES tickets (id),
        ADD COLUMN merged_at timestamptz,
        ADD CONSTRAINT tickets_not_merged_into_itself CHECK (merged_into_ticket_id <> id),
        ADD CONSTRAINT tickets_merged_at_with_pointer CHECK ((merged_into_ticket_id IS NULL) = (merged_at IS NULL))`);
    // Finds the tickets merged into a survivor (its detail lists them; a later merge repoints them).
    await queryRunner.query(`CREATE INDEX tickets_merged_into_idx ON tickets (merged_into_ticket_id) WHERE merged_into_ticket_id IS NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE ticket_events
        ADD COLUMN actor_user_id bigint REFERENCES users (id),
        ADD COLUMN body text,
        ADD CONSTRAINT ticket_events_note_has_body CHECK (kind <> 'note' OR (body IS NOT NULL AND length(body) <= 20000))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM ticket_events WHERE kind = 'note'`);
    await queryRunner.query(`
      ALTER TABLE ticket_events DROP CONSTRAINT ticket_events_note_has_body, DROP COLUMN body, DROP COLUMN actor_user_id`);
    await queryRunner.query(`DROP INDEX tickets_merged_into_idx`);
    await queryRunner.query(`
      ALTER TABLE tickets
        DROP CONSTRAINT tickets_merged_at_with_pointer, DROP CONSTRAINT tickets_not_merged_into_itself,
        DROP COLUMN merged_at, DROP COLUMN merged_into_ticket_id, DROP COLUMN assignee_user_id`);
  }
}
