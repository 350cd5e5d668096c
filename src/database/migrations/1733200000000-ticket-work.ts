import { MigrationInterface, QueryRunner } from 'typeorm';

/** Ticket work: assignees, internal notes and events, merges, tags (filled by the ticket-work change). */
export class TicketWork1733200000000 implements MigrationInterface {
  name = 'TicketWork1733200000000';

  async up(_queryRunner: QueryRunner): Promise<void> {
    // placeholder
  }

  async down(_queryRunner: QueryRunner): Promise<void> {
    // placeholder
  }
}
