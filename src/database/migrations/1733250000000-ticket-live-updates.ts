import { MigrationInterface, QueryRunner } from 'typeorm';

/** Live updates: ticket changes announced with NOTIFY (filled by the live-updates change). */
export class TicketLiveUpdates1733250000000 implements MigrationInterface {
  name = 'TicketLiveUpdates1733250000000';

  async up(_queryRunner: QueryRunner): Promise<void> {
    // placeholder
  }

  async down(_queryRunner: QueryRunner): Promise<void> {
    // placeholder
  }
}
