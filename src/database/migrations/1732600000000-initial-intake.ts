import { MigrationInterface, QueryRunner } from 'typeorm';

/** Intake foundation: raw mail, per-folder checkpoints, tickets, articles, receipts, attachments. */
export class InitialIntake1732600000000 implements MigrationInterface {
  name = 'InitialIntake1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mailbox_checkpoints (
        mailbox_address text NOT NULL,
        folder text NOT NULL,
        uid_validity bigint NOT NULL,
        last_uid bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (mailbox_address, folder)
      )`);
    await queryRunner.query(`
      CREATE TABLE tickets (
        id bigserial PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        subject text NOT NULL,
        status text NOT NULL DEFAULT 'new'
          CHECK (status IN ('new', 'open', 'waiting', 'resolved', 'closed')),
        mailbox_address text NOT NULL,
        requester_address text,
        requester_name text,
        unreadable boolean NOT NULL DEFAULT false,
        auto_generated text NOT NULL DEFAULT 'none'
          CHECK (auto_generated IN ('none', 'auto-reply', 'bounce', 'bulk')),
        received_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await queryRunner.query(`CREATE INDEX tickets_mailbox_status_idx ON tickets (mailbox_address, status)`);
    await queryRunner.query(`CREATE INDEX tickets_received_at_idx ON tickets (received_at)`);
    // Per-year counters for ticket references; a row lock serializes allocation.
    await queryRunner.query(`
      CREATE TABLE ticket_reference_counters (
        year integer PRIMARY KEY,
        last_value integer NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE articles (
        id bigserial PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        direction text NOT NULL DEFAULT 'incoming' CHECK (direction IN ('incoming', 'outgoing')),
        message_id text NOT NULL UNIQUE,
        message_id_synthetic boolean NOT NULL DEFAULT false,
        in_reply_to text[] NOT NULL DEFAULT '{}',
        "references" text[] NOT NULL DEFAULT '{}',
        from_address text,
        from_name text,
        to_addresses jsonb NOT NULL DEFAULT '[]',
        cc_addresses jsonb NOT NULL DEFAULT '[]',
        subject text NOT NULL,
        body_text text,
        body_html text,
        sent_at timestamptz,
        received_at timestamptz NOT NULL,
        auto_generated text NOT NULL DEFAULT 'none'
          CHECK (auto_generated IN ('none', 'auto-reply', 'bounce', 'bulk')),
        unreadable boolean NOT NULL DEFAULT false,
        parse_problems text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX articles_ticket_idx ON articles (ticket_id, received_at)`);
    await queryRunner.query(`
      CREATE TABLE raw_messages (
        id bigserial PRIMARY KEY,
        mailbox_address text NOT NULL,
        folder text NOT NULL,
        uid_validity bigint NOT NULL,
        uid bigint NOT NULL,
        internal_date timestamptz,
        size integer NOT NULL,
        sha256 text NOT NULL,
        content bytea NOT NULL,
        article_id bigint REFERENCES articles (id) ON DELETE SET NULL,
        post_action_pending boolean NOT NULL DEFAULT false,
        fetched_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (mailbox_address, folder, uid_validity, uid)
      )`);
    await queryRunner.query(`CREATE INDEX raw_messages_mailbox_sha_idx ON raw_messages (mailbox_address, sha256)`);
    await queryRunner.query(
      `CREATE INDEX raw_messages_post_action_idx ON raw_messages (mailbox_address, folder) WHERE post_action_pending`,
    );
    await queryRunner.query(`CREATE INDEX raw_messages_article_idx ON raw_messages (article_id)`);
    await queryRunner.query(`
      CREATE TABLE article_receipts (
        article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        mailbox_address text NOT NULL,
        raw_message_id bigint REFERENCES raw_messages (id) ON DELETE SET NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (article_id, mailbox_address)
      )`);
    await queryRunner.query(`
      CREATE TABLE attachment_blobs (
        sha256 text PRIMARY KEY,
        size integer NOT NULL,
        content bytea NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE article_attachments (
        id bigserial PRIMARY KEY,
        article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        sha256 text NOT NULL REFERENCES attachment_blobs (sha256),
        filename text,
        content_type text NOT NULL,
        size integer NOT NULL,
        content_id text,
        inline boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query(`CREATE INDEX article_attachments_article_idx ON article_attachments (article_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'article_attachments',
      'attachment_blobs',
      'article_receipts',
      'raw_messages',
      'articles',
      'ticket_reference_counters',
      'tickets',
      'mailbox_checkpoints',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
