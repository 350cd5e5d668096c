import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { badRequest } from '../common/errors/api-error';
import { toBogotaIso } from '../common/time/bogota-time';
import { ticketNotFound } from '../tickets/ticket-action-guard';
import { bumpTicketVersion, lockTicketForAction, recordTicketEvent, TicketActor } from '../tickets/ticket-action-store';
import type { TicketStatus } from '../tickets/entities/ticket.entity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboundMailer } from '../outbound/outbound-mailer.service';
import { draftLegalExtension, draftTicketResolved, TicketForMail } from '../outbound/outgoing-draft';
import { insertOutgoing } from '../outbound/outgoing-store';
import { computeSla } from './compute-sla';
import { SlaAlertsService } from './sla-alerts.service';
import { toSlaClocks, type SlaClocks } from './sla-clocks-view';
import { recomputeSla, SlaAlertPoint, toSlaEvent } from './sla-store';
import { SLA_POLICY } from './sla.tokens';
import { LegalKind, SlaEvent, SlaPolicy } from './sla.types';

type OutgoingRef = { id: string; sendAfter: Date };

/** What an action leaves in the audit log besides who and where (the ticket's version is added). */
interface ActionRecord {
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface LockedTicket {
  id: string;
  status: TicketStatus;
  received_at: Date;
  category: 'users' | 'tech' | 'formulation' | 'unclassified';
  mailbox_address: string;
}

export interface SlaView extends SlaClocks {
  reference: string;
  status: TicketStatus;
  /** The ticket's version: send it back with the next action. */
  version: number;
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

  /** The status an agent chose; `expectedVersion` is the ticket version the agent saw. */
  async changeStatus(reference: string, target: TicketStatus, actor: TicketActor, expectedVersion: number): Promise<void> {
    await this.mutate(reference, actor, expectedVersion, async (manager, ticket, now, outgoing) => {
      const from = ticket.status;
      await this.applyStatus(manager, ticket, target, actor, now, outgoing);
      return from === target ? null : { action: 'ticket.status', before: { status: from }, after: { status: target } };
    });
  }

