import type { RoutingCategory } from '../routing/routing.types';
import type { SlaClock } from '../sla/sla.types';
import type { TicketStatus } from './ticket-status';
import type { EntityView } from './ticket-entity-view';
import type { SlaState } from './ticket-list.query';

/*
 * What the queue list and the sidebar counts answer, as types only: the web UI imports them
 * from here (web/src/api/types.ts), so the two cannot drift apart.
 */

/** One row of a queue list: what the agent needs to pick the next ticket. Written as JSON by buildTicketListQuery: keep the two in step. */
export interface TicketListItem {
  reference: string;
  subject: string;
  status: TicketStatus;
  category: RoutingCategory;
  queueMailbox: string;
  entity: EntityView<'department' | 'municipality' | null> | null;
  assignee: { id: string; name: string } | null;
  requester: { address: string | null; name: string | null };
  receivedAt: string;
  /** The earliest deadline of the clocks still running (null: none runs, or a pause holds them). */
  nextDue: { at: string; clock: SlaClock } | null;
  sla: SlaState;
  hasAttachments: boolean;
  version: number;
}

export interface TicketListPage {
  items: TicketListItem[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface QueueCounts {
  queueMailbox: string;
  byStatus: Record<'new' | 'open' | 'waiting', number>;
  open: number;
  mine: number;
  unassigned: number;
  warning: number;
  breached: number;
}

/** Sidebar counts, over open tickets only (new, open, waiting). */
export interface TicketCounts {
  statuses: readonly TicketStatus[];
  queues: QueueCounts[];
  totals: Omit<QueueCounts, 'queueMailbox'>;
}
