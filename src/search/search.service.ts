import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toBogotaIso } from '../common/time/bogota-time';
import type { TicketStatus } from '../tickets/entities/ticket.entity';
import { DEFAULT_SEARCH_LIMIT, SearchQuery } from './dto/search.query';
import type { SearchHitView, SearchResultsView } from './dto/search-result.view';
import { parseSearchQuery } from './search-query';
import { chooseSnippet, HIGHLIGHT_START, HIGHLIGHT_STOP, SNIPPET_OPTIONS, SUBJECT_SNIPPET_OPTIONS } from './search-snippet';

/**
 * How many of the newest matches are ranked. A word like "plan" matches a third of a
 * million tickets; ranking all of them reads every matching tsvector. Taking the newest
 * matches first lets PostgreSQL choose: for a common word it walks the received_at
 * index and stops after this many hits, for a rare one it reads the GIN index and sorts
 * the few matches. The ranking is then exact within this window (the recent past is
 * what agents look for); older matches of a very common word need a more precise query.
 */
export const RANK_WINDOW = 200;

/** Articles and characters per article a snippet is cut from: ts_headline parses all of its input. */
const SNIPPET_ARTICLES = 3;
const SNIPPET_CHARS_PER_ARTICLE = 3000;

/**
 * One statement: the exact matches in their order, then the full-text matches (the
 * newest RANK_WINDOW, ranked; ties newer first), with what the list shows. Headlines
 * are computed for the returned rows only, and most of a search's time goes into them
 * (ts_headline parses its whole input): the subject's is computed only when the body's
 * holds no match, the one case chooseSnippet reads it in.
 * The tsquery stays inline (not in a CTE) so the planner sees the words and can choose
 * between the GIN index (rare word) and the received_at index (common word).
 * Exported for the API bench, which EXPLAINs exactly this statement.
 */
export const SEARCH_HITS_SQL = `WITH ranked AS (
         SELECT m.ticket_id, m.received_at, ts_rank_cd(m.doc, websearch_to_tsquery('es_unaccent', $1), 1) AS rank
           FROM (SELECT s.ticket_id, s.received_at, s.doc
                   FROM ticket_search s
                  WHERE s.doc @@ websearch_to_tsquery('es_unaccent', $1)
                    AND s.ticket_id <> ALL ($2::bigint[])
                  ORDER BY s.received_at DESC, s.ticket_id DESC
                  LIMIT ${RANK_WINDOW}) m
          ORDER BY rank DESC, m.received_at DESC, m.ticket_id DESC
          LIMIT GREATEST($3::int - cardinality($2::bigint[]), 0)
       ),
       chosen AS (
         SELECT u.id AS ticket_id, u.position AS ord, true AS exact FROM unnest($2::bigint[]) WITH ORDINALITY AS u (id, position)
         UNION ALL
         SELECT r.ticket_id, 1000000 + row_number() OVER (ORDER BY r.rank DESC, r.received_at DESC, r.ticket_id DESC), false FROM ranked r
       )
       SELECT t.id, t.reference, t.subject, t.status, t.queue_mailbox, t.entity_name, t.requester_address, t.requester_name, t.received_at,
              c.exact, ts_rank_cd(s.doc, q.query, 1)::float8 AS rank,
              CASE WHEN strpos(h.body_headline, left($4, 1)) > 0 THEN NULL
                   ELSE ts_headline('es_unaccent', translate(t.subject, $4, ''), q.query, $5) END AS subject_headline,
              h.body_headline
         FROM chosen c
         JOIN tickets t ON t.id = c.ticket_id
         JOIN ticket_search s ON s.ticket_id = c.ticket_id
        CROSS JOIN (SELECT websearch_to_tsquery('es_unaccent', $1) AS query) q
         LEFT JOIN LATERAL (
           SELECT string_agg(left(a.body_text, ${SNIPPET_CHARS_PER_ARTICLE}), ' … ' ORDER BY a.received_at, a.id) AS text
             FROM (SELECT body_text, received_at, id FROM articles
                    WHERE ticket_id = t.id AND body_text IS NOT NULL
                    ORDER BY received_at, id LIMIT ${SNIPPET_ARTICLES}) a
         ) b ON true
        CROSS JOIN LATERAL (
           -- OFFSET 0 keeps the subquery whole: pulled up, the headline would be computed twice.
           SELECT ts_headline('es_unaccent', translate(b.text, $4, ''), q.query, $6) AS body_headline OFFSET 0
         ) h
        ORDER BY c.ord`;

export function searchHitsParams(text: string, exactIds: string[], limit: number): unknown[] {
  return [text, exactIds, limit, HIGHLIGHT_START + HIGHLIGHT_STOP, SUBJECT_SNIPPET_OPTIONS, SNIPPET_OPTIONS];
}

interface HitRow {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  queue_mailbox: string;
  entity_name: string | null;
  requester_address: string | null;
  requester_name: string | null;
  received_at: Date;
  rank: number;
  exact: boolean;
  subject_headline: string | null;
  body_headline: string | null;
}

@Injectable()
export class SearchService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(query: SearchQuery): Promise<SearchResultsView> {
    const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
    const parsed = parseSearchQuery(query.q);
    if (parsed.text === '') return { items: [], exact: false };
    const exactIds = parsed.references.length || parsed.addresses.length ? await this.exactMatches(parsed.references, parsed.addresses, parsed.rest, limit) : [];
    const rows = await this.hits(parsed.text, exactIds, limit);
    return { items: rows.map((row) => this.toView(row)), exact: exactIds.length > 0 };
  }

  /** Tickets with that reference, or whose requester or a sender has that address; newest first. */
  private async exactMatches(references: string[], addresses: string[], rest: string, limit: number): Promise<string[]> {
    const rows: Array<{ ticket_id: string }> = await this.dataSource.query(
      `SELECT s.ticket_id
         FROM ticket_search s
        WHERE s.ticket_id IN (SELECT id FROM tickets WHERE reference = ANY ($1::text[])
                              UNION ALL
                              SELECT ticket_id FROM ticket_search WHERE addresses && $2::text[])
          AND (numnode(websearch_to_tsquery('es_unaccent', $3)) = 0 OR s.doc @@ websearch_to_tsquery('es_unaccent', $3))
        ORDER BY s.received_at DESC, s.ticket_id DESC
        LIMIT $4`,
      [references, addresses, rest, limit],
    );
    return rows.map((r) => r.ticket_id);
  }

  /** See SEARCH_HITS_SQL. */
  private async hits(text: string, exactIds: string[], limit: number): Promise<HitRow[]> {
    return this.dataSource.query(SEARCH_HITS_SQL, searchHitsParams(text, exactIds, limit));
  }

  private toView(row: HitRow): SearchHitView {
    return {
      reference: row.reference,
      subject: row.subject,
      status: row.status,
      queueMailbox: row.queue_mailbox,
      entityName: row.entity_name,
      requester: { address: row.requester_address, name: row.requester_name },
      receivedAt: toBogotaIso(row.received_at),
      rank: Math.round(row.rank * 1e6) / 1e6,
      snippet: chooseSnippet(row.body_headline, row.subject_headline),
      exact: row.exact,
    };
  }
}
