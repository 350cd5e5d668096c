import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exports (CSV/XLSX of a report or of a ticket list): one row per request, the record of
 * its state; the BullMQ job carries only the row id. The file lives on disk until
 * expires_at, then the sweeper deletes it and sets file_deleted_at (the row stays as history).
 * Also the weekly report mail to supervisors, a new kind of outgoing message.
 */
export class Exports1733600000000 implements MigrationInterface {
  name = 'Exports1733600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE exports (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('report', 'tickets')),
        -- The report's name; validated by the API against the reports the service knows.
        report text,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        filters jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        -- Null for exports the service makes itself (the weekly report).
        requested_by bigint REFERENCES users (id) ON DELETE SET NULL,
        rows_written bigint NOT NULL DEFAULT 0,
        rows_total bigint,
        attempts integer NOT NULL DEFAULT 0,
        file_name text,
        file_path text,
        size_bytes bigint,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        expires_at timestamptz,
        file_deleted_at timestamptz,
        CONSTRAINT exports_report_kind CHECK ((kind = 'report') = (report IS NOT NULL)),
        -- A row is done only with its whole file in place: a half-written file is never "done".
        CONSTRAINT exports_done_has_file CHECK (status <> 'done' OR (file_path IS NOT NULL AND size_bytes IS NOT NULL AND expires_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX exports_requested_by_idx ON exports (requested_by, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX exports_expiry_idx ON exports (expires_at) WHERE file_deleted_at IS NULL AND file_path IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE outgoing_messages DROP CONSTRAINT outgoing_messages_kind_check`);
    await queryRunner.query(`
      ALTER TABLE outgoing_messages ADD CONSTRAINT outgoing_messages_kind_check
        CHECK (kind IN ('acknowledgement', 'agent-reply', 'legal-extension', 'ticket-resolved', 'sla-warning', 'sla-breach', 'weekly-report'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM outgoing_messages WHERE kind = 'weekly-report'`);
    await queryRunner.query(`ALTER TABLE outgoing_messages DROP CONSTRAINT outgoing_messages_kind_check`);
    await queryRunner.query(`
      ALTER TABLE outgoing_messages ADD CONSTRAINT outgoing_messages_kind_check
        CHECK (kind IN ('acknowledgement', 'agent-reply', 'legal-extension', 'ticket-resolved', 'sla-warning', 'sla-breach'))`);
    await queryRunner.query(`DROP TABLE exports`);
  }
}
