import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toBogotaIso } from '../common/time/bogota-time';
import type { TicketStatus } from '../tickets/entities/ticket.entity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboundMailer } from '../outbound/outbound-mailer.service';
import { draftLegalExtension, draftTicketResolved, TicketForMail } from '../outbound/outgoing-draft';
import { insertOutgoing } from '../outbound/outgoing-store';
import { computeSla } from './compute-sla';
import { SlaAlertsService } from './sla-alerts.service';
import { recomputeSla, SlaAlertPoint, toSlaEvent } from './sla-store';
import { SLA_POLICY } from './sla.tokens';
import { ClockStatus, LegalKind, SlaEvent, SlaPolicy } from './sla.types';

type OutgoingRef = { id: string; sendAfter: Date };

export interface LockedTicket {
  id: string;
  status: TicketStatus;
  received_at: Date;
  category: 'users' | 'tech' | 'formulation' | 'unclassified';
  mailbox_address: string;
}

export interface ClockView {
  due: string | null;
  warningAt: string | null;
  stoppedAt: string | null;
  met: boolean | null;
  marginMinutes: number;
  paused: boolean;
  targetMinutes: number;
}

export interface SlaView {
  reference: string;
  clockStart: string;
  firstResponse: ClockView;
  resolution: ClockView;
  legal: ClockView & { legalKind: LegalKind; termDays: number; extendedDays: number };
  events: Array<{ kind: string; at: string; actor: string; detail: Record<string, unknown> }>;
}

/**
 * Agents' actions that move the clocks. Each is stored as an SLA event in the same
 * transaction as the status change, the clocks are recomputed from the full
 * history, and the new alert jobs are scheduled once it has committed.
 */
