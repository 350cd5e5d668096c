import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Local accounts, server-side sessions, login attempts (for rate limits and the
 * record) and the append-only audit log.
 */
export class AccountsAudit1733100000000 implements MigrationInterface {
  name = 'AccountsAudit1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id bigserial PRIMARY KEY,
        -- Stored lower-cased: logins compare addresses without regard to case.
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
        password_hash text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await queryRunner.query(`
      CREATE TABLE sessions (
        -- SHA-256 of the cookie's token: a database leak does not hand out live sessions.
        id text PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        address text,
        user_agent text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        end_reason text
      )`);
    await queryRunner.query(`CREATE INDEX sessions_user_open ON sessions (user_id) WHERE ended_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE login_attempts (
        id bigserial PRIMARY KEY,
        email text NOT NULL,
        address text,
        succeeded boolean NOT NULL,
        reason text,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX login_attempts_email ON login_attempts (email, attempted_at) WHERE NOT succeeded`);
    await queryRunner.query(`CREATE INDEX login_attempts_address ON login_attempts (address, attempted_at) WHERE NOT succeeded`);

    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_user_id bigint REFERENCES users (id),
        actor_email text NOT NULL,
        actor_address text,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        ticket_id bigint,
        before jsonb,
        after jsonb
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_ticket ON audit_log (ticket_id, id) WHERE ticket_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, id)`);
    // Append-only for everyone, the service's own role included: history that can be edited proves nothing.
    await queryRunner.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log es de solo anexar: no se permite %', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_is_append_only()`);
    await queryRunner.query(`DROP TABLE login_attempts`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(`DROP TABLE users`);
  }
}
