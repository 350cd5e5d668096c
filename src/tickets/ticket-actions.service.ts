import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import type { SessionActor } from '../auth/auth.types';
import { badRequest } from '../common/errors/api-error';
import { toBogotaIso } from '../common/time/bogota-time';
import { SlaService } from '../sla/sla.service';
import type { TicketStatus } from './entities/ticket.entity';
import { AddNoteBody } from './dto/add-note.body';
import { AssignTicketBody, TakeTicketBody } from './dto/assign-ticket.body';
import { SetTagsBody } from './dto/set-tags.body';
import { bumpTicketVersion, lockTicketForAction, recordTicketEvent } from './ticket-action-store';
import { diffTags, MAX_TAG_LENGTH, normalizeTags } from './ticket-tags';

export interface AssigneeView {
  id: string;
  email: string;
  name: string;
}

export interface AssignmentResult {
  reference: string;
  version: number;
  status: TicketStatus;
  assignee: AssigneeView | null;
  changed: boolean;
}

export interface TagsResult {
  reference: string;
  version: number;
  tags: string[];
  changed: boolean;
}

export interface NoteView {
  id: string;
  reference: string;
  kind: 'note';
  body: string;
  actor: string;
  actorUserId: string;
  createdAt: string;
  /** Unchanged by a note: notes do not bump the ticket's version. */
  version: number;
}

/**
 * Agents' work on a ticket besides mail and triage: who has it, internal notes, tags.
 * Each action is one transaction: lock and check (merged, stale version), change, bump
 * the version once, leave an event for the conversation and a row in the audit log.
 */
