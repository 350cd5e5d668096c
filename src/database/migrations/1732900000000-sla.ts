import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA: the clocks' state on each ticket (due, met, margin), the event history the
 * clocks are computed from, and the warnings and breaches recorded (once each).
 */
export class Sla1732900000000 implements MigrationInterface {
  name = 'Sla1732900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tickets
        ADD COLUMN legal_kind text NOT NULL DEFAULT 'petition' CHECK (legal_kind IN ('petition', 'documents', 'consultation')),
        ADD COLUMN sla_clock_start timestamptz,
        ADD COLUMN sla_first_response_due timestamptz,
        ADD COLUMN sla_first_response_met boolean,
        ADD COLUMN sla_first_response_margin_minutes integer,
        ADD COLUMN sla_resolution_due timestamptz,
        ADD COLUMN sla_resolution_met boolean,
        ADD COLUMN sla_resolution_margin_minutes integer,
        ADD COLUMN sla_legal_due timestamptz,
        ADD COLUMN sla_legal_met boolean,
        ADD COLUMN sla_legal_margin_minutes integer,
        ADD COLUMN sla_paused boolean NOT NULL DEFAULT false,
        ADD COLUMN sla_version integer NOT NULL DEFAULT 0,
        ADD COLUMN sla_computed_at timestamptz`);
    await queryRunner.query(`CREATE INDEX tickets_first_response_due_idx ON tickets (sla_first_response_due) WHERE sla_first_response_met IS NULL`);
    await queryRunner.query(`CREATE INDEX tickets_resolution_due_idx ON tickets (sla_resolution_due) WHERE sla_resolution_met IS NULL`);
    await queryRunner.query(`CREATE INDEX tickets_legal_due_idx ON tickets (sla_legal_due) WHERE sla_legal_met IS NULL`);
    await queryRunner.query(`
      CREATE TABLE ticket_sla_events (
        id bigserial PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('waiting', 'incomplete', 'resumed', 'answered', 'resolved', 'reopened', 'extended', 'legal-kind')),
        occurred_at timestamptz NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        actor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ticket_sla_events_ticket_idx ON ticket_sla_events (ticket_id, occurred_at)`);
    await queryRunner.query(`
      CREATE TABLE sla_alerts (
        id bigserial PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        clock text NOT NULL CHECK (clock IN ('firstResponse', 'resolution', 'legal')),
        point text NOT NULL CHECK (point IN ('warning', 'breach')),
        due_at timestamptz NOT NULL,
        fired_at timestamptz NOT NULL DEFAULT now(),
        detected_late boolean NOT NULL DEFAULT false,
        notify_at timestamptz NOT NULL,
        notified_at timestamptz,
        UNIQUE (ticket_id, clock, point, due_at)
      )`);
    await queryRunner.query(`CREATE INDEX sla_alerts_pending_idx ON sla_alerts (notify_at) WHERE notified_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sla_alerts`);
    await queryRunner.query(`DROP TABLE ticket_sla_events`);
    await queryRunner.query(`DROP INDEX tickets_first_response_due_idx`);
    await queryRunner.query(`DROP INDEX tickets_resolution_due_idx`);
    await queryRunner.query(`DROP INDEX tickets_legal_due_idx`);
    await queryRunner.query(`
      ALTER TABLE tickets
        DROP COLUMN legal_kind, DROP COLUMN sla_clock_start, DROP COLUMN sla_first_response_due, DROP COLUMN sla_first_response_met,
        DROP COLUMN sla_first_response_margin_minutes, DROP COLUMN sla_resolution_due, DROP COLUMN sla_resolution_met,
        DROP COLUMN sla_resolution_margin_minutes, DROP COLUMN sla_legal_due, DROP COLUMN sla_legal_met,
        DROP COLUMN sla_legal_margin_minutes, DROP COLUMN sla_paused, DROP COLUMN sla_version, DROP COLUMN sla_computed_at`);
  }
}
