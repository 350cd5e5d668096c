import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The day a timestamp falls on in Bogotá: UTC−5 all year (no DST since 1993), so a fixed offset,
 * which spares a time-zone lookup per row (the reports' queries use the same expression).
 */
const BOGOTA_DAY = (column: string) => `((${column} AT TIME ZONE 'UTC') - interval '5 hours')::date`;

const ROLLUP_KEY = ['day', 'queue_mailbox', 'category', 'routed_category', 'matched_rule', 'assignee_user_id', 'department_code'];
const ROLLUP_MEASURES = [
  'received',
  'resolved',
  'first_response_met',
  'first_response_missed',
  'resolution_met',
  'resolution_missed',
  'legal_met',
  'legal_missed',
];

/**
 * The category routing chose for a ticket row `r`: the `from` of its first recategorization, else
 * its category; '' when routing did not decide it (no rules version). The same definition as the
 * admin page's routing accuracy (src/admin/routing-outcomes.query.ts).
 */
const ROUTED_CATEGORY_SQL = (r: string) => `CASE WHEN ${r}.routing_rules_version IS NULL THEN ''
  ELSE COALESCE((SELECT c.from_category FROM ticket_category_changes c WHERE c.ticket_id = ${r}.id ORDER BY c.changed_at, c.id LIMIT 1), ${r}.category) END`;

/**
 * What the tickets of `source` (rows shaped like `tickets`, aliased r) add to report_daily, times
 * `sign`: on the day each was received, one received ticket and the outcome of each clock; on the
 * day its resolution clock stopped, one resolved ticket. Merged tickets add nothing.
 */
function contributions(source: string, sign: string, routed: string = ROUTED_CATEGORY_SQL('r')): string {
  const dims = `r.queue_mailbox, r.category, ${routed} AS routed_category, COALESCE(r.matched_rule, '') AS matched_rule,
         COALESCE(r.assignee_user_id, 0) AS assignee_user_id, COALESCE(r.entity_department_code, '') AS department_code`;
  const outcome = (column: string, met: boolean) => `${sign} * (r.${column} IS ${met ? 'TRUE' : 'FALSE'})::int`;
  return `
    SELECT ${BOGOTA_DAY('r.received_at')} AS day, ${dims}, ${sign} AS received, 0 AS resolved,
           ${outcome('sla_first_response_met', true)} AS first_response_met, ${outcome('sla_first_response_met', false)} AS first_response_missed,
           ${outcome('sla_resolution_met', true)} AS resolution_met, ${outcome('sla_resolution_met', false)} AS resolution_missed,
           ${outcome('sla_legal_met', true)} AS legal_met, ${outcome('sla_legal_met', false)} AS legal_missed
      FROM ${source} r WHERE r.merged_into_ticket_id IS NULL
    UNION ALL
    SELECT ${BOGOTA_DAY('r.sla_resolved_at')}, ${dims}, 0, ${sign}, 0, 0, 0, 0, 0, 0
      FROM ${source} r WHERE r.merged_into_ticket_id IS NULL AND r.sla_resolved_at IS NOT NULL`;
}

/**
 * Adds the summed contributions to report_daily. Grouped by key (ON CONFLICT may touch a row
 * once per statement) and inserted in key order, so two transactions lock rollup rows in the
 * same order and cannot deadlock on them.
 */
function applyDeltas(contributionsSql: string, withClause = ''): string {
  const key = ROLLUP_KEY.join(', ');
  return `${withClause}
    INSERT INTO report_daily AS d (${key}, ${ROLLUP_MEASURES.join(', ')})
    SELECT ${key}, ${ROLLUP_MEASURES.map((m) => `sum(${m})`).join(', ')}
      FROM (${contributionsSql}) c
     GROUP BY ${key}
    HAVING ${ROLLUP_MEASURES.map((m) => `sum(${m}) <> 0`).join(' OR ')}
     ORDER BY ${key}
    ON CONFLICT (${key}) DO UPDATE SET ${ROLLUP_MEASURES.map((m) => `${m} = d.${m} + EXCLUDED.${m}`).join(', ')}`;
}

/** Every ticket with the `from` of its first recategorization, in one join (a rebuild reads every ticket). */
const WITH_FIRST_CHANGE = `(SELECT t.*, fc.from_category AS first_from FROM tickets t
  LEFT JOIN (SELECT DISTINCT ON (ticket_id) ticket_id, from_category FROM ticket_category_changes ORDER BY ticket_id, changed_at, id) fc ON fc.ticket_id = t.id)`;

/** The columns a ticket's contribution depends on; an UPDATE that changes none of them leaves the rollup alone. */
const CONTRIBUTION_COLUMNS = [
  'received_at',
  'sla_resolved_at',
  'queue_mailbox',
  'category',
  'matched_rule',
  'routing_rules_version',
  'assignee_user_id',
  'entity_department_code',
  'sla_first_response_met',
  'sla_resolution_met',
  'sla_legal_met',
  'merged_into_ticket_id',
];

const TRIGGERS: Array<{ name: string; table: string; fn: string; definition: string }> = [
  { name: 'report_daily_tickets_inserted', table: 'tickets', fn: 'report_daily_tickets_inserted', definition: 'AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT' },
  {
    name: 'report_daily_tickets_updated',
    table: 'tickets',
    fn: 'report_daily_tickets_updated',
    definition: 'AFTER UPDATE ON tickets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT',
  },
  { name: 'report_daily_ticket_deleted', table: 'tickets', fn: 'report_daily_ticket_deleted', definition: 'BEFORE DELETE ON tickets FOR EACH ROW' },
  { name: 'report_daily_tickets_truncated', table: 'tickets', fn: 'report_daily_tickets_truncated', definition: 'AFTER TRUNCATE ON tickets FOR EACH STATEMENT' },
  {
    name: 'report_daily_category_changes_inserted',
    table: 'ticket_category_changes',
    fn: 'report_daily_category_changes_inserted',
    definition: 'AFTER INSERT ON ticket_category_changes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT',
  },
];

const INDEXES: Array<{ name: string; definition: string }> = [
  // Times report: a year of stopped clocks read from the index alone, never from the wide ticket rows.
  {
    name: 'tickets_report_times_idx',
    definition: `ON tickets (received_at)
      INCLUDE (sla_first_response_business_minutes, sla_resolution_business_minutes, queue_mailbox, category,
               assignee_user_id, entity_department_code, entity_code)
      WHERE merged_into_ticket_id IS NULL
        AND (sla_first_response_business_minutes IS NOT NULL OR sla_resolution_business_minutes IS NOT NULL)`,
  },
  // Cutover report: mail that still reaches kpt@ after the cutover, and the tickets it creates, by week.
  { name: 'article_receipts_mailbox_received_idx', definition: 'ON article_receipts (mailbox_address, received_at)' },
  { name: 'tickets_mailbox_received_idx', definition: 'ON tickets (mailbox_address, received_at) INCLUDE (merged_into_ticket_id)' },
];

/**
 * Supervisor reports (issue 9).
 *
 * tickets
 * - sla_first_response_business_minutes, sla_resolution_business_minutes: business minutes each
 *   clock ran until it stopped, pauses (waiting for the entity) excluded; null while it runs.
 *   Written by recomputeSla (src/sla/sla-store.ts) with the rest of the clocks. NOT backfilled:
 *   the business calendar (holidays) lives in TypeScript, so tickets whose clocks stopped before
 *   this migration get the figure at their next recomputation; the times report counts only
 *   tickets that have it.
 * - sla_resolved_at: when the resolution clock stopped (the last resolution not followed by a
 *   reopening); null while it runs. Backfilled here from ticket_sla_events.
 *
 * report_daily: a daily rollup of tickets, one row per Bogotá day and (queue, category, routed
 * category, matched rule, assignee, department), '' or 0 standing for "none". Per row: tickets
 * received that day and the outcome of their three clocks (met / missed; running clocks count
 * in neither), and tickets whose resolution clock stopped that day. Merged tickets are left out.
 * Kept right by statement-level triggers on tickets (with transition tables: a bulk update such
 * as the cutover is one pass) and on ticket_category_changes (a first recategorization can change
 * the routed category), in the writer's own transaction. report_daily_rebuild() recomputes it
 * from scratch (a load that bypasses triggers, like the bench generator's, needs it);
 * test/integration/report-rollup.int-spec.ts compares it with the raw tickets.
 *
 * Indexes (see INDEXES): a covering partial index for the times report, and two for the cutover report.
 *
 * Not one transaction, so that nobody waits long on tickets (1,000,000 rows take a while):
 * the columns are a catalog change (an instant's exclusive lock); the triggers and the backfill
 * share one transaction that holds writers (never readers) until the rollup is complete, so no
 * write falls between them; the indexes are built CONCURRENTLY. Every step can run again, so a
 * migration stopped half-way is simply run again.
 */
export class ReportFigures1733500000000 implements MigrationInterface {
  name = 'ReportFigures1733500000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tickets
        ADD COLUMN IF NOT EXISTS sla_first_response_business_minutes integer,
        ADD COLUMN IF NOT EXISTS sla_resolution_business_minutes integer,
        ADD COLUMN IF NOT EXISTS sla_resolved_at timestamptz`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS report_daily (
        day date NOT NULL,
        queue_mailbox text NOT NULL,
        category text NOT NULL,
        routed_category text NOT NULL,
        matched_rule text NOT NULL,
        assignee_user_id bigint NOT NULL,
        department_code text NOT NULL,
        ${ROLLUP_MEASURES.map((m) => `${m} integer NOT NULL DEFAULT 0`).join(',\n        ')},
        PRIMARY KEY (${ROLLUP_KEY.join(', ')})
      )`);
    for (const sql of functionDefinitions()) await queryRunner.query(sql);

    await queryRunner.startTransaction();
    try {
      // Writers wait from here to the commit; readers never do.
      await queryRunner.query(`LOCK TABLE tickets, ticket_category_changes IN SHARE ROW EXCLUSIVE MODE`);
      // compute-sla.ts: the resolution clock stops at the last 'resolved' unless a 'reopened' follows it.
      await queryRunner.query(`
        UPDATE tickets t SET sla_resolved_at = l.occurred_at
          FROM (SELECT DISTINCT ON (ticket_id) ticket_id, kind, occurred_at
                  FROM ticket_sla_events WHERE kind IN ('resolved', 'reopened')
                 ORDER BY ticket_id, occurred_at DESC, id DESC) l
         WHERE l.ticket_id = t.id AND l.kind = 'resolved' AND t.sla_resolved_at IS DISTINCT FROM l.occurred_at`);
      for (const trigger of TRIGGERS) {
        await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger.name} ON ${trigger.table}`);
        await queryRunner.query(`CREATE TRIGGER ${trigger.name} ${trigger.definition} EXECUTE FUNCTION ${trigger.fn}()`);
      }
      await queryRunner.query(`SELECT report_daily_rebuild()`);
      await queryRunner.commitTransaction();
    } catch (error: unknown) {
      await queryRunner.rollbackTransaction();
      throw error;
    }

    for (const index of INDEXES) {
      // A CONCURRENTLY build that failed leaves an invalid index behind: drop it and build again.
      await queryRunner.query(`
        DO $$ BEGIN
          IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '${index.name}' AND NOT i.indisvalid) THEN
            DROP INDEX ${index.name};
          END IF;
        END $$`);
      await queryRunner.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${index.name} ${index.definition}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [...INDEXES].reverse()) await queryRunner.query(`DROP INDEX IF EXISTS ${index.name}`);
    for (const trigger of [...TRIGGERS].reverse()) await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger.name} ON ${trigger.table}`);
    for (const fn of [...TRIGGERS.map((t) => t.fn), 'report_daily_rebuild']) await queryRunner.query(`DROP FUNCTION IF EXISTS ${fn}()`);
    await queryRunner.query(`DROP TABLE IF EXISTS report_daily`);
    await queryRunner.query(`
      ALTER TABLE tickets
        DROP COLUMN IF EXISTS sla_resolved_at, DROP COLUMN IF EXISTS sla_resolution_business_minutes,
        DROP COLUMN IF EXISTS sla_first_response_business_minutes`);
  }
}