@Injectable()
export class SlaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SLA_POLICY) private readonly policy: SlaPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: SlaAlertsService,
    private readonly outbound: OutboundMailer,
  ) {}

  async changeStatus(reference: string, target: TicketStatus, actor: string): Promise<{ reference: string; status: TicketStatus }> {
    await this.mutate(reference, (manager, ticket, now, outgoing) => this.applyStatus(manager, ticket, target, actor, now, outgoing));
    return { reference, status: target };
  }

  /**
   * A status change inside the caller's transaction, with the SLA events it implies
   * and, on resolution, the notice telling the official how to reopen.
   */
  async applyStatus(manager: EntityManager, ticket: LockedTicket, target: TicketStatus, actor: string, now: Date, outgoing: OutgoingRef[]): Promise<void> {
    const from = ticket.status;
    if (from === target) return;
    if (from === 'closed') throw new BadRequestException('El ticket está cerrado; no se puede cambiar su estado');
    if (target === 'new') throw new BadRequestException('Un ticket no puede volver al estado nuevo');
    const events: SlaEvent['kind'][] = [];
    if (from === 'waiting') events.push('resumed');
    // Waiting on the official means we already wrote to them: that is the first response.
    if (target === 'waiting') events.push('answered', 'waiting');
    if ((target === 'resolved' || target === 'closed') && from !== 'resolved') events.push('resolved');
    if (from === 'resolved' && (target === 'open' || target === 'waiting')) events.unshift('reopened');
    for (const kind of events) await this.insertEvent(manager, ticket.id, kind, now, actor, {});
    await manager.query(`UPDATE tickets SET status = $2, updated_at = now(), version = version + 1 WHERE id = $1`, [ticket.id, target]);
    await this.audit(manager, ticket.id, 'status-changed', actor, { from, to: target });
    ticket.status = target;
    if (target === 'resolved' && from !== 'resolved') {
      const mail = await this.ticketForMail(manager, ticket.id);
      if (mail) {
        const drafts = [draftTicketResolved(mail, { resolvedAt: now, reopenWithinDays: this.config.outbound.reopenWithinDays, key: `${ticket.id}:${now.getTime()}` })];
        outgoing.push(...(await insertOutgoing(manager, drafts)).map(({ id, draft }) => ({ id, sendAfter: draft.sendAfter })));
      }
    }
  }

  /** Ley 1755, art. 17: the request lacks information; the legal term pauses until the official completes it. */
  async markIncomplete(reference: string, actor: string, reason: string): Promise<void> {
    await this.mutate(reference, async (manager, ticket, now) => {
      if (ticket.status === 'closed' || ticket.status === 'resolved') throw new BadRequestException('El ticket ya está resuelto o cerrado');
      if (ticket.status === 'waiting') await this.insertEvent(manager, ticket.id, 'resumed', now, actor, {});
      await this.insertEvent(manager, ticket.id, 'answered', now, actor, {});
      await this.insertEvent(manager, ticket.id, 'incomplete', now, actor, { reason });
      await manager.query(`UPDATE tickets SET status = 'waiting', updated_at = now(), version = version + 1 WHERE id = $1`, [ticket.id]);
      await this.audit(manager, ticket.id, 'request-incomplete', actor, { reason });
    });
  }

  /** Ley 1755, art. 14, parágrafo: extend the legal term, with a reason, up to double the term. */
  async extendLegalTerm(reference: string, days: number, reason: string, actor: string): Promise<SlaView> {
    await this.mutate(reference, async (manager, ticket, now, outgoing) => {
      const { status } = await this.statusOf(manager, ticket, now);
      if (status.legal.stoppedAt) throw new BadRequestException('El término legal ya se cumplió con la respuesta; no se puede prorrogar');
      const room = status.legal.termDays - status.legal.extendedDays;
      if (days > room) {
        throw new BadRequestException(`La prórroga no puede superar el doble del término inicial: quedan ${room} días hábiles por prorrogar`);
      }
      await this.insertEvent(manager, ticket.id, 'extended', now, actor, { days, reason });
      await this.audit(manager, ticket.id, 'legal-term-extended', actor, { days, reason });
      // The law asks to tell the official the reason and the new date before the term ends.
      const { status: after } = await this.statusOf(manager, ticket, now);
      const mail = await this.ticketForMail(manager, ticket.id);
      if (mail && status.legal.due && after.legal.due) {
        const draft = draftLegalExtension(mail, {
          receivedAt: new Date(ticket.received_at),
          reason,
          originalDeadline: status.legal.due,
          newDeadline: after.legal.due,
          agentName: null,
          key: `${ticket.id}:${now.getTime()}`,
        });
        outgoing.push(...(await insertOutgoing(manager, [draft])).map(({ id, draft: d }) => ({ id, sendAfter: d.sendAfter })));
      }
    });
    return this.view(reference);
  }

  async setLegalKind(reference: string, legalKind: LegalKind, actor: string): Promise<SlaView> {
    await this.mutate(reference, async (manager, ticket, now) => {
      await this.insertEvent(manager, ticket.id, 'legal-kind', now, actor, { legalKind });
      await this.audit(manager, ticket.id, 'legal-kind-changed', actor, { legalKind });
    });
    return this.view(reference);
  }

  /** The clocks now, with the history they come from. */
  async view(reference: string, now: Date = new Date()): Promise<SlaView> {
    const manager = this.dataSource.manager;
    const ticket = await this.find(manager, reference, false);
    const { rows, status } = await this.statusOf(manager, ticket, now);
    const clock = (c: ClockStatus): ClockView => ({
      due: c.due ? toBogotaIso(c.due) : null,
      warningAt: c.warningAt ? toBogotaIso(c.warningAt) : null,
      stoppedAt: c.stoppedAt ? toBogotaIso(c.stoppedAt) : null,
      met: c.met,
      marginMinutes: c.marginMinutes,
      paused: c.paused,
      targetMinutes: c.targetMinutes,
    });
    return {
      reference,
      clockStart: toBogotaIso(status.clockStart),
      firstResponse: clock(status.firstResponse),
      resolution: clock(status.resolution),
      legal: { ...clock(status.legal), legalKind: status.legal.legalKind, termDays: status.legal.termDays, extendedDays: status.legal.extendedDays },
      events: rows.map((r) => ({ kind: r.kind, at: toBogotaIso(new Date(r.occurred_at)), actor: r.actor, detail: r.detail })),
    };
  }

  /** Recomputes inside a caller's transaction (e.g. a recategorisation); returns the points to schedule after commit. */
  recompute(manager: EntityManager, ticketIds: string[], now: Date = new Date()): Promise<SlaAlertPoint[]> {
    return recomputeSla(manager, this.policy, ticketIds, now);
  }

  scheduleAlerts(points: SlaAlertPoint[]): Promise<void> {
    return this.alerts.schedule(points);
  }

  private async mutate(
    reference: string,
    change: (manager: EntityManager, ticket: LockedTicket, now: Date, outgoing: OutgoingRef[]) => Promise<void>,
  ): Promise<void> {
    const outgoing: OutgoingRef[] = [];
    const points = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const ticket = await this.find(manager, reference, true);
      await change(manager, ticket, now, outgoing);
      return recomputeSla(manager, this.policy, [ticket.id], now);
    });
    await this.alerts.schedule(points);
    await this.outbound.enqueue(outgoing);
  }

  /**
   * What a mail about this ticket needs, or null when automatic mail must not go to
   * its requester (no address, an auto-generated sender, ourselves, a mail loop).
   */
  async ticketForMail(manager: EntityManager, ticketId: string, automatic = true): Promise<TicketForMail | null> {
    const [row] = await manager.query(
      `SELECT t.id, t.reference, t.subject, t.reply_from, t.requester_address, t.requester_name, t.acknowledgement_skipped,
              t.auto_generated, array(SELECT a.message_id FROM articles a WHERE a.ticket_id = t.id ORDER BY a.received_at, a.id) AS thread
       FROM tickets t WHERE t.id = $1`,
      [ticketId],
    );
    if (!row || !row.requester_address) return null;
    if (automatic && (row.auto_generated !== 'none' || row.acknowledgement_skipped !== null)) return null;
    return {
      id: String(row.id),
      reference: row.reference,
      subject: row.subject,
      replyFrom: row.reply_from,
      requesterAddress: row.requester_address,
      requesterName: row.requester_name,
      threadMessageIds: row.thread,
    };
  }

  private async find(manager: EntityManager, reference: string, lock: boolean): Promise<LockedTicket> {
    const [ticket] = await manager.query(
      `SELECT id, status, received_at, category, mailbox_address FROM tickets WHERE reference = $1${lock ? ' FOR UPDATE' : ''}`,
      [reference],
    );
    if (!ticket) throw new NotFoundException(`No existe el ticket ${reference}`);
    return { ...ticket, id: String(ticket.id) };
  }

  private eventRows(manager: EntityManager, ticketId: string) {
    return manager.query(
      `SELECT kind, occurred_at, detail, actor FROM ticket_sla_events WHERE ticket_id = $1 ORDER BY occurred_at, id`,
      [ticketId],
    ) as Promise<Array<{ kind: SlaEvent['kind']; occurred_at: Date; detail: Record<string, unknown>; actor: string }>>;
  }

  /** The clocks now, from the ticket's stored history (returned too, for explaining them). */
  private async statusOf(manager: EntityManager, ticket: LockedTicket, now: Date) {
    const rows = await this.eventRows(manager, ticket.id);
    const events = rows.map((r) => toSlaEvent(r.kind, new Date(r.occurred_at), r.detail));
    return { rows, status: computeSla(this.facts(ticket, events), this.policy, now) };
  }

  private facts(ticket: LockedTicket, events: SlaEvent[]) {
    return { receivedAt: new Date(ticket.received_at), category: ticket.category, mailboxAddress: ticket.mailbox_address, events };
  }

  private async insertEvent(manager: EntityManager, ticketId: string, kind: SlaEvent['kind'], at: Date, actor: string, detail: Record<string, unknown>) {
    await manager.query(`INSERT INTO ticket_sla_events (ticket_id, kind, occurred_at, actor, detail) VALUES ($1, $2, $3, $4, $5)`, [
      ticketId,
      kind,
      at.toISOString(),
      actor,
      JSON.stringify(detail),
    ]);
  }

  private async audit(manager: EntityManager, ticketId: string, kind: string, actor: string, detail: Record<string, unknown>) {
    await manager.query(`INSERT INTO ticket_events (ticket_id, kind, actor, detail) VALUES ($1, $2, $3, $4)`, [ticketId, kind, actor, JSON.stringify(detail)]);
  }
}
