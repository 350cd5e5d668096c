import { ROUTING_CATEGORIES, RoutingCategory, RoutingDecision, RoutingInput, RoutingRules } from './routing.types';
import { routeMessage } from './route-message';

/** One entry of `test/fixtures/routing/labelled-messages.json`. */
export interface LabelledMessage {
  id: string;
  mailbox: string;
  subject: string;
  text: string;
  attachmentNames: string[];
  label: RoutingCategory;
  note?: string;
}

export interface CategoryMetrics {
  precision: number;
  recall: number;
  support: number;
}

export interface RoutingEvaluation {
  total: number;
  accuracy: number;
  perCategory: Record<RoutingCategory, CategoryMetrics>;
  /** confusion[expected][predicted] = count */
  confusion: Record<RoutingCategory, Record<RoutingCategory, number>>;
  misses: Array<{ message: LabelledMessage; decision: RoutingDecision }>;
}

function isCategory(value: unknown): value is RoutingCategory {
  return ROUTING_CATEGORIES.some((category) => category === value);
}

/** Narrows the parsed fixture file; a malformed entry fails loudly rather than skewing the numbers. */
export function parseLabelledMessages(value: unknown): LabelledMessage[] {
  if (!Array.isArray(value)) throw new Error('el conjunto etiquetado debe ser una lista');
  return value.map((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null) throw new Error(`mensaje ${i}: se esperaba un objeto`);
    const record = entry as Record<string, unknown>;
    const { id, mailbox, subject, text, attachmentNames, label, note } = record;
    if (typeof id !== 'string' || typeof mailbox !== 'string' || typeof subject !== 'string' || typeof text !== 'string') {
      throw new Error(`mensaje ${i}: id, mailbox, subject y text deben ser textos`);
    }
    if (!Array.isArray(attachmentNames) || !attachmentNames.every((name): name is string => typeof name === 'string')) {
      throw new Error(`mensaje ${id}: attachmentNames debe ser una lista de textos`);
    }
    if (!isCategory(label)) throw new Error(`mensaje ${id}: etiqueta desconocida`);
    return { id, mailbox, subject, text, attachmentNames, label, ...(typeof note === 'string' ? { note } : {}) };
  });
}

export function toRoutingInput(message: LabelledMessage, receivedAt: Date): RoutingInput {
  return {
    subject: message.subject,
    text: message.text,
    attachmentNames: message.attachmentNames,
    mailboxAddress: message.mailbox,
    receivedAt,
  };
}

export function evaluateRouting(messages: LabelledMessage[], rules: RoutingRules, receivedAt: Date): RoutingEvaluation {
  const confusion = {} as Record<RoutingCategory, Record<RoutingCategory, number>>;
  for (const expected of ROUTING_CATEGORIES) {
    confusion[expected] = { users: 0, tech: 0, formulation: 0, unclassified: 0 };
  }
  const misses: RoutingEvaluation['misses'] = [];
  let correct = 0;
  for (const message of messages) {
    const decision = routeMessage(toRoutingInput(message, receivedAt), rules);
    confusion[message.label][decision.category]++;
    if (decision.category === message.label) correct++;
    else misses.push({ message, decision });
  }
  const perCategory = {} as Record<RoutingCategory, CategoryMetrics>;
  for (const category of ROUTING_CATEGORIES) {
    const truePositives = confusion[category][category];
    const support = ROUTING_CATEGORIES.reduce((sum, predicted) => sum + confusion[category][predicted], 0);
    const predicted = ROUTING_CATEGORIES.reduce((sum, expected) => sum + confusion[expected][category], 0);
    perCategory[category] = {
      precision: predicted === 0 ? 0 : truePositives / predicted,
      recall: support === 0 ? 0 : truePositives / support,
      support,
    };
  }
  return { total: messages.length, accuracy: messages.length === 0 ? 0 : correct / messages.length, perCategory, confusion, misses };
}
