import type { EntityManager } from 'typeorm';
import { ROUTING_CATEGORIES, RoutingCategory } from '../routing/routing.types';
import type { RoutingOutcomeCount } from './routing-accuracy';

function asCategory(value: string): RoutingCategory {
  const found = ROUTING_CATEGORIES.find((c) => c === value);
  // The tickets.category CHECK constraint makes this unreachable; ticket_category_changes has none.
  if (!found) throw new Error(`categoría desconocida en los datos: ${value}`);
  return found;
}

/**
 * Routing outcomes counted in PostgreSQL, one row per (rule, routed category, final
 * category). Routing stores its decision on the ticket (matched_rule, category) and an
 * agent's change keeps the ticket's matched_rule and writes ticket_category_changes, so:
 * routed = from_category of the ticket's first change (else its category), final = its
 * category now. Only routed tickets (a rules version stored) that were not merged away.
 */
export async function countRoutingOutcomes(manager: EntityManager): Promise<RoutingOutcomeCount[]> {
  const rows: Array<{ rule_id: string | null; routed: string; final: string; tickets: number }> = await manager.query(
    `WITH first_change AS (
       SELECT DISTINCT ON (ticket_id) ticket_id, from_category
       FROM ticket_category_changes
       ORDER BY ticket_id, changed_at, id)
     SELECT t.matched_rule AS rule_id, COALESCE(f.from_category, t.category) AS routed, t.category AS final, count(*)::int AS tickets
     FROM tickets t
     LEFT JOIN first_change f ON f.ticket_id = t.id
     WHERE t.merged_into_ticket_id IS NULL AND t.routing_rules_version IS NOT NULL
     GROUP BY 1, 2, 3`,
  );
  return rows.map((r) => ({ ruleId: r.rule_id, routed: asCategory(r.routed), final: asCategory(r.final), tickets: r.tickets }));
}
