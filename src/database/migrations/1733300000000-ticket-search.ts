import { MigrationInterface, QueryRunner } from 'typeorm';

/** Spanish full-text search over tickets (filled by the search change). */
export class TicketSearch1733300000000 implements MigrationInterface {
  name = 'TicketSearch1733300000000';

  async up(_queryRunner: QueryRunner): Promise<void> {
    // placeholder
  }

  async down(_queryRunner: QueryRunner): Promise<void> {
    // placeholder
  }
}
