import { MigrationInterface, QueryRunner } from 'typeorm';

const BODY_COLUMNS = [
  ['articles', 'body_text'],
  ['articles', 'body_html'],
  ['outgoing_messages', 'body_text'],
  ['outgoing_messages', 'body_html'],
] as const;

/**
 * Message bodies are compressed with lz4, like raw mail (1732700000000). Each new ticket
 * stores our acknowledgement twice, as its outgoing message and as an article (about
 * 1.3 KB of text and 2.8 KB of HTML), which makes those rows big enough for PostgreSQL to
 * compress; with the default pglz that compression was most of the cost of the two
 * INSERTs in an intake batch. Rows already stored keep pglz; both are read transparently.
 */
export class Lz4MessageBodies1733900000000 implements MigrationInterface {
  name = 'Lz4MessageBodies1733900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of BODY_COLUMNS) await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET COMPRESSION lz4`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of BODY_COLUMNS) await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET COMPRESSION pglz`);
  }
}
