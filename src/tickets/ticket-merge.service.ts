import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import type { SessionActor } from '../auth/auth.types';
import { SlaService } from '../sla/sla.service';
import { MergeTicketBody } from './dto/merge-ticket.body';
import { planMerge } from './merge-plan';
import { ACTION_TICKET_COLUMNS, ActionTicket, bumpTicketVersion, recordTicketEvent } from './ticket-action-store';
import { ticketNotFound } from './ticket-action-guard';

export interface MergeResult {
  /** The merged ticket, now closed and pointing at the survivor. */
  reference: string;
  version: number;
  mergedInto: string;
  survivorVersion: number;
  movedArticles: number;
}

/**
 * Merges a duplicate ticket into the one that stays. Its articles (and their outgoing
 * rows) move to the survivor, so In-Reply-To and References of later replies find the
 * survivor; the merged ticket is closed and points at the survivor, so replies naming
 * its reference (subject token, our Message-IDs) are redirected by intake too.
 */
@Injectable()
export class TicketMergeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sla: SlaService,
  ) {}

  async merge(reference: string, body: MergeTicketBody, actor: SessionActor): Promise<MergeResult> {
    const outgoing: Array<{ id: string; sendAfter: Date }> = [];
    const { result, points } = await this.dataSource.transaction(async (manager) => {
      // Both rows locked in id order: two merges of the same pair, either way round, cannot deadlock.
      const rows: Array<ActionTicket & { merged_into_reference: string | null }> = await manager.query(
        `SELECT ${ACTION_TICKET_COLUMNS}, (SELECT s.reference FROM tickets s WHERE s.id = t.merged_into_ticket_id) AS merged_into_reference
         FROM tickets t WHERE t.reference = ANY($1::text[]) ORDER BY t.id FOR UPDATE OF t`,
        [[reference, body.into]],
      );
      const source = rows.find((r) => r.reference === reference);
      if (!source) throw ticketNotFound(reference);
      const survivor = rows.find((r) => r.reference === body.into);
      if (!survivor) throw ticketNotFound(body.into);
      const side = (t: (typeof rows)[number]) => ({
        id: t.id,
        reference: t.reference,
        version: t.version,
        status: t.status,
        receivedAt: new Date(t.received_at),
        tags: t.tags,
        mergedIntoReference: t.merged_into_reference,
      });
      const decision = planMerge(side(source), side(survivor), body.version);
      if (!decision.ok) throw decision.error;
      const { plan } = decision;
      const now = new Date();
      const sourceBefore = { status: source.status, version: source.version };
      const survivorBefore = { receivedAt: survivor.received_at, tags: survivor.tags, version: survivor.version };

      const moved: Array<{ id: string }> = await manager.query(`WITH moved AS (UPDATE articles SET ticket_id = $2 WHERE ticket_id = $1 RETURNING id) SELECT id FROM moved`, [
        source.id,
        survivor.id,
      ]);
      await manager.query(`UPDATE outgoing_messages SET ticket_id = $2 WHERE ticket_id = $1`, [source.id, survivor.id]);
      if (plan.closeSource) await this.sla.applyStatus(manager, source, 'closed', actor, now, outgoing);
      await manager.query(`UPDATE tickets SET merged_into_ticket_id = $2, merged_at = $3 WHERE id = $1`, [source.id, survivor.id, now.toISOString()]);
      // Tickets merged into the source earlier now point at the survivor: the pointer stays one hop.
      await manager.query(`UPDATE tickets SET merged_into_ticket_id = $2 WHERE merged_into_ticket_id = $1`, [source.id, survivor.id]);
      await manager.query(`UPDATE tickets SET received_at = $2, tags = $3::text[] WHERE id = $1`, [survivor.id, plan.survivorReceivedAt.toISOString(), plan.survivorTags]);
      const version = await bumpTicketVersion(manager, source);
      const survivorVersion = await bumpTicketVersion(manager, survivor);

      const movedArticles = moved.length;
      await recordTicketEvent(manager, source.id, 'merged-into', actor, { into: survivor.id, intoReference: survivor.reference, movedArticles });
      await recordTicketEvent(manager, survivor.id, 'merged-from', actor, { from: source.id, fromReference: source.reference, movedArticles });
      await recordAudit(manager, {
        actor,
        action: 'ticket.merge',
        subjectType: 'ticket',
        subjectId: source.reference,
        ticketId: source.id,
        before: sourceBefore,
        after: { status: 'closed', mergedInto: survivor.reference, movedArticles, version },
      });
      await recordAudit(manager, {
        actor,
        action: 'ticket.merge-received',
        subjectType: 'ticket',
        subjectId: survivor.reference,
        ticketId: survivor.id,
        before: survivorBefore,
        after: { receivedAt: plan.survivorReceivedAt, tags: plan.survivorTags, mergedFrom: source.reference, movedArticles, version: survivorVersion },
      });
      // The survivor may now count from an earlier receipt; the merged ticket's clocks stop.
      const points = await this.sla.recompute(manager, [source.id, survivor.id], now);
      return { result: { reference: source.reference, version, mergedInto: survivor.reference, survivorVersion, movedArticles }, points };
    });
    await this.sla.scheduleAlerts(points);
    return result;
  }
}
