import { HttpStatus } from '@nestjs/common';
import { ApiError, conflict } from '../common/errors/api-error';
import type { TicketStatus } from './entities/ticket.entity';
import { actionRefusal } from './ticket-action-guard';

/** What a merge needs to know of each ticket, read under FOR UPDATE. */
export interface MergeSide {
  id: string;
  reference: string;
  version: number;
  status: TicketStatus;
  receivedAt: Date;
  tags: readonly string[];
  /** Reference of the ticket this one was merged into, or null. */
  mergedIntoReference: string | null;
}

export interface MergePlan {
  /** The survivor keeps the earliest receipt: its clocks count from when the request first arrived. */
  survivorReceivedAt: Date;
  receivedAtMoved: boolean;
  /** Tags of both, the survivor's first. */
  survivorTags: string[];
  /** The merged ticket is closed unless it already was. */
  closeSource: boolean;
}

export type MergeDecision = { ok: true; plan: MergePlan } | { ok: false; error: ApiError };

/**
 * Whether `source` may be merged into `survivor`, and what the survivor becomes. Pure.
 * `expectedVersion` is the source's version the client saw. A survivor that was itself
 * merged, or is closed, is refused: replies must land in a ticket someone still works.
 */
export function planMerge(source: MergeSide, survivor: MergeSide, expectedVersion: number): MergeDecision {
  if (source.id === survivor.id) {
    return { ok: false, error: new ApiError(HttpStatus.BAD_REQUEST, 'TICKET_MERGE_SELF', `No se puede fusionar el ticket ${source.reference} consigo mismo.`) };
  }
  const refusal = actionRefusal(source, expectedVersion);
  if (refusal) return { ok: false, error: refusal };
  if (survivor.mergedIntoReference !== null) {
    return {
      ok: false,
      error: conflict(
        'TICKET_MERGE_TARGET_MERGED',
        `El ticket ${survivor.reference} ya se fusionó con ${survivor.mergedIntoReference}; fusione con ese ticket.`,
        { mergedInto: survivor.mergedIntoReference },
      ),
    };
  }
  if (survivor.status === 'closed') {
    return { ok: false, error: conflict('TICKET_MERGE_TARGET_CLOSED', `El ticket ${survivor.reference} está cerrado; no puede recibir otro ticket.`) };
  }
  const earliest = source.receivedAt < survivor.receivedAt ? source.receivedAt : survivor.receivedAt;
  return {
    ok: true,
    plan: {
      survivorReceivedAt: earliest,
      receivedAtMoved: earliest.getTime() !== survivor.receivedAt.getTime(),
      survivorTags: [...new Set([...survivor.tags, ...source.tags])],
      closeSource: source.status !== 'closed',
    },
  };
}
