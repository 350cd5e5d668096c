import type { RoutingCategory, RoutingRules } from '../routing/routing.types';
import type { RoutingAccuracyView, RoutingRuleRow, RoutingRulesView } from './admin.views';

/** How many tickets one rule sent to `routed` that an agent left in `final` (the SQL's aggregate rows). */
export interface RoutingOutcomeCount {
  /** tickets.matched_rule; null when routing left the ticket unclassified. */
  ruleId: string | null;
  routed: RoutingCategory;
  final: RoutingCategory;
  tickets: number;
}

const FALLBACK_DESCRIPTION = 'Ninguna regla alcanzó el puntaje o la ventaja mínimos: el ticket quedó por clasificar.';
const RETIRED_DESCRIPTION = 'Regla que ya no está en el archivo de reglas; decidió tickets con una versión anterior.';

/**
 * Accuracy of one rule from its outcome counts: a ticket counts as recategorized when
 * an agent left it in another category than routing chose (changed and changed back
 * counts as right). accuracy = 1 − recategorized / decided, null when none decided.
 */
export function accuracyOf(counts: readonly RoutingOutcomeCount[]): RoutingAccuracyView {
  let decided = 0;
  let recategorized = 0;
  const confusion = new Map<string, { from: RoutingCategory; to: RoutingCategory; tickets: number }>();
  for (const count of counts) {
    decided += count.tickets;
    if (count.routed === count.final) continue;
    recategorized += count.tickets;
    const key = `${count.routed}→${count.final}`;
    const cell = confusion.get(key) ?? { from: count.routed, to: count.final, tickets: 0 };
    cell.tickets += count.tickets;
    confusion.set(key, cell);
  }
  return {
    decided,
    recategorized,
    accuracy: decided === 0 ? null : 1 - recategorized / decided,
    confusion: [...confusion.values()].sort((a, b) => b.tickets - a.tickets || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
  };
}

/**
 * The rule file as the admin page shows it, each rule with its measured accuracy:
 * the file's rules and mailbox biases in file order, the fallback (unclassified) row,
 * then ids found on tickets that the file no longer has. Pure.
 */
export function describeRoutingRules(
  rules: RoutingRules,
  descriptions: Readonly<Record<string, string>>,
  counts: readonly RoutingOutcomeCount[],
): RoutingRulesView {
  const countsOf = (ruleId: string | null) => counts.filter((c) => c.ruleId === ruleId);
  const known = new Set<string>();
  const rows: RoutingRuleRow[] = [];
  for (const rule of rules.rules) {
    known.add(rule.id);
    rows.push({
      id: rule.id,
      kind: 'rule',
      category: rule.category,
      description: descriptions[rule.id] ?? '',
      weight: rule.weight,
      terms: rule.terms.map((t) => t.source),
      mailbox: null,
      ...accuracyOf(countsOf(rule.id)),
    });
  }
  for (const bias of rules.mailboxBiases) {
    known.add(bias.id);
    rows.push({
      id: bias.id,
      kind: 'mailbox-bias',
      category: bias.category,
      description: descriptions[bias.id] ?? '',
      weight: bias.score,
      terms: [],
      mailbox: bias.mailbox,
      ...accuracyOf(countsOf(bias.id)),
    });
  }
  rows.push({
    id: null,
    kind: 'fallback',
    category: 'unclassified',
    description: FALLBACK_DESCRIPTION,
    weight: null,
    terms: [],
    mailbox: null,
    ...accuracyOf(countsOf(null)),
  });
  const retired = [...new Set(counts.map((c) => c.ruleId).filter((id): id is string => id !== null && !known.has(id)))].sort();
  for (const id of retired) {
    rows.push({ id, kind: 'retired', category: null, description: RETIRED_DESCRIPTION, weight: null, terms: [], mailbox: null, ...accuracyOf(countsOf(id)) });
  }
  return { rulesVersion: rules.version, thresholds: { minScore: rules.minScore, minMargin: rules.minMargin }, rules: rows };
}

/**
 * id → description of the rules and mailbox biases of a rule file (already parsed
 * JSON). The compiled rules drop descriptions; the file is the only place they live.
 */
export function ruleDescriptions(file: unknown): Record<string, string> {
  const descriptions: Record<string, string> = {};
  if (typeof file !== 'object' || file === null) return descriptions;
  for (const list of [(file as { rules?: unknown }).rules, (file as { mailboxBiases?: unknown }).mailboxBiases]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list as unknown[]) {
      const { id, description } = (entry ?? {}) as { id?: unknown; description?: unknown };
      if (typeof id === 'string' && typeof description === 'string') descriptions[id] = description;
    }
  }
  return descriptions;
}