@Injectable()
export class TicketActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sla: SlaService,
  ) {}

  /** The agent takes the ticket for themself; a new ticket becomes open (someone is on it). */
  take(reference: string, body: TakeTicketBody, actor: SessionActor): Promise<AssignmentResult> {
    return this.assignTo(reference, body.version, actor.userId, actor, 'ticket.take');
  }

  /**
   * Any role may assign to any enabled account: the desk is small and agents hand
   * tickets to each other when one is away; the audit log keeps who moved what.
   */
  assign(reference: string, body: AssignTicketBody, actor: SessionActor): Promise<AssignmentResult> {
    return this.assignTo(reference, body.version, body.assigneeId, actor, 'ticket.assign');
  }

  async addNote(reference: string, body: AddNoteBody, actor: SessionActor): Promise<NoteView> {
    const text = body.body.trim();
    if (!text) throw badRequest('NOTE_EMPTY', 'La nota no puede estar vacía');
    return this.dataSource.transaction(async (manager) => {
      const ticket = await lockTicketForAction(manager, reference, undefined);
      const [event]: Array<{ id: string; created_at: Date }> = await manager.query(
        `INSERT INTO ticket_events (ticket_id, kind, actor, actor_user_id, detail, body) VALUES ($1, 'note', $2, $3, '{}', $4)
         RETURNING id::text AS id, created_at`,
        [ticket.id, actor.email, actor.userId, text],
      );
      // Activity without a version bump: lists sort by it, nobody's pending edit goes stale.
      await manager.query(`UPDATE tickets SET updated_at = now() WHERE id = $1`, [ticket.id]);
      await recordAudit(manager, {
        actor,
        action: 'ticket.note',
        subjectType: 'ticket',
        subjectId: ticket.reference,
        ticketId: ticket.id,
        before: null,
        after: { noteId: event.id, length: text.length },
      });
      return {
        id: event.id,
        reference: ticket.reference,
        kind: 'note',
        body: text,
        actor: actor.email,
        actorUserId: actor.userId,
        createdAt: toBogotaIso(new Date(event.created_at)),
        version: ticket.version,
      };
    });
  }

  async setTags(reference: string, body: SetTagsBody, actor: SessionActor): Promise<TagsResult> {
    const tags = normalizeTags(body.tags);
    const tooLong = tags.find((t) => t.length > MAX_TAG_LENGTH);
    if (tooLong) throw badRequest('TAG_TOO_LONG', `La etiqueta "${tooLong}" pasa de ${MAX_TAG_LENGTH} caracteres`);
    return this.dataSource.transaction(async (manager) => {
      const ticket = await lockTicketForAction(manager, reference, body.version);
      const { added, removed } = diffTags(ticket.tags, tags);
      if (added.length === 0 && removed.length === 0) return { reference: ticket.reference, version: ticket.version, tags: ticket.tags, changed: false };
      const before = { tags: ticket.tags, version: ticket.version };
      await manager.query(`UPDATE tickets SET tags = $2::text[] WHERE id = $1`, [ticket.id, tags]);
      const version = await bumpTicketVersion(manager, ticket);
      await recordTicketEvent(manager, ticket.id, 'tags-changed', actor, { added, removed, tags });
      await recordAudit(manager, { actor, action: 'ticket.tags', subjectType: 'ticket', subjectId: ticket.reference, ticketId: ticket.id, before, after: { tags, version } });
      return { reference: ticket.reference, version, tags, changed: true };
    });
  }

  private async assignTo(reference: string, expectedVersion: number, assigneeId: string | null, actor: SessionActor, action: string): Promise<AssignmentResult> {
    const outgoing: Array<{ id: string; sendAfter: Date }> = [];
    const { result, points } = await this.dataSource.transaction(async (manager) => {
      const ticket = await lockTicketForAction(manager, reference, expectedVersion);
      const assignee = assigneeId === null ? null : await this.enabledAccount(manager, assigneeId);
      const opens = action === 'ticket.take' && ticket.status === 'new';
      if (ticket.assignee_user_id === assigneeId && !opens) {
        return { result: { reference: ticket.reference, version: ticket.version, status: ticket.status, assignee, changed: false }, points: [] };
      }
      const before = { assigneeId: ticket.assignee_user_id, status: ticket.status, version: ticket.version };
      const previous = ticket.assignee_user_id === null ? null : await this.account(manager, ticket.assignee_user_id);
      await manager.query(`UPDATE tickets SET assignee_user_id = $2 WHERE id = $1`, [ticket.id, assigneeId]);
      if (opens) await this.sla.applyStatus(manager, ticket, 'open', actor, new Date(), outgoing);
      const version = await bumpTicketVersion(manager, ticket);
      await recordTicketEvent(manager, ticket.id, 'assigned', actor, { assignee, previous, taken: action === 'ticket.take' });
      await recordAudit(manager, {
        actor,
        action,
        subjectType: 'ticket',
        subjectId: ticket.reference,
        ticketId: ticket.id,
        before,
        after: { assigneeId, assigneeEmail: assignee?.email ?? null, status: ticket.status, version },
      });
      const points = opens ? await this.sla.recompute(manager, [ticket.id]) : [];
      return { result: { reference: ticket.reference, version, status: ticket.status, assignee, changed: true }, points };
    });
    await this.sla.scheduleAlerts(points);
    return result;
  }

  /** Accounts are the users feature's; here only a read of whether one may hold tickets. */
  private async enabledAccount(manager: EntityManager, id: string): Promise<AssigneeView> {
    const [row]: Array<AssigneeView & { disabled: boolean }> = await manager.query(
      `SELECT id::text AS id, email, name, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1`,
      [id],
    );
    if (!row) throw badRequest('ASSIGNEE_NOT_FOUND', `No existe la cuenta ${id}`);
    if (row.disabled) throw badRequest('ASSIGNEE_DISABLED', `La cuenta ${row.email} está deshabilitada; no se le pueden asignar tickets`);
    return { id: row.id, email: row.email, name: row.name };
  }

  private async account(manager: EntityManager, id: string): Promise<AssigneeView | null> {
    const [row]: AssigneeView[] = await manager.query(`SELECT id::text AS id, email, name FROM users WHERE id = $1`, [id]);
    return row ?? null;
  }
}

