import { MigrationInterface, QueryRunner } from 'typeorm';

/** Characters of one article's body that go into the index: a pasted log or a forwarded thread must not crowd out the rest. */
export const SEARCH_BODY_CHARS_PER_ARTICLE = 32768;
/**
 * Characters of body text indexed per ticket, all articles together (oldest first). A tsvector
 * cannot exceed 1 MB; 256 KB of text gives at most about half of that even with every word
 * distinct, so a long thread never makes an intake insert fail. Later articles still add their
 * sender; their text is simply not searchable.
 */
export const SEARCH_BODY_CHARS_PER_TICKET = 262144;

/**
 * Transaction-local setting (set_config(…, true)) holding a ticket id, set while intake inserts a
 * batch: new tickets get no row from the tickets trigger, and articles of tickets from that id on
 * append nothing; intake then writes those rows whole with one ticket_search_rebuild call.
 */
export const TICKET_SEARCH_DEFERRED_SETTING = 'mesa.ticket_search_deferred_from';
/** No ticket id reaches it: deferring from here defers the tickets trigger only. */
export const MAX_BIGINT = '9223372036854775807';

/** Which articles' text goes into the index, as a condition on `a` (articles). */
export const ALL_ARTICLES = 'true';

/** Writes the row of ticket `t` from its head and its articles' parts `p` (senders, bodies, chars, senders_addresses). */
export const SEARCH_ROW_INSERT = `
          INSERT INTO ticket_search AS s (ticket_id, received_at, doc, indexed_chars, addresses)
          SELECT t.id, t.received_at,
                 ticket_search_head(t.reference, t.subject, t.requester_address, t.requester_name, t.entity_name, t.entity_department_name)
                   || setweight(es_unaccent_tsvector(p.senders), 'B') || setweight(es_unaccent_tsvector(p.bodies), 'C'),
                 COALESCE(p.chars, 0),
                 ARRAY(SELECT DISTINCT x FROM unnest(array_append(COALESCE(p.senders_addresses, '{}'), lower(t.requester_address))) AS x WHERE x IS NOT NULL ORDER BY x)`;
export const SEARCH_ROW_UPSERT = `
          ON CONFLICT (ticket_id) DO UPDATE SET received_at = EXCLUDED.received_at, doc = EXCLUDED.doc,
                 indexed_chars = EXCLUDED.indexed_chars, addresses = EXCLUDED.addresses`;

/** Rebuilds the rows of the given tickets from tickets and articles, set-based (backfill, merges, deletes). */
export function ticketSearchRebuildSql(indexedArticles: string): string {
  return `
      CREATE OR REPLACE FUNCTION ticket_search_rebuild(ticket_ids bigint[]) RETURNS integer LANGUAGE sql AS $$
        WITH wanted AS (SELECT DISTINCT id FROM unnest(ticket_ids) AS u (id)),
        ordered AS (
          SELECT a.ticket_id, a.direction, a.from_address, a.from_name, a.body_text,
                 COALESCE(SUM(LEAST(COALESCE(length(a.body_text), 0), ${SEARCH_BODY_CHARS_PER_ARTICLE}))
                   OVER (PARTITION BY a.ticket_id ORDER BY a.received_at, a.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_chars
            FROM articles a JOIN wanted w ON w.id = a.ticket_id
           WHERE ${indexedArticles}
        ),
        parts AS (
          SELECT ticket_id,
                 string_agg(ticket_search_address_words(from_address, from_name), ' ') FILTER (WHERE direction = 'incoming') AS senders,
                 string_agg(left(body_text, LEAST(${SEARCH_BODY_CHARS_PER_ARTICLE}, ${SEARCH_BODY_CHARS_PER_TICKET} - before_chars)::int), ' ')
                   FILTER (WHERE before_chars < ${SEARCH_BODY_CHARS_PER_TICKET}) AS bodies,
                 LEAST(MAX(before_chars + LEAST(COALESCE(length(body_text), 0), ${SEARCH_BODY_CHARS_PER_ARTICLE})), ${SEARCH_BODY_CHARS_PER_TICKET})::int AS chars,
                 array_agg(DISTINCT lower(from_address)) FILTER (WHERE direction = 'incoming' AND from_address IS NOT NULL) AS senders_addresses
            FROM ordered GROUP BY ticket_id
        ),
        upserted AS (
${SEARCH_ROW_INSERT}
            FROM tickets t JOIN wanted w ON w.id = t.id LEFT JOIN parts p ON p.ticket_id = t.id
${SEARCH_ROW_UPSERT}
          RETURNING 1
        )
        SELECT count(*)::integer FROM upserted
      $$`;
}

