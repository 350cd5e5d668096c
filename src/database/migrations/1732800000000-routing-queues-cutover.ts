import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing, queues and the mailbox cutover: what triage decided for each ticket,
 * the history of agents' recategorizations (to find wrong rules), an audit trail
 * of ticket events, and a record of scheduled runs so the cutover is idempotent.
 */
export class RoutingQueuesCutover1732800000000 implements MigrationInterface {
  name = 'RoutingQueuesCutover1732800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tickets
        ADD COLUMN category text NOT NULL DEFAULT 'unclassified'
          CHECK (category IN ('users', 'tech', 'formulation', 'unclassified')),
        ADD COLUMN matched_rule text,
        ADD COLUMN routing_score real,
        ADD COLUMN routing_rules_version text,
        ADD COLUMN queue_mailbox text,
        ADD COLUMN reply_from text,
        ADD COLUMN institutional_sender boolean NOT NULL DEFAULT false,
        ADD COLUMN entity_kind text CHECK (entity_kind IN ('department', 'municipality')),
        ADD COLUMN entity_code text,
        ADD COLUMN entity_name text,
        ADD COLUMN entity_department_code text,
        ADD COLUMN entity_department_name text,
        ADD COLUMN entity_evidence text,
        ADD COLUMN acknowledge boolean NOT NULL DEFAULT false,
        ADD COLUMN acknowledgement_skipped text
          CHECK (acknowledgement_skipped IN ('reply', 'auto-generated', 'no-sender', 'own-address', 'rate-limited')),
        ADD COLUMN kpt_notice text CHECK (kpt_notice IN ('kpt-retired', 'kpt-report-deadline')),
        ADD COLUMN tags text[] NOT NULL DEFAULT '{}'`);
    // Tickets from before routing existed keep the mailbox they arrived at as their queue.
    await queryRunner.query(`UPDATE tickets SET queue_mailbox = mailbox_address, reply_from = mailbox_address`);
    await queryRunner.query(`ALTER TABLE tickets ALTER COLUMN queue_mailbox SET NOT NULL, ALTER COLUMN reply_from SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX tickets_queue_status_idx ON tickets (queue_mailbox, status)`);
    await queryRunner.query(`CREATE INDEX tickets_category_idx ON tickets (category, received_at)`);
    await queryRunner.query(`CREATE INDEX tickets_entity_department_idx ON tickets (entity_department_code)`);
    // Loop detection counts recent acknowledgements per sender.
    await queryRunner.query(`CREATE INDEX tickets_acknowledged_sender_idx ON tickets (lower(requester_address), received_at) WHERE acknowledge`);
    await queryRunner.query(`
      CREATE TABLE ticket_category_changes (
        id bigserial PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        from_category text NOT NULL,
        to_category text NOT NULL,
        matched_rule text,
        rules_version text,
        changed_by text NOT NULL,
        reason text,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ticket_category_changes_ticket_idx ON ticket_category_changes (ticket_id, changed_at)`);
    await queryRunner.query(`CREATE INDEX ticket_category_changes_rule_idx ON ticket_category_changes (matched_rule)`);
    await queryRunner.query(`
      CREATE TABLE ticket_events (
        id bigserial PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        kind text NOT NULL,
        actor text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, created_at)`);
    await queryRunner.query(`CREATE INDEX ticket_events_kind_idx ON ticket_events (kind, created_at)`);
    await queryRunner.query(`
      CREATE TABLE scheduled_runs (
        name text PRIMARY KEY,
        first_run_at timestamptz NOT NULL,
        last_run_at timestamptz NOT NULL,
        runs integer NOT NULL DEFAULT 1,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE scheduled_runs`);
    await queryRunner.query(`DROP TABLE ticket_events`);
    await queryRunner.query(`DROP TABLE ticket_category_changes`);
    await queryRunner.query(`DROP INDEX tickets_acknowledged_sender_idx`);
    await queryRunner.query(`DROP INDEX tickets_entity_department_idx`);
    await queryRunner.query(`DROP INDEX tickets_category_idx`);
    await queryRunner.query(`DROP INDEX tickets_queue_status_idx`);
    await queryRunner.query(`
      ALTER TABLE tickets
        DROP COLUMN category, DROP COLUMN matched_rule, DROP COLUMN routing_score, DROP COLUMN routing_rules_version,
        DROP COLUMN queue_mailbox, DROP COLUMN reply_from, DROP COLUMN institutional_sender, DROP COLUMN entity_kind,
        DROP COLUMN entity_code, DROP COLUMN entity_name, DROP COLUMN entity_department_code,
        DROP COLUMN entity_department_name, DROP COLUMN entity_evidence, DROP COLUMN acknowledge,
        DROP COLUMN acknowledgement_skipped, DROP COLUMN kpt_notice, DROP COLUMN tags`);
  }
}
