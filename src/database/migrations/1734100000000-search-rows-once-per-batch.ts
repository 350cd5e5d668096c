import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  SEARCH_BODY_CHARS_PER_ARTICLE,
  SEARCH_BODY_CHARS_PER_TICKET,
  SEARCH_ROW_INSERT,
  SEARCH_ROW_UPSERT,
  ticketSearchArticleInsertedSql,
  ticketSearchRebuildSql,
} from './1733300000000-ticket-search';
import { ticketSearchTicketsInsertedSql } from './1734000000000-search-head-per-statement';

/** Articles whose text is indexed (1733700000000). */
const NOT_AUTOMATIC = 'NOT a.automatic';

/**
 * A new ticket's search row is written once, not twice.
 *
 * Intake inserted each new ticket's row (its head: reference, subject, requester) from the tickets
 * statement, then rewrote it from the article trigger to append the body: a second row version with
 * all its index entries, for every new ticket. Now intake sets TICKET_SEARCH_DEFERRED_SETTING around its
 * two INSERTs: the tickets trigger writes no head rows, the article trigger appends nothing to tickets
 * from the batch's lowest new id on, and intake writes those rows whole, in one statement. Replies to
 * older tickets still append through the trigger (under the row lock: no lost update with an agent
 * writing to the same ticket), and every other writer keeps the triggers as they were.
 *
 * A deferred trigger returns before running any query. A first version let the article trigger's
 * UPDATE run and miss: the article INSERT of a 400-message batch went from 67 to 160 ms, most likely
 * because PL/pgSQL cached a plan made while ticket_search was still empty.
 *
 * ticket_search_rebuild gathers each ticket's articles with a LATERAL index lookup instead of a
 * window over all the wanted tickets' articles joined back by a nested loop: 400 tickets took
 * 90–112 ms and now take 52–54 ms (psql, on the intake benchmark's database), with identical rows.
 */
export class SearchRowsOncePerBatch1734100000000 implements MigrationInterface {
  name = 'SearchRowsOncePerBatch1734100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ticketSearchRebuildPerTicketSql(NOT_AUTOMATIC));
    await queryRunner.query(ticketSearchTicketsInsertedSql({ deferrable: true }));
    await queryRunner.query(ticketSearchArticleInsertedSql(NOT_AUTOMATIC, { skipSilent: true, deferrable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ticketSearchArticleInsertedSql(NOT_AUTOMATIC, { skipSilent: true }));
    await queryRunner.query(ticketSearchTicketsInsertedSql());
    await queryRunner.query(ticketSearchRebuildSql(NOT_AUTOMATIC));
  }
}

/** Same rows as ticketSearchRebuildSql, each ticket's articles read through articles_ticket_idx. */
export function ticketSearchRebuildPerTicketSql(indexedArticles: string): string {
  return `
      CREATE OR REPLACE FUNCTION ticket_search_rebuild(ticket_ids bigint[]) RETURNS integer LANGUAGE sql AS $$
        WITH upserted AS (
${SEARCH_ROW_INSERT}
            FROM tickets t
           CROSS JOIN LATERAL (
             SELECT string_agg(ticket_search_address_words(o.from_address, o.from_name), ' ') FILTER (WHERE o.direction = 'incoming') AS senders,
                    string_agg(left(o.body_text, LEAST(${SEARCH_BODY_CHARS_PER_ARTICLE}, ${SEARCH_BODY_CHARS_PER_TICKET} - o.before_chars)::int), ' ')
                      FILTER (WHERE o.before_chars < ${SEARCH_BODY_CHARS_PER_TICKET}) AS bodies,
                    LEAST(MAX(o.before_chars + LEAST(COALESCE(length(o.body_text), 0), ${SEARCH_BODY_CHARS_PER_ARTICLE})), ${SEARCH_BODY_CHARS_PER_TICKET})::int AS chars,
                    array_agg(DISTINCT lower(o.from_address)) FILTER (WHERE o.direction = 'incoming' AND o.from_address IS NOT NULL) AS senders_addresses
               FROM (SELECT a.direction, a.from_address, a.from_name, a.body_text,
                            COALESCE(SUM(LEAST(COALESCE(length(a.body_text), 0), ${SEARCH_BODY_CHARS_PER_ARTICLE}))
                              OVER (ORDER BY a.received_at, a.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_chars
                       FROM articles a WHERE a.ticket_id = t.id AND ${indexedArticles}) o
           ) p
           WHERE t.id = ANY (ticket_ids)
${SEARCH_ROW_UPSERT}
          RETURNING 1
        )
        SELECT count(*)::integer FROM upserted
      $$`;
}
