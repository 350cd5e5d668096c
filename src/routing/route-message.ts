import { tokenize, withinOneEdit } from './normalize-text';
import { htmlToRoutingText, isReplySubject, splitMessageZones } from './split-message-zones';
import {
  CompiledTerm,
  MessageZone,
  RULE_CATEGORIES,
  RuleCategory,
  RoutingDecision,
  RoutingInput,
  RoutingRules,
  TermWord,
} from './routing.types';

/** The words of one zone, indexed by first letter: every way a word can match shares it. */
interface ZoneIndex {
  zone: MessageZone;
  tokens: string[];
  byInitial: Map<string, number[]>;
}

/** A placeholder that no term word can match (terms are alphanumeric). */
const MASKED = '-';

function maskIdioms(tokens: string[], idioms: string[][]): string[] {
  for (const idiom of idioms) {
    for (let i = 0; i + idiom.length <= tokens.length; i++) {
      if (idiom.every((word, k) => tokens[i + k] === word)) tokens.fill(MASKED, i, i + idiom.length);
    }
  }
  return tokens;
}

function indexZone(zone: MessageZone, text: string, idioms: string[][]): ZoneIndex {
  const tokens = maskIdioms(tokenize(text), idioms);
  const byInitial = new Map<string, number[]>();
  tokens.forEach((token, i) => {
    const list = byInitial.get(token[0]);
    if (list) list.push(i);
    else byInitial.set(token[0], [i]);
  });
  return { zone, tokens, byInitial };
}

function wordMatches(token: string, word: TermWord): boolean {
  if (token[0] !== word.text[0]) return false;
  if (word.prefix) {
    if (token.startsWith(word.text)) return true;
    if (!word.fuzzy) return false;
    for (let length = word.text.length - 1; length <= word.text.length + 1; length++) {
      if (withinOneEdit(token, length, word.text)) return true;
    }
    return false;
  }
  if (token === word.text) return true;
  return word.fuzzy && withinOneEdit(token, token.length, word.text);
}

function matchFrom(tokens: string[], position: number, term: CompiledTerm, step: number): boolean {
  if (step === term.tokens.length) return true;
  const part = term.tokens[step];
  if (part.kind === 'gap') {
    for (let skip = 0; skip <= part.max; skip++) {
      if (matchFrom(tokens, position + skip, term, step + 1)) return true;
    }
    return false;
  }
  return position < tokens.length && wordMatches(tokens[position], part) && matchFrom(tokens, position + 1, term, step + 1);
}

function termMatches(zone: ZoneIndex, term: CompiledTerm): boolean {
  const first = term.tokens[0];
  if (first.kind !== 'word') return false;
  const candidates = zone.byInitial.get(first.text[0]);
  if (!candidates) return false;
  return candidates.some((position) => matchFrom(zone.tokens, position, term, 0));
}

function messageZones(input: RoutingInput, idioms: string[][]): ZoneIndex[] {
  const bodyText = input.text && input.text.trim() !== '' ? input.text : input.html ? htmlToRoutingText(input.html) : '';
  const zones: ZoneIndex[] = [indexZone('subject', input.subject, idioms)];
  for (const part of splitMessageZones(bodyText, input.subject)) zones.push(indexZone(part.zone, part.text, idioms));
  // File names speak too ("plan plurianual.xlsx"); the extension is dropped so ".xlsx" is no signal by itself.
  const names = input.attachmentNames.map((name) => name.replace(/\.[a-z0-9]{1,5}$/i, '')).join('\n');
  zones.push(indexZone('attachments', names, idioms));
  return zones.filter((zone) => zone.tokens.length > 0);
}

/** Zones the sender wrote or chose to send in this message. */
const OWN_ZONES: ReadonlySet<MessageZone> = new Set<MessageZone>(['body', 'forwarded', 'attachments']);

const emptyScores = (): Record<RuleCategory, number> => ({ users: 0, tech: 0, formulation: 0 });

/**
 * Scores a message against the rules and picks a category. Each rule counts once
 * per zone (repetition is not evidence), weighted by the zone: the subject weighs
 * most, quoted replies and signatures least. Weak or tied evidence is `unclassified`.
 */
export function routeMessage(input: RoutingInput, rules: RoutingRules): RoutingDecision {
  const zones = messageZones(input, rules.ignoredPhrases);
  const scores = emptyScores();
  const strongest: Record<RuleCategory, { id: string; score: number } | null> = { users: null, tech: null, formulation: null };
  const credit = (category: RuleCategory, id: string, score: number): void => {
    if (score <= 0) return;
    scores[category] += score;
    const best = strongest[category];
    if (!best || score > best.score) strongest[category] = { id, score };
  };

  let ownSignal = false;
  for (const rule of rules.rules) {
    let zoneWeight = 0;
    for (const zone of zones) {
      if (rule.terms.some((term) => termMatches(zone, term))) {
        zoneWeight += rules.zoneWeights[zone.zone];
        if (OWN_ZONES.has(zone.zone)) ownSignal = true;
      }
    }
    credit(rule.category, rule.id, rule.weight * zoneWeight);
  }

  const mailbox = input.mailboxAddress.trim().toLowerCase();
  for (const bias of rules.mailboxBiases) {
    if (bias.mailbox === mailbox) credit(bias.category, bias.id, bias.score);
  }

  // A reply inherits its subject and quotes from the thread; when the sender's own
  // words say nothing ("Muchas gracias, quedó solucionado") it is thread chatter, not a new request.
  if (isReplySubject(input.subject) && !ownSignal) {
    return { category: 'unclassified', matchedRule: null, score: 0, scores };
  }

  const ranked = [...RULE_CATEGORIES].sort((a, b) => scores[b] - scores[a]);
  const [top, second] = ranked;
  const score = scores[top];
  if (score < rules.minScore || score - scores[second] < rules.minMargin) {
    return { category: 'unclassified', matchedRule: null, score, scores };
  }
  return { category: top, matchedRule: strongest[top]?.id ?? null, score, scores };
}