  /**
   * A status change inside the caller's transaction, with the SLA events it implies
   * and, on resolution, the notice telling the official how to reopen. The caller
   * locked the ticket and bumps its version once for the whole action.
   */
  async applyStatus(manager: EntityManager, ticket: LockedTicket, target: TicketStatus, actor: TicketActor, now: Date, outgoing: OutgoingRef[]): Promise<void> {
    const from = ticket.status;
    if (from === target) return;
    if (from === 'closed') throw badRequest('TICKET_CLOSED', 'El ticket está cerrado; no se puede cambiar su estado');
    if (target === 'new') throw badRequest('TICKET_STATUS_INVALID', 'Un ticket no puede volver al estado nuevo');
    const events: SlaEvent['kind'][] = [];
    if (from === 'waiting') events.push('resumed');
    // Waiting on the official means we already wrote to them: that is the first response.
    if (target === 'waiting') events.push('answered', 'waiting');
    if ((target === 'resolved' || target === 'closed') && from !== 'resolved') events.push('resolved');
    if (from === 'resolved' && (target === 'open' || target === 'waiting')) events.unshift('reopened');
    for (const kind of events) await this.insertEvent(manager, ticket.id, kind, now, actor, {});
    await manager.query(`UPDATE tickets SET status = $2, updated_at = now() WHERE id = $1`, [ticket.id, target]);
    await recordTicketEvent(manager, ticket.id, 'status-changed', actor, { from, to: target });
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
  async markIncomplete(reference: string, actor: TicketActor, reason: string, expectedVersion?: number): Promise<void> {
    await this.mutate(reference, actor, expectedVersion, async (manager, ticket, now) => {
      if (ticket.status === 'closed' || ticket.status === 'resolved') throw badRequest('TICKET_ALREADY_RESOLVED', 'El ticket ya está resuelto o cerrado');
      if (ticket.status === 'waiting') await this.insertEvent(manager, ticket.id, 'resumed', now, actor, {});
      await this.insertEvent(manager, ticket.id, 'answered', now, actor, {});
      await this.insertEvent(manager, ticket.id, 'incomplete', now, actor, { reason });
      await manager.query(`UPDATE tickets SET status = 'waiting', updated_at = now() WHERE id = $1`, [ticket.id]);
      await recordTicketEvent(manager, ticket.id, 'request-incomplete', actor, { reason });
      return { action: 'ticket.incomplete', before: { status: ticket.status }, after: { status: 'waiting', reason } };
    });
  }

  /** Ley 1755, art. 14, parágrafo: extend the legal term, with a reason, up to double the term. */
  async extendLegalTerm(reference: string, days: number, reason: string, actor: TicketActor, expectedVersion?: number): Promise<SlaView> {
    await this.mutate(reference, actor, expectedVersion, async (manager, ticket, now, outgoing) => {
      const { status } = await this.statusOf(manager, ticket, now);
      if (status.legal.stoppedAt) throw badRequest('LEGAL_TERM_STOPPED', 'El término legal ya se cumplió con la respuesta; no se puede prorrogar');
      const room = status.legal.termDays - status.legal.extendedDays;
      if (days > room) {
        throw badRequest('LEGAL_EXTENSION_TOO_LONG', `La prórroga no puede superar el doble del término inicial: quedan ${room} días hábiles por prorrogar`);
      }
      await this.insertEvent(manager, ticket.id, 'extended', now, actor, { days, reason });
      await recordTicketEvent(manager, ticket.id, 'legal-term-extended', actor, { days, reason });
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
      return {
        action: 'ticket.legal-extension',
        before: { legalDue: status.legal.due, extendedDays: status.legal.extendedDays },
        after: { legalDue: after.legal.due, extendedDays: after.legal.extendedDays, days, reason },
      };
    });
    return this.view(reference);
  }

  async setLegalKind(reference: string, legalKind: LegalKind, actor: TicketActor, expectedVersion?: number): Promise<SlaView> {
    await this.mutate(reference, actor, expectedVersion, async (manager, ticket, now) => {
      const { status } = await this.statusOf(manager, ticket, now);
      await this.insertEvent(manager, ticket.id, 'legal-kind', now, actor, { legalKind });
      await recordTicketEvent(manager, ticket.id, 'legal-kind-changed', actor, { legalKind });
      return { action: 'ticket.legal-kind', before: { legalKind: status.legal.legalKind }, after: { legalKind } };
    });
    return this.view(reference);
  }

  /** The clocks now, with the history they come from. */
  async view(reference: string, now: Date = new Date()): Promise<SlaView> {
    // One snapshot for the ticket and its events: read apart, a commit in between (the
    // official's reply reopening the ticket) could show the new events with the old status.
    const { ticket, rows, status } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const found = await this.find(manager, reference);
      return { ticket: found, ...(await this.statusOf(manager, found, now)) };
    });
    return {
      reference,
      status: ticket.status,
      version: ticket.version,
      ...toSlaClocks(status),
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

  /**
   * One action in one transaction: lock and check the ticket (merged, stale version),
   * change it, bump its version once, audit who did what from where, recompute the clocks.
   * A change that returns null changed nothing: no bump, no audit.
   */
  private async mutate(
    reference: string,
    actor: TicketActor,
    expectedVersion: number | undefined,
    change: (manager: EntityManager, ticket: LockedTicket, now: Date, outgoing: OutgoingRef[]) => Promise<ActionRecord | null>,
  ): Promise<void> {
    const outgoing: OutgoingRef[] = [];
    const points = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const ticket = await lockTicketForAction(manager, reference, expectedVersion);
      const before = ticket.version;
      const record = await change(manager, ticket, now, outgoing);
      if (record) {
        const version = await bumpTicketVersion(manager, ticket);
        await recordAudit(manager, {
          actor,
          action: record.action,
          subjectType: 'ticket',
          subjectId: ticket.reference,
          ticketId: ticket.id,
          before: { ...record.before, version: before },
          after: { ...record.after, version },
        });
      }
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

  private async find(manager: EntityManager, reference: string): Promise<LockedTicket & { version: number }> {
    const [ticket] = await manager.query(`SELECT id, status, received_at, category, mailbox_address, version FROM tickets WHERE reference = $1`, [reference]);
    if (!ticket) throw ticketNotFound(reference);
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

  /** SLA history keeps the actor as text (the account's e-mail, or 'intake' / 'sistema'). */
  async insertEvent(manager: EntityManager, ticketId: string, kind: SlaEvent['kind'], at: Date, actor: TicketActor, detail: Record<string, unknown>) {
    await manager.query(`INSERT INTO ticket_sla_events (ticket_id, kind, occurred_at, actor, detail) VALUES ($1, $2, $3, $4, $5)`, [
      ticketId,
      kind,
      at.toISOString(),
      actor.email,
      JSON.stringify(detail),
    ]);
  }
}