/**
 * Intake's hot path: one UPDATE appending this article's part (its text only when `indexedArticles` holds for it).
 * With `skipSilent`, an article that adds nothing (outgoing, so no sender words, and no indexed text) only makes
 * sure its ticket has a row, instead of rewriting the row with an empty tsvector appended.
 */
export function ticketSearchArticleInsertedSql(indexedArticles: string, { skipSilent = false, deferrable = false } = {}): string {
  // Deferred (1734100000000): the transaction writes this ticket's row itself once its articles are in.
  const deferred = deferrable
    ? `
        IF NEW.ticket_id >= COALESCE(NULLIF(current_setting('${TICKET_SEARCH_DEFERRED_SETTING}', true), ''), '${MAX_BIGINT}')::bigint THEN
          RETURN NULL;
        END IF;`
    : '';
  const silentArticle = skipSilent
    ? `
        IF NOT incoming AND body_chars = 0 THEN
          IF NOT EXISTS (SELECT 1 FROM ticket_search WHERE ticket_id = NEW.ticket_id) THEN
            PERFORM ticket_search_rebuild(ARRAY[NEW.ticket_id]);
          END IF;
          RETURN NULL;
        END IF;`
    : '';
  return `
      CREATE OR REPLACE FUNCTION ticket_search_article_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        incoming boolean := NEW.direction = 'incoming';
        sender text := CASE WHEN incoming THEN lower(NEW.from_address) END;
        body_chars integer := CASE WHEN ${indexedArticles.replace(/\ba\./g, 'NEW.')} THEN LEAST(COALESCE(length(NEW.body_text), 0), ${SEARCH_BODY_CHARS_PER_ARTICLE}) ELSE 0 END;
      BEGIN${deferred}${silentArticle}
        UPDATE ticket_search s SET
          doc = s.doc
              || setweight(es_unaccent_tsvector(CASE WHEN incoming THEN ticket_search_address_words(NEW.from_address, NEW.from_name) END), 'B')
              || CASE WHEN s.indexed_chars < ${SEARCH_BODY_CHARS_PER_TICKET}
                      THEN setweight(es_unaccent_tsvector(left(NEW.body_text, LEAST(body_chars, ${SEARCH_BODY_CHARS_PER_TICKET} - s.indexed_chars))), 'C')
                      ELSE ''::tsvector END,
          indexed_chars = LEAST(s.indexed_chars + body_chars, ${SEARCH_BODY_CHARS_PER_TICKET}),
          addresses = CASE WHEN sender IS NULL OR sender = ANY (s.addresses) THEN s.addresses ELSE s.addresses || sender END
        WHERE s.ticket_id = NEW.ticket_id;
        IF NOT FOUND THEN
          PERFORM ticket_search_rebuild(ARRAY[NEW.ticket_id]);
        END IF;
        RETURN NULL;
      END $$`;
}

/** A new ticket's row (reference, subject, requester), one INSERT per ticket; replaced per statement by 1734000000000. */
export const TICKET_SEARCH_TICKET_INSERTED_FUNCTION = `
      CREATE FUNCTION ticket_search_ticket_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ticket_search (ticket_id, received_at, doc, addresses)
        VALUES (NEW.id, NEW.received_at,
                ticket_search_head(NEW.reference, NEW.subject, NEW.requester_address, NEW.requester_name, NEW.entity_name, NEW.entity_department_name),
                CASE WHEN NEW.requester_address IS NULL THEN '{}'::text[] ELSE ARRAY[lower(NEW.requester_address)] END)
        ON CONFLICT (ticket_id) DO NOTHING;
        RETURN NULL;
      END $$`;
export const TICKET_SEARCH_TICKET_INSERTED_TRIGGER = `
      CREATE TRIGGER ticket_search_ticket_inserted AFTER INSERT ON tickets
      FOR EACH ROW EXECUTE FUNCTION ticket_search_ticket_inserted()`;

