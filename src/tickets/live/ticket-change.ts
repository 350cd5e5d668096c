import type { TicketStatus } from '../entities/ticket.entity';

/** PostgreSQL channel the tickets trigger notifies on (migration 1733250000000). */
export const TICKET_CHANGES_CHANNEL = 'ticket_changes';

/** One change of a ticket, as the trigger announces it: enough for a list to know what to refetch. */
export interface TicketChange {
  reference: string;
  queueMailbox: string;
  /** Set when the change moved the ticket out of this queue (routing, cutover), so that queue drops it. */
  previousQueueMailbox: string | null;
  status: TicketStatus;
  version: number;
  kind: 'INSERT' | 'UPDATE';
}

const STATUSES: readonly string[] = ['new', 'open', 'waiting', 'resolved', 'closed'];

/** The trigger's JSON payload, checked; null for anything else on the channel. */
export function parseTicketChange(payload: string | undefined): TicketChange | null {
  if (!payload) return null;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { reference, queueMailbox, previousQueueMailbox, status, version, kind } = value as Record<string, unknown>;
  if (typeof reference !== 'string' || typeof queueMailbox !== 'string') return null;
  if (typeof status !== 'string' || !STATUSES.includes(status)) return null;
  if (typeof version !== 'number' || (kind !== 'INSERT' && kind !== 'UPDATE')) return null;
  if (previousQueueMailbox !== null && previousQueueMailbox !== undefined && typeof previousQueueMailbox !== 'string') return null;
  return { reference, queueMailbox, previousQueueMailbox: previousQueueMailbox ?? null, status: status as TicketStatus, version, kind };
}

/** Whether a subscriber to `queue` (all queues when undefined) must hear of this change. */
export function concernsQueue(change: TicketChange, queue: string | undefined): boolean {
  return queue === undefined || change.queueMailbox === queue || change.previousQueueMailbox === queue;
}

/** Reconnection delay: doubling from `minMs` up to `maxMs`, with up to 20 % jitter so processes do not retry in step. */
export function reconnectDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.2 * random()));
}
