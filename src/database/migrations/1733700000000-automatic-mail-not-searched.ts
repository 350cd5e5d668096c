import { MigrationInterface, QueryRunner } from 'typeorm';
import { ALL_ARTICLES, ticketSearchArticleInsertedSql, ticketSearchArticlesUpdatedSql, ticketSearchRebuildSql } from './1733300000000-ticket-search';

/** Articles whose text is indexed: everything but our own automatic mail. */
const NOT_AUTOMATIC = 'NOT a.automatic';

/**
 * Our automatic mail (acknowledgements, legal-extension and resolution notices) is kept out of
 * the search text. It is the same template on every ticket, so its words ("radicado", "plazo",
 * "horario de atención") matched every ticket and buried the ones where an official wrote them;
 * what it carries of its own (the reference) is in the ticket's part already. It was also the
 * largest article of most tickets, indexed inside the intake transaction.
 *
 * - `articles.automatic`: the article is mail we sent without a person writing it (the outgoing
 *   message's `automatic`). Filled from `outgoing_messages` for existing rows; the update fires
 *   the articles trigger, which now rebuilds a ticket whose article changed `automatic`.
 */
export class AutomaticMailNotSearched1733700000000 implements MigrationInterface {
  name = 'AutomaticMailNotSearched1733700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE articles ADD COLUMN automatic boolean NOT NULL DEFAULT false`);
    await queryRunner.query(ticketSearchRebuildSql(NOT_AUTOMATIC));
    await queryRunner.query(ticketSearchArticleInsertedSql(NOT_AUTOMATIC));
    await queryRunner.query(ticketSearchArticlesUpdatedSql(['automatic']));
    await queryRunner.query(`
      UPDATE articles a SET automatic = true
        FROM outgoing_messages o
       WHERE o.message_id = a.message_id AND o.automatic AND a.direction = 'outgoing'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ticketSearchArticlesUpdatedSql([]));
    await queryRunner.query(ticketSearchArticleInsertedSql(ALL_ARTICLES));
    await queryRunner.query(ticketSearchRebuildSql(ALL_ARTICLES));
    // Dropping the column is not an UPDATE, so rebuild the tickets that had automatic mail by hand.
    await queryRunner.query(`
      SELECT ticket_search_rebuild(ARRAY(SELECT DISTINCT ticket_id FROM articles WHERE automatic))`);
    await queryRunner.query(`ALTER TABLE articles DROP COLUMN automatic`);
  }
}