/** Merges move articles between tickets; re-parsing may rewrite a body. Both rare: rebuild whole tickets. */
export function ticketSearchArticlesUpdatedSql(indexedColumns: string[]): string {
  return `
      CREATE OR REPLACE FUNCTION ticket_search_articles_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Both the ticket an article left and the one it joined.
        PERFORM ticket_search_rebuild(ARRAY(
          SELECT DISTINCT affected.ticket_id
            FROM old_rows o JOIN new_rows n ON n.id = o.id,
                 LATERAL unnest(ARRAY[o.ticket_id, n.ticket_id]) AS affected (ticket_id)
           WHERE o.ticket_id IS DISTINCT FROM n.ticket_id OR o.body_text IS DISTINCT FROM n.body_text
              OR o.from_address IS DISTINCT FROM n.from_address OR o.from_name IS DISTINCT FROM n.from_name
              OR o.direction IS DISTINCT FROM n.direction${indexedColumns.map((column) => ` OR o.${column} IS DISTINCT FROM n.${column}`).join('')}));
        RETURN NULL;
      END $$`;
}

/**
 * Spanish full-text search over tickets.
 *
 * - Configuration `es_unaccent`: `spanish` with `unaccent` before the Snowball stemmer, so
 *   "contraseña", "contrasena" and "CONTRASEÑA" are one lexeme. `es_unaccent_tsvector(text)` is
 *   an IMMUTABLE wrapper, usable in an index expression or a generated column (unaccent() alone
 *   is only STABLE).
 * - `ticket_search`: one row and one tsvector (`doc`) per ticket, apart from `tickets` so the
 *   wide, often-updated ticket row does not carry (and rewrite) it. `doc` holds the reference
 *   and subject (weight A), the requester, the entity and each sender (B) and the text of the
 *   articles (C); the GIN index is on it. `addresses` (lower-cased requester and senders)
 *   answers exact address searches; `received_at` (copied from the ticket) lets a search for a
 *   very common word stop at the newest matches.
 * - Triggers keep it right on every write path (intake worker, API, merges, CLI): a new ticket
 *   gets its row; each new article appends its part (one UPDATE, cheap for intake); the rare
 *   changes to what a ticket's part was built from (subject or entity edited, articles moved by
 *   a merge, edited or deleted) rebuild that ticket's row from tickets and articles.
 * - Outgoing articles add their text but not their sender: it is always our own mailbox and
 *   would match every answered ticket.
 */
