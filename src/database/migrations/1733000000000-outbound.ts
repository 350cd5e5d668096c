import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing mail: one row per message, created in the transaction of the event that
 * causes it (new ticket, agent reply, notice), and the only source of truth for
 * whether it was sent. BullMQ jobs carry just the row id.
 */
export class Outbound1733000000000 implements MigrationInterface {
  name = 'Outbound1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outgoing_messages (
        id bigserial PRIMARY KEY,
        ticket_id bigint REFERENCES tickets (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('acknowledgement', 'agent-reply', 'legal-extension', 'ticket-resolved', 'sla-warning', 'sla-breach')),
        -- What caused it, unique so that the same cause never queues two messages.
        source_key text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        message_id text NOT NULL UNIQUE,
        from_address text NOT NULL,
        to_addresses text[] NOT NULL,
        cc_addresses text[] NOT NULL DEFAULT '{}',
        subject text NOT NULL,
        in_reply_to text,
        "references" text[] NOT NULL DEFAULT '{}',
        automatic boolean NOT NULL,
        body_text text NOT NULL,
        body_html text,
        attachments jsonb NOT NULL DEFAULT '[]',
        send_after timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        -- Sends started again after a crash left the row in 'sending' (the SMTP server may have it twice).
        crash_resends integer NOT NULL DEFAULT 0,
        last_error text,
        smtp_response text,
        queued_at timestamptz NOT NULL DEFAULT now(),
        sending_started_at timestamptz,
        sent_at timestamptz,
        failed_at timestamptz,
        bounced_at timestamptz,
        bounce_article_id bigint REFERENCES articles (id) ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX outgoing_messages_pending_idx ON outgoing_messages (status, queued_at) WHERE status IN ('queued', 'sending')`);
    await queryRunner.query(`CREATE INDEX outgoing_messages_ticket_idx ON outgoing_messages (ticket_id)`);
    await queryRunner.query(`
      ALTER TABLE tickets
        ADD COLUMN needs_attention boolean NOT NULL DEFAULT false,
        ADD COLUMN attention_reason text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tickets DROP COLUMN needs_attention, DROP COLUMN attention_reason`);
    await queryRunner.query(`DROP TABLE outgoing_messages`);
  }
}