/** The rebuild and trigger functions (CREATE OR REPLACE: a second run rewrites them). */
function functionDefinitions(): string[] {
  const changed = (side: 'old' | 'new') =>
    `(SELECT x.* FROM ${side}_rows x JOIN old_rows o ON o.id = x.id JOIN new_rows n ON n.id = x.id
       WHERE (${CONTRIBUTION_COLUMNS.map((c) => `o.${c}`).join(', ')}) IS DISTINCT FROM (${CONTRIBUTION_COLUMNS.map((c) => `n.${c}`).join(', ')}))`;
  const moved = `(SELECT t.*, m.before AS routed_before, m.after AS routed_after FROM tickets t JOIN moves m ON m.id = t.id)`;
  return [
    // Reads every ticket once: compiling it (JIT) costs seconds and saves none; the hash of a million rows needs memory.
    `CREATE OR REPLACE FUNCTION report_daily_rebuild() RETURNS integer LANGUAGE plpgsql SET jit = off SET work_mem = '128MB' AS $$
     DECLARE
       written integer;
     BEGIN
       DELETE FROM report_daily;
       ${applyDeltas(contributions(WITH_FIRST_CHANGE, '1', `CASE WHEN r.routing_rules_version IS NULL THEN '' ELSE COALESCE(r.first_from, r.category) END`))};
       GET DIAGNOSTICS written = ROW_COUNT;
       RETURN written;
     END $$`,
    `CREATE OR REPLACE FUNCTION report_daily_tickets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       ${applyDeltas(contributions('new_rows', '1'))};
       RETURN NULL;
     END $$`,
    `CREATE OR REPLACE FUNCTION report_daily_tickets_updated() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       -- Most updates (version, updated_at, status, tags) change nothing the rollup counts.
       IF NOT EXISTS (SELECT 1 FROM ${changed('new')} s) THEN
         RETURN NULL;
       END IF;
       ${applyDeltas(`${contributions(changed('old'), '-1')} UNION ALL ${contributions(changed('new'), '1')}`)};
       RETURN NULL;
     END $$`,
    // Row-level and BEFORE: the routed category reads ticket_category_changes, which the
    // foreign key's cascade empties before any AFTER trigger of the DELETE would run.
    `CREATE OR REPLACE FUNCTION report_daily_ticket_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       ${applyDeltas(contributions('(SELECT OLD.*)', '-1'))};
       RETURN OLD;
     END $$`,
    `CREATE OR REPLACE FUNCTION report_daily_tickets_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       TRUNCATE report_daily;
       RETURN NULL;
     END $$`,
    // A ticket's routed category is the 'from' of its first change. The triage service writes the
    // change before the new category (then this finds nothing to move); written in the other order,
    // the ticket's rows move from its category to the change's 'from' here.
    `CREATE OR REPLACE FUNCTION report_daily_category_changes_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       ${applyDeltas(
         `${contributions(moved, '-1', 'r.routed_before')} UNION ALL ${contributions(moved, '1', 'r.routed_after')}`,
         `WITH moves AS (
            SELECT * FROM (
              SELECT t.id,
                     COALESCE((SELECT c.from_category FROM ticket_category_changes c
                                WHERE c.ticket_id = t.id AND c.id NOT IN (SELECT n.id FROM new_rows n)
                                ORDER BY c.changed_at, c.id LIMIT 1), t.category) AS before,
                     (SELECT c.from_category FROM ticket_category_changes c WHERE c.ticket_id = t.id ORDER BY c.changed_at, c.id LIMIT 1) AS after
                FROM tickets t
               WHERE t.id IN (SELECT n.ticket_id FROM new_rows n) AND t.routing_rules_version IS NOT NULL) m
             WHERE m.before IS DISTINCT FROM m.after)`,
       )};
       RETURN NULL;
     END $$`,
  ];
}
