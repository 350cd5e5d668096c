import { MAX_BIGINT, TICKET_SEARCH_DEFERRED_SETTING } from '../database/migrations/1733300000000-ticket-search';

/** A transaction's connection: a TypeORM EntityManager, or a plain pg client inside BEGIN … COMMIT. */
interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * For the rest of the caller's transaction, or until writeSearchRows: tickets inserted get no search
 * row from the triggers, and articles of tickets with id ≥ `fromTicketId` append nothing to theirs.
 * Intake defers before inserting a batch's tickets (no id yet: nothing but the tickets trigger), then
 * from the lowest new id before their articles, and writes each new ticket's row once, whole, instead
 * of its head first and the row again for every article (a second row version with all its index
 * entries). Articles of older tickets still append through the trigger, under its row lock.
 */
export async function deferSearchRows(manager: SqlRunner, fromTicketId: string = MAX_BIGINT): Promise<void> {
  await manager.query(`SELECT set_config($1, $2, true)`, [TICKET_SEARCH_DEFERRED_SETTING, fromTicketId]);
}

/** Writes the rows of the given tickets (every ticket the deferral covered) and ends the deferral. */
export async function writeSearchRows(manager: SqlRunner, ticketIds: string[]): Promise<void> {
  await manager.query(`SELECT ticket_search_rebuild($1::bigint[]), set_config($2, '', true)`, [ticketIds, TICKET_SEARCH_DEFERRED_SETTING]);
}
