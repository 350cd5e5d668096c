import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toBogotaIso } from '../common/time/bogota-time';
import type { TicketStatus } from '../tickets/entities/ticket.entity';
import { preparedQuery } from '../tickets/prepared-query';
import { DEFAULT_SEARCH_LIMIT, SearchQuery } from './dto/search.query';
import type { SearchHitView, SearchResultsView } from './dto/search-result.view';
import { parseSearchQuery } from './search-query';
import { LexemeDictionary } from './lexeme-dictionary';
import { chooseSnippet, queryTreeLexemes, splitText } from './search-snippet';

/**
 * How many of the newest matches are ranked. A word like "plan" matches a third of a
 * million tickets; ranking all of them reads every matching tsvector. Taking the newest
 * matches first lets PostgreSQL choose: for a common word it walks the received_at
 * index and stops after this many hits, for a rare one it reads the GIN index and sorts
 * the few matches. The ranking is then exact within this window (the recent past is
 * what agents look for); older matches of a very common word need a more precise query.
 */
export const RANK_WINDOW = 200;

/** Articles and characters per article a snippet is cut from; our automatic mail is not searched, so never shown either. */
const SNIPPET_ARTICLES = 3;
const SNIPPET_CHARS_PER_ARTICLE = 3000;

/**
 * The results, in order: the exact matches as given, then the full-text matches (the
 * newest RANK_WINDOW, ranked; ties newer first), each with its rank, and the query's
 * lexemes (querytree) for the snippets.
 * The tsquery stays inline (not in a CTE) so the planner sees the words and can choose
 * between the GIN index (rare word) and the received_at index (common word); that is
 * why this statement is planned for each search and kept small (planning the whole
 * search in one statement cost more than running it).
 * Exported for the API bench, which EXPLAINs exactly this statement.
 */
export const SEARCH_RANKED_SQL = `SELECT c.ticket_id, c.rank, c.exact, querytree(websearch_to_tsquery('es_unaccent', $1)) AS query_tree
         FROM (SELECT u.id AS ticket_id, ts_rank_cd(s.doc, websearch_to_tsquery('es_unaccent', $1), 1)::float8 AS rank, true AS exact, u.position AS ord
                 FROM unnest($2::bigint[]) WITH ORDINALITY AS u (id, position)
                 JOIN ticket_search s ON s.ticket_id = u.id
               UNION ALL
               SELECT r.ticket_id, r.rank, false, 1000000 + row_number() OVER (ORDER BY r.rank DESC, r.received_at DESC, r.ticket_id DESC)
                 FROM (SELECT m.ticket_id, m.received_at, ts_rank_cd(m.doc, websearch_to_tsquery('es_unaccent', $1), 1)::float8 AS rank
                         FROM (SELECT s.ticket_id, s.received_at, s.doc
                                 FROM ticket_search s
                                WHERE s.doc @@ websearch_to_tsquery('es_unaccent', $1)
                                  AND s.ticket_id <> ALL ($2::bigint[])
                                ORDER BY s.received_at DESC, s.ticket_id DESC
                                LIMIT ${RANK_WINDOW}) m
                        ORDER BY rank DESC, m.received_at DESC, m.ticket_id DESC
                        LIMIT GREATEST($3::int - cardinality($2::bigint[]), 0)) r) c
        ORDER BY c.ord`;

export function searchRankedParams(text: string, exactIds: string[], limit: number): unknown[] {
  return [text, exactIds, limit];
}

/**
 * What the list shows of each result and the text its snippet is cut from (see
 * search-snippet.ts; ts_headline here cost two thirds of a search's database time).
 * Its plan never changes (primary keys), so it runs as a prepared statement (see
 * prepared-query.ts): planned a few times per connection, not on every search.
 */
const SEARCH_HIT_ROWS_SQL = `SELECT t.id, t.reference, t.subject, t.status, t.queue_mailbox, t.entity_name, t.requester_address, t.requester_name, t.received_at,
         (SELECT string_agg(left(a.body_text, ${SNIPPET_CHARS_PER_ARTICLE}), ' … ' ORDER BY a.received_at, a.id)
            FROM (SELECT body_text, received_at, id FROM articles
                   WHERE ticket_id = t.id AND body_text IS NOT NULL AND NOT automatic
                   ORDER BY received_at, id LIMIT ${SNIPPET_ARTICLES}) a) AS snippet_text
    FROM tickets t
   WHERE t.id = ANY ($1::bigint[])`;

interface RankedRow {
  ticket_id: string;
  rank: number;
  exact: boolean;
  query_tree: string;
}

interface HitRow extends RankedRow {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  queue_mailbox: string;
  entity_name: string | null;
  requester_address: string | null;
  requester_name: string | null;
  received_at: Date;
  snippet_text: string | null;
}

@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lexemes: LexemeDictionary,
  ) {}

  async search(query: SearchQuery): Promise<SearchResultsView> {
    const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
    const parsed = parseSearchQuery(query.q);
    if (parsed.text === '') return { items: [], exact: false };
    const exactIds = parsed.references.length || parsed.addresses.length ? await this.exactMatches(parsed.references, parsed.addresses, parsed.rest, limit) : [];
    const rows = await this.hits(parsed.text, exactIds, limit);
    return { items: await this.views(rows), exact: exactIds.length > 0 };
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

  /** The ranked results (SEARCH_RANKED_SQL), then their rows (SEARCH_HIT_ROWS_SQL). */
  private async hits(text: string, exactIds: string[], limit: number): Promise<HitRow[]> {
    const ranked: RankedRow[] = await this.dataSource.query(SEARCH_RANKED_SQL, searchRankedParams(text, exactIds, limit));
    if (ranked.length === 0) return [];
    const rows = await preparedQuery<Omit<HitRow, keyof RankedRow>>(this.dataSource, SEARCH_HIT_ROWS_SQL, [ranked.map((r) => r.ticket_id)]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    // A ticket gone between the two statements is simply left out.
    return ranked.flatMap((r) => {
      const row = byId.get(r.ticket_id);
      return row ? [{ ...row, ...r }] : [];
    });
  }

  /** The results as the list shows them, each with its snippet. */
  private async views(rows: HitRow[]): Promise<SearchHitView[]> {
    const texts = rows.map((row) => ({ subject: splitText(row.subject), body: splitText(row.snippet_text ?? '') }));
    const matches = await this.lexemes.matcherFor(
      texts.flatMap((t) => [t.subject, t.body]),
      queryTreeLexemes(rows[0]?.query_tree ?? null),
    );
    return rows.map((row, i) => this.toView(row, chooseSnippet(texts[i].body, texts[i].subject, matches)));
  }

  private toView(row: HitRow, snippet: string): SearchHitView {
    return {
      reference: row.reference,
      subject: row.subject,
      status: row.status,
      queueMailbox: row.queue_mailbox,
      entityName: row.entity_name,
      requester: { address: row.requester_address, name: row.requester_name },
      receivedAt: toBogotaIso(row.received_at),
      rank: Math.round(row.rank * 1e6) / 1e6,
      snippet,
      exact: row.exact,
    };
  }
}
