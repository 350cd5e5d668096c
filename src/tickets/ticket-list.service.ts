import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest } from '../common/errors/api-error';
import { parseIsoDateTime } from '../common/time/bogota-time';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { preparedQuery } from './prepared-query';
import {
  buildCountsQuery,
  buildMineCountsQuery,
  buildTicketListQuery,
  decodeCursor,
  encodeCursor,
  ListCursor,
  OPEN_STATUSES,
  TicketListFilter,
} from './ticket-list.query';
import type { QueueCounts, TicketCounts } from './ticket-list.views';

interface PageRow {
  id: string;
  sort_key: string;
  /** The TicketListItem as JSON text (see buildTicketListQuery). */
  item: string;
}

interface CountRow {
  queue_mailbox: string;
  status: 'new' | 'open' | 'waiting';
  total: number;
  unassigned: number;
  breached: number;
  warning: number;
}

/** How stale the shared sidebar counts may be. */
export const COUNTS_TTL_MS = 2000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Agents' queue lists and sidebar counts: one query each, straight SQL (see ticket-list.query.ts). */
@Injectable()
export class TicketListService {
  private shared: { at: number; rows: Promise<CountRow[]> } | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A TicketListPage as JSON text, ready to send. PostgreSQL writes every item (see
   * buildTicketListQuery); the page around them is all that is joined here.
   */
  async listJson(query: ListTicketsQuery, actorUserId: string | null, now: Date = new Date()): Promise<string> {
    const filter = this.filterOf(query, actorUserId);
    const { sql, params } = buildTicketListQuery(filter, now);
    const rows = await preparedQuery<PageRow>(this.dataSource, sql, params);
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > filter.limit && last ? encodeCursor({ sort: filter.sort, key: last.sort_key, id: String(last.id) }) : null;
    return `{"items":[${page.map((row) => row.item).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
  }

  /**
   * Every agent's sidebar refetches when the stream reports a change, so the shared
   * part is computed at most once per COUNTS_TTL_MS per process; "mine" is per agent.
   */
  async counts(actorUserId: string | null, now: Date = new Date()): Promise<TicketCounts> {
    if (!this.shared || now.getTime() - this.shared.at >= COUNTS_TTL_MS || now.getTime() < this.shared.at) {
      const { sql, params } = buildCountsQuery(now);
      const rows = this.dataSource.query(sql, params) as Promise<CountRow[]>;
      this.shared = { at: now.getTime(), rows };
      rows.catch(() => {
        if (this.shared?.rows === rows) this.shared = null;
      });
    }
    const mineQuery = actorUserId === null ? null : buildMineCountsQuery(actorUserId);
    const [rows, mineRows] = await Promise.all([
      this.shared.rows,
      mineQuery ? (this.dataSource.query(mineQuery.sql, mineQuery.params) as Promise<Array<{ queue_mailbox: string; total: number }>>) : [],
    ]);
    const empty = (): Omit<QueueCounts, 'queueMailbox'> => ({ byStatus: { new: 0, open: 0, waiting: 0 }, open: 0, mine: 0, unassigned: 0, warning: 0, breached: 0 });
    const queues = new Map<string, QueueCounts>();
    const totals = empty();
    const queueOf = (mailbox: string): QueueCounts => {
      let queue = queues.get(mailbox);
      if (!queue) {
        queue = { queueMailbox: mailbox, ...empty() };
        queues.set(mailbox, queue);
      }
      return queue;
    };
    for (const row of rows) {
      for (const target of [queueOf(row.queue_mailbox), totals]) {
        target.byStatus[row.status] += row.total;
        target.open += row.total;
        target.unassigned += row.unassigned;
        target.warning += row.warning;
        target.breached += row.breached;
      }
    }
    for (const row of mineRows) {
      for (const target of [queueOf(row.queue_mailbox), totals]) target.mine += row.total;
    }
    return { statuses: OPEN_STATUSES, queues: [...queues.values()].sort((a, b) => a.queueMailbox.localeCompare(b.queueMailbox)), totals };
  }

  private filterOf(query: ListTicketsQuery, actorUserId: string | null): TicketListFilter {
    let after: ListCursor | undefined;
    if (query.cursor !== undefined) {
      const decoded = decodeCursor(query.cursor, query.sort);
      if (!decoded) throw badRequest('CURSOR_INVALID', 'El cursor no es válido para este listado; vuelva a la primera página');
      after = decoded;
    }
    let assignee: string | undefined = query.assignee;
    if (assignee === 'me') {
      if (actorUserId === null) throw badRequest('ASSIGNEE_ME_WITHOUT_SESSION', 'assignee=me necesita una sesión iniciada');
      assignee = actorUserId;
    }
    const receivedFrom = query.receivedFrom === undefined ? undefined : instantOf(query.receivedFrom, 'receivedFrom', false);
    const receivedBefore = query.receivedTo === undefined ? undefined : instantOf(query.receivedTo, 'receivedTo', true);
    if (receivedFrom && receivedBefore && receivedFrom.getTime() >= receivedBefore.getTime()) {
      throw badRequest('RECEIVED_RANGE_EMPTY', 'receivedFrom debe ser anterior a receivedTo');
    }
    return {
      queueMailbox: query.queue?.toLowerCase(),
      category: query.category,
      statuses: query.status,
      assignee,
      sla: query.sla,
      entityCode: query.entity,
      departmentCode: query.department,
      receivedFrom,
      receivedBefore,
      hasAttachments: query.hasAttachments === undefined ? undefined : query.hasAttachments === 'true',
      sort: query.sort,
      after,
      limit: query.limit,
    };
  }
}

/** A date is a whole Bogotá day: from its start, or (as an end) up to the start of the next one. */
function instantOf(text: string, field: string, end: boolean): Date {
  const parsed = parseIsoDateTime(DATE_ONLY.test(text) ? `${text}T00:00:00-05:00` : text);
  if (!parsed) throw badRequest('INVALID_DATE', `${field} no es una fecha válida`);
  return DATE_ONLY.test(text) && end ? new Date(parsed.getTime() + DAY_MS) : parsed;
}
