import { normalizeText, tokenize } from './normalize-text';
import {
  CompiledRule,
  CompiledTerm,
  MESSAGE_ZONES,
  MailboxBias,
  MessageZone,
  RULE_CATEGORIES,
  RuleCategory,
  RoutingRules,
  TermToken,
} from './routing.types';
import rulesFile from './routing-rules.json';

/** Typos are only tolerated on words this long; shorter ones collide too easily ("meta"/"neta"). */
const FUZZY_MIN_LENGTH = 6;
const GAP_WORDS = 3;

export class RoutingRulesError extends Error {
  readonly code = 'ROUTING_RULES_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'RoutingRulesError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new RoutingRulesError(`${where}: se esperaba un texto no vacío`);
  return value;
}

function requireNumber(value: unknown, where: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new RoutingRulesError(`${where}: se esperaba un número mayor o igual a ${min}`);
  }
  return value;
}

function requireCategory(value: unknown, where: string): RuleCategory {
  const found = RULE_CATEGORIES.find((category) => category === value);
  if (!found) throw new RoutingRulesError(`${where}: categoría desconocida (use ${RULE_CATEGORIES.join(', ')})`);
  return found;
}

/**
 * Term syntax: words separated by spaces, matched accent- and case-insensitively;
 * `word*` matches any word starting with it; `...` lets up to three words sit in between.
 */
export function compileTerm(source: string, where: string): CompiledTerm {
  const tokens: TermToken[] = [];
  for (const raw of normalizeText(source).trim().split(/\s+/)) {
    if (raw === '...') {
      if (tokens.length === 0 || tokens[tokens.length - 1].kind === 'gap') {
        throw new RoutingRulesError(`${where}: "..." debe ir entre dos palabras en "${source}"`);
      }
      tokens.push({ kind: 'gap', max: GAP_WORDS });
      continue;
    }
    const prefix = raw.endsWith('*');
    const text = prefix ? raw.slice(0, -1) : raw;
    if (!/^[a-z0-9]+$/.test(text)) throw new RoutingRulesError(`${where}: palabra inválida "${raw}" en "${source}"`);
    tokens.push({ kind: 'word', text, prefix, fuzzy: text.length >= FUZZY_MIN_LENGTH });
  }
  if (tokens.length === 0 || tokens[tokens.length - 1].kind === 'gap') {
    throw new RoutingRulesError(`${where}: término vacío o que termina en "..."`);
  }
  return { source, tokens };
}

/** Validates a rule file (already parsed from JSON) and pre-tokenises its terms. */
export function loadRoutingRules(file: unknown): RoutingRules {
  if (!isRecord(file)) throw new RoutingRulesError('el archivo de reglas debe ser un objeto');
  const version = requireString(file.version, 'version');
  const thresholds = file.thresholds;
  if (!isRecord(thresholds)) throw new RoutingRulesError('thresholds: falta el objeto');
  const weights = file.zoneWeights;
  if (!isRecord(weights)) throw new RoutingRulesError('zoneWeights: falta el objeto');
  const zoneWeights = {} as Record<MessageZone, number>;
  for (const zone of MESSAGE_ZONES) zoneWeights[zone] = requireNumber(weights[zone], `zoneWeights.${zone}`);

  const biasesRaw = file.mailboxBiases ?? [];
  if (!Array.isArray(biasesRaw)) throw new RoutingRulesError('mailboxBiases: se esperaba una lista');
  const mailboxBiases: MailboxBias[] = biasesRaw.map((entry: unknown, i) => {
    if (!isRecord(entry)) throw new RoutingRulesError(`mailboxBiases[${i}]: se esperaba un objeto`);
    return {
      id: requireString(entry.id, `mailboxBiases[${i}].id`),
      mailbox: requireString(entry.mailbox, `mailboxBiases[${i}].mailbox`).trim().toLowerCase(),
      category: requireCategory(entry.category, `mailboxBiases[${i}].category`),
      score: requireNumber(entry.score, `mailboxBiases[${i}].score`),
    };
  });

  if (!Array.isArray(file.rules)) throw new RoutingRulesError('rules: se esperaba una lista');
  const ids = new Set<string>(mailboxBiases.map((bias) => bias.id));
  const rules: CompiledRule[] = file.rules.map((entry: unknown, i) => {
    if (!isRecord(entry)) throw new RoutingRulesError(`rules[${i}]: se esperaba un objeto`);
    const id = requireString(entry.id, `rules[${i}].id`);
    if (ids.has(id)) throw new RoutingRulesError(`rules[${i}]: id repetido "${id}"`);
    ids.add(id);
    if (!Array.isArray(entry.terms) || entry.terms.length === 0) throw new RoutingRulesError(`${id}: terms debe ser una lista no vacía`);
    return {
      id,
      category: requireCategory(entry.category, `${id}.category`),
      weight: requireNumber(entry.weight, `${id}.weight`),
      terms: entry.terms.map((term: unknown) => compileTerm(requireString(term, `${id}.terms`), id)),
    };
  });

  const ignoredRaw = file.ignoredPhrases ?? [];
  if (!Array.isArray(ignoredRaw)) throw new RoutingRulesError('ignoredPhrases: se esperaba una lista');
  const ignoredPhrases = ignoredRaw.map((phrase: unknown, i) => {
    const words = tokenize(requireString(phrase, `ignoredPhrases[${i}]`));
    if (words.length === 0) throw new RoutingRulesError(`ignoredPhrases[${i}]: frase vacía`);
    return words;
  });

  return {
    version,
    ignoredPhrases,
    zoneWeights,
    minScore: requireNumber(thresholds.minScore, 'thresholds.minScore'),
    minMargin: requireNumber(thresholds.minMargin, 'thresholds.minMargin'),
    mailboxBiases,
    rules,
  };
}

let defaults: RoutingRules | undefined;

/** The rules shipped in `routing-rules.json`, compiled once. */
export function defaultRoutingRules(): RoutingRules {
  defaults ??= loadRoutingRules(rulesFile);
  return defaults;
}
