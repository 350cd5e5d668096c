import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { badRequest } from '../common/errors/api-error';
import { SlaService } from '../sla/sla.service';
import { findEntityByCode } from '../territory/find-entity-by-code';
import { ChangeCategoryBody } from './dto/change-category.body';
import { SetEntityBody } from './dto/set-entity.body';
import { ticketNotFound } from './ticket-action-guard';
import { bumpTicketVersion, lockTicketForAction, recordTicketEvent, TicketActor } from './ticket-action-store';

export interface CategoryChange {
  fromCategory: string;
  toCategory: string;
  matchedRule: string | null;
  rulesVersion: string | null;
  changedBy: string;
  reason: string | null;
  changedAt: Date;
}

export interface TicketEvent {
  kind: string;
  actor: string;
  /** Text of an internal note; null for other kinds. */
  body: string | null;
  detail: Record<string, unknown>;
  createdAt: Date;
}

export interface TicketHistory {
  reference: string;
  categoryChanges: CategoryChange[];
  events: TicketEvent[];
}

/**
 * Agents' corrections to triage. Every recategorization keeps the rule that had
 * matched, so a report can show which rules are wrong; every change also leaves
 * an event in the conversation and a row in the audit log, in its transaction.
 */
@Injectable()
export class TicketTriageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sla: SlaService,
  ) {}

  async changeCategory(
    reference: string,
    body: ChangeCategoryBody,
    actor: TicketActor,
  ): Promise<{ reference: string; category: string; changed: boolean; version: number }> {
    const { result, points } = await this.dataSource.transaction(async (manager) => {
      const ticket = await lockTicketForAction(manager, reference, body.version);
      if (ticket.category === body.category) return { result: { reference, category: ticket.category, changed: false, version: ticket.version }, points: [] };
      const before = { category: ticket.category, matchedRule: ticket.matched_rule, tags: ticket.tags, version: ticket.version };
      await manager.query(
        `INSERT INTO ticket_category_changes (ticket_id, from_category, to_category, matched_rule, rules_version, changed_by, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [ticket.id, ticket.category, body.category, ticket.matched_rule, ticket.routing_rules_version, actor.email, body.reason ?? null],
      );
      const [{ tags }]: Array<{ tags: string[] }> = await manager.query(
        `WITH changed AS (
           UPDATE tickets SET category = $2,
             tags = CASE WHEN $2 = 'users' AND NOT institutional_sender
                         THEN array(SELECT DISTINCT unnest(tags || ARRAY['non-institutional-users-request']))
                         ELSE array_remove(tags, 'non-institutional-users-request') END
           WHERE id = $1 RETURNING tags)
         SELECT tags FROM changed`,
        [ticket.id, body.category],
      );
      const version = await bumpTicketVersion(manager, ticket);
      await recordTicketEvent(manager, ticket.id, 'category-changed', actor, {
        from: ticket.category,
        to: body.category,
        matchedRule: ticket.matched_rule,
        reason: body.reason ?? null,
      });
      await recordAudit(manager, {
        actor,
        action: 'ticket.category',
        subjectType: 'ticket',
        subjectId: ticket.reference,
        ticketId: ticket.id,
        before,
        after: { category: body.category, reason: body.reason ?? null, tags, version },
      });
      // The targets depend on the category: recompute from the original start.
      const points = await this.sla.recompute(manager, [ticket.id]);
      return { result: { reference, category: body.category, changed: true, version }, points };
    });
    await this.sla.scheduleAlerts(points);
    return result;
  }

  async setEntity(
    reference: string,
    body: SetEntityBody,
    actor: TicketActor,
  ): Promise<{ reference: string; entity: ReturnType<typeof findEntityByCode>; version: number }> {
    const entity = body.code === null ? null : findEntityByCode(body.code);
    if (body.code !== null && !entity) {
      throw badRequest('ENTITY_CODE_UNKNOWN', `El código DIVIPOLA ${body.code} no existe en la lista del DANE`);
    }
    return this.dataSource.transaction(async (manager) => {
      const ticket = await lockTicketForAction(manager, reference, body.version);
      const before = { entityCode: ticket.entity_code, version: ticket.version };
      await manager.query(
        `UPDATE tickets SET entity_kind = $2, entity_code = $3, entity_name = $4, entity_department_code = $5,
           entity_department_name = $6, entity_evidence = $7
         WHERE id = $1`,
        [ticket.id, entity?.kind ?? null, entity?.code ?? null, entity?.name ?? null, entity?.departmentCode ?? null, entity?.departmentName ?? null, entity ? 'agent' : null],
      );
      const version = await bumpTicketVersion(manager, ticket);
      await recordTicketEvent(manager, ticket.id, 'entity-changed', actor, {
        from: ticket.entity_code,
        to: entity?.code ?? null,
        name: entity?.name ?? null,
        reason: body.reason ?? null,
      });
      await recordAudit(manager, {
        actor,
        action: 'ticket.entity',
        subjectType: 'ticket',
        subjectId: ticket.reference,
        ticketId: ticket.id,
        before,
        after: { entityCode: entity?.code ?? null, entityName: entity?.name ?? null, reason: body.reason ?? null, version },
      });
      return { reference, entity, version };
    });
  }

  async history(reference: string): Promise<TicketHistory> {
    const [ticket] = await this.dataSource.query(`SELECT id FROM tickets WHERE reference = $1`, [reference]);
    if (!ticket) throw ticketNotFound(reference);
    const changes: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT from_category, to_category, matched_rule, rules_version, changed_by, reason, changed_at
       FROM ticket_category_changes WHERE ticket_id = $1 ORDER BY changed_at, id`,
      [ticket.id],
    );
    const events: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT kind, actor, detail, body, created_at FROM ticket_events WHERE ticket_id = $1 ORDER BY created_at, id`,
      [ticket.id],
    );
    return {
      reference,
      categoryChanges: changes.map((c) => ({
        fromCategory: String(c.from_category),
        toCategory: String(c.to_category),
        matchedRule: (c.matched_rule as string | null) ?? null,
        rulesVersion: (c.rules_version as string | null) ?? null,
        changedBy: String(c.changed_by),
        reason: (c.reason as string | null) ?? null,
        changedAt: c.changed_at as Date,
      })),
      events: events.map((e) => ({
        kind: String(e.kind),
        actor: String(e.actor),
        body: (e.body as string | null) ?? null,
        detail: e.detail as Record<string, unknown>,
        createdAt: e.created_at as Date,
      })),
    };
  }
}
