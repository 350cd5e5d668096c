import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SlaService } from '../sla/sla.service';
import { findEntityByCode } from '../territory/find-entity-by-code';
import { ChangeCategoryBody } from './dto/change-category.body';
import { SetEntityBody } from './dto/set-entity.body';

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
 * an audit event.
 */
@Injectable()
export class TicketTriageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sla: SlaService,
  ) {}

  async changeCategory(reference: string, body: ChangeCategoryBody): Promise<{ reference: string; category: string; changed: boolean }> {
    const { result, points } = await this.dataSource.transaction(async (manager) => {
      const ticket = await this.lockTicket(manager, reference);
      if (ticket.category === body.category) return { result: { reference, category: ticket.category, changed: false }, points: [] };
      await manager.query(
        `INSERT INTO ticket_category_changes (ticket_id, from_category, to_category, matched_rule, rules_version, changed_by, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [ticket.id, ticket.category, body.category, ticket.matched_rule, ticket.routing_rules_version, body.changedBy, body.reason ?? null],
      );
      await manager.query(
        `UPDATE tickets SET category = $2, updated_at = now(), version = version + 1,
           tags = CASE WHEN $2 = 'users' AND NOT institutional_sender
                       THEN array(SELECT DISTINCT unnest(tags || ARRAY['non-institutional-users-request']))
                       ELSE array_remove(tags, 'non-institutional-users-request') END
         WHERE id = $1`,
        [ticket.id, body.category],
      );
      await this.event(manager, ticket.id, 'category-changed', body.changedBy, {
        from: ticket.category,
        to: body.category,
        matchedRule: ticket.matched_rule,
        reason: body.reason ?? null,
      });
      // The targets depend on the category: recompute from the original start.
      const points = await this.sla.recompute(manager, [ticket.id]);
      return { result: { reference, category: body.category, changed: true }, points };
    });
    await this.sla.scheduleAlerts(points);
    return result;
  }

  async setEntity(reference: string, body: SetEntityBody): Promise<{ reference: string; entity: ReturnType<typeof findEntityByCode> }> {
    const entity = body.code === null ? null : findEntityByCode(body.code);
    if (body.code !== null && !entity) {
      throw new BadRequestException(`El código DIVIPOLA ${body.code} no existe en la lista del DANE`);
    }
    return this.dataSource.transaction(async (manager) => {
      const ticket = await this.lockTicket(manager, reference);
      await manager.query(
        `UPDATE tickets SET entity_kind = $2, entity_code = $3, entity_name = $4, entity_department_code = $5,
           entity_department_name = $6, entity_evidence = $7, updated_at = now(), version = version + 1
         WHERE id = $1`,
        [ticket.id, entity?.kind ?? null, entity?.code ?? null, entity?.name ?? null, entity?.departmentCode ?? null, entity?.departmentName ?? null, entity ? 'agent' : null],
      );
      await this.event(manager, ticket.id, 'entity-changed', body.changedBy, {
        from: ticket.entity_code,
        to: entity?.code ?? null,
        reason: body.reason ?? null,
      });
      return { reference, entity };
    });
  }

  async history(reference: string): Promise<TicketHistory> {
    const [ticket] = await this.dataSource.query(`SELECT id FROM tickets WHERE reference = $1`, [reference]);
    if (!ticket) throw new NotFoundException(`No existe el ticket ${reference}`);
    const changes: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT from_category, to_category, matched_rule, rules_version, changed_by, reason, changed_at
       FROM ticket_category_changes WHERE ticket_id = $1 ORDER BY changed_at, id`,
      [ticket.id],
    );
    const events: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT kind, actor, detail, created_at FROM ticket_events WHERE ticket_id = $1 ORDER BY created_at, id`,
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
        detail: e.detail as Record<string, unknown>,
        createdAt: e.created_at as Date,
      })),
    };
  }

  private async lockTicket(manager: EntityManager, reference: string) {
    const [ticket] = await manager.query(
      `SELECT id, category, matched_rule, routing_rules_version, entity_code FROM tickets WHERE reference = $1 FOR UPDATE`,
      [reference],
    );
    if (!ticket) throw new NotFoundException(`No existe el ticket ${reference}`);
    return ticket as { id: string; category: string; matched_rule: string | null; routing_rules_version: string | null; entity_code: string | null };
  }

  private async event(manager: EntityManager, ticketId: string, kind: string, actor: string, detail: Record<string, unknown>): Promise<void> {
    await manager.query(`INSERT INTO ticket_events (ticket_id, kind, actor, detail) VALUES ($1, $2, $3, $4)`, [
      ticketId,
      kind,
      actor,
      JSON.stringify(detail),
    ]);
  }
}
