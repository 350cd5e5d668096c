import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `status IN ('new', 'open', 'waiting')`;
const DUE_KEY = `(COALESCE(sla_next_due, 'infinity'::timestamptz))`;

/**
 * What the agents' most frequent requests read, made cheaper.
 *
 * Session changes. Each API process keeps the sessions it has checked in memory (see src/auth/session-cache.ts),
 * so a request no longer reads `sessions` and `users`. These triggers tell every process,
 * whoever made the change (API, worker, `mesa user:*`, an operator in psql), which entries
 * to drop: `s:<session id>` when a session ends, moves or its idle clock is set back;
 * `u:<user id>` when what the guard reads from an account changes (role, name, address,
 * disabled); `*` for TRUNCATE. A session's own touch (last_seen_at moving forward, once a
 * minute) notifies nobody: the cache only needs to hear about changes that can refuse a request.
 *
 * A queue list by category (the sidebar's category views): one category's open tickets by due
 * time, instead of walking every open ticket's due order and dropping three in four.
 */
export class ApiReadPaths1733400000000 implements MigrationInterface {
  name = 'ApiReadPaths1733400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION sessions_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('session_changes', '*');
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('session_changes', 's:' || OLD.id);
        ELSIF NEW.ended_at IS DISTINCT FROM OLD.ended_at OR NEW.last_seen_at < OLD.last_seen_at
           OR NEW.csrf_token IS DISTINCT FROM OLD.csrf_token OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.id <> OLD.id THEN
          PERFORM pg_notify('session_changes', 's:' || OLD.id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER sessions_notify_change AFTER UPDATE OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION sessions_notify_change()`);
    await queryRunner.query(`
      CREATE TRIGGER sessions_notify_truncate AFTER TRUNCATE ON sessions
      FOR EACH STATEMENT EXECUTE FUNCTION sessions_notify_change()`);

    await queryRunner.query(`
      CREATE FUNCTION users_notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('session_changes', '*');
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('session_changes', 'u:' || OLD.id);
        ELSIF NEW.role IS DISTINCT FROM OLD.role OR NEW.name IS DISTINCT FROM OLD.name OR NEW.email IS DISTINCT FROM OLD.email
           OR NEW.disabled_at IS DISTINCT FROM OLD.disabled_at OR NEW.id <> OLD.id THEN
          PERFORM pg_notify('session_changes', 'u:' || OLD.id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER users_notify_session_change AFTER UPDATE OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION users_notify_session_change()`);
    await queryRunner.query(`
      CREATE TRIGGER users_notify_session_truncate AFTER TRUNCATE ON users
      FOR EACH STATEMENT EXECUTE FUNCTION users_notify_session_change()`);

    await queryRunner.query(`CREATE INDEX tickets_open_category_due_idx ON tickets (category, ${DUE_KEY}, id) WHERE ${OPEN}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX tickets_open_category_due_idx`);
    await queryRunner.query(`DROP TRIGGER users_notify_session_truncate ON users`);
    await queryRunner.query(`DROP TRIGGER users_notify_session_change ON users`);
    await queryRunner.query(`DROP FUNCTION users_notify_session_change()`);
    await queryRunner.query(`DROP TRIGGER sessions_notify_truncate ON sessions`);
    await queryRunner.query(`DROP TRIGGER sessions_notify_change ON sessions`);
    await queryRunner.query(`DROP FUNCTION sessions_notify_change()`);
  }
}