export class TicketSearch1733300000000 implements MigrationInterface {
  name = 'TicketSearch1733300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    try {
      await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    } catch (error: unknown) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(
        `No se pudo activar la extensión unaccent de PostgreSQL (${detail}). La búsqueda de tickets la necesita: ` +
          `un superusuario debe ejecutar "CREATE EXTENSION unaccent;" en esta base de datos (paquete postgresql-contrib) y luego repetir las migraciones.`,
      );
    }
    await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = spanish)`);
    // Only the non-ASCII token types can carry accents; ASCII words go straight to the stemmer as in `spanish`.
    await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION es_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem`);
    await queryRunner.query(`
      CREATE FUNCTION es_unaccent_tsvector(document text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT to_tsvector('es_unaccent'::regconfig, COALESCE(document, '')) $$`);

    // The words an address gives: the address itself and its domain (exact tokens for the parser), and each
    // part on its own, so "tunja" finds mail from alcaldia@tunja-boyaca.gov.co.
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_address_words(address text, name text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT concat_ws(' ', lower(address), split_part(lower(address), '@', 2), regexp_replace(lower(address), '[@._+-]+', ' ', 'g'), name)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_head(reference text, subject text, requester_address text, requester_name text, entity_name text, entity_department_name text)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(es_unaccent_tsvector(concat_ws(' ', reference, left(subject, 2000))), 'A')
            || setweight(es_unaccent_tsvector(concat_ws(' ', ticket_search_address_words(requester_address, requester_name), entity_name, entity_department_name)), 'B')
      $$`);

    await queryRunner.query(`
      CREATE TABLE ticket_search (
        ticket_id bigint PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
        received_at timestamptz NOT NULL,
        doc tsvector NOT NULL,
        indexed_chars integer NOT NULL DEFAULT 0,
        addresses text[] NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`CREATE INDEX ticket_search_doc_idx ON ticket_search USING gin (doc)`);
    await queryRunner.query(`CREATE INDEX ticket_search_addresses_idx ON ticket_search USING gin (addresses)`);
    // Newest matches first for words so common that ranking every match would be slow.
    await queryRunner.query(`CREATE INDEX ticket_search_received_idx ON ticket_search (received_at DESC, ticket_id DESC)`);

    await queryRunner.query(ticketSearchRebuildSql(ALL_ARTICLES));

    await queryRunner.query(TICKET_SEARCH_TICKET_INSERTED_FUNCTION);
    await queryRunner.query(TICKET_SEARCH_TICKET_INSERTED_TRIGGER);
    // Tickets are updated constantly (status, SLA, assignee); only these columns touch the index, and rarely.
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_ticket_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ticket_search_rebuild(ARRAY[NEW.id]);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER ticket_search_ticket_updated AFTER UPDATE OF reference, subject, requester_address, requester_name, entity_name, entity_department_name, received_at
      ON tickets FOR EACH ROW
      WHEN (OLD.reference IS DISTINCT FROM NEW.reference OR OLD.subject IS DISTINCT FROM NEW.subject
         OR OLD.requester_address IS DISTINCT FROM NEW.requester_address OR OLD.requester_name IS DISTINCT FROM NEW.requester_name
         OR OLD.entity_name IS DISTINCT FROM NEW.entity_name OR OLD.entity_department_name IS DISTINCT FROM NEW.entity_department_name
         OR OLD.received_at IS DISTINCT FROM NEW.received_at)
      EXECUTE FUNCTION ticket_search_ticket_updated()`);

    await queryRunner.query(ticketSearchArticleInsertedSql(ALL_ARTICLES));
    await queryRunner.query(`
      CREATE TRIGGER ticket_search_article_inserted AFTER INSERT ON articles
      FOR EACH ROW EXECUTE FUNCTION ticket_search_article_inserted()`);
    await queryRunner.query(ticketSearchArticlesUpdatedSql([]));
    await queryRunner.query(`
      CREATE TRIGGER ticket_search_articles_updated AFTER UPDATE ON articles
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_articles_updated()`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_articles_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ticket_search_rebuild(ARRAY(SELECT DISTINCT ticket_id FROM old_rows));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER ticket_search_articles_deleted AFTER DELETE ON articles
      REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_articles_deleted()`);

    // Tickets that exist already, in batches so a large database does not build one huge statement.
    await queryRunner.query(`
      DO $$
      DECLARE
        low bigint := (SELECT min(id) FROM tickets);
        high bigint := (SELECT max(id) FROM tickets);
      BEGIN
        WHILE low <= high LOOP
          PERFORM ticket_search_rebuild(ARRAY(SELECT id FROM tickets WHERE id >= low AND id < low + 50000));
          low := low + 50000;
        END LOOP;
      END $$`);
    await queryRunner.query(`ANALYZE ticket_search`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER ticket_search_articles_deleted ON articles`);
    await queryRunner.query(`DROP TRIGGER ticket_search_articles_updated ON articles`);
    await queryRunner.query(`DROP TRIGGER ticket_search_article_inserted ON articles`);
    await queryRunner.query(`DROP TRIGGER ticket_search_ticket_updated ON tickets`);
    await queryRunner.query(`DROP TRIGGER ticket_search_ticket_inserted ON tickets`);
    await queryRunner.query(`DROP FUNCTION ticket_search_articles_deleted()`);
    await queryRunner.query(`DROP FUNCTION ticket_search_articles_updated()`);
    await queryRunner.query(`DROP FUNCTION ticket_search_article_inserted()`);
    await queryRunner.query(`DROP FUNCTION ticket_search_ticket_updated()`);
    await queryRunner.query(`DROP FUNCTION ticket_search_ticket_inserted()`);
    await queryRunner.query(`DROP TABLE ticket_search`);
    await queryRunner.query(`DROP FUNCTION ticket_search_rebuild(bigint[])`);
    await queryRunner.query(`DROP FUNCTION ticket_search_head(text, text, text, text, text, text)`);
    await queryRunner.query(`DROP FUNCTION ticket_search_address_words(text, text)`);
    await queryRunner.query(`DROP FUNCTION es_unaccent_tsvector(text)`);
    await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION es_unaccent`);
    // The unaccent extension stays: other objects may use it, and dropping needs a superuser.
  }
}
