/** Where a ticket goes: the three queues of the help desk, or an agent decides. */
export const ROUTING_CATEGORIES = ['users', 'tech', 'formulation', 'unclassified'] as const;
export type RoutingCategory = (typeof ROUTING_CATEGORIES)[number];

/** Categories that rules can vote for; `unclassified` is only ever the absence of a confident vote. */
export const RULE_CATEGORIES = ['users', 'tech', 'formulation'] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/**
 * Parts of a message that carry different weight: what the sender wrote now
 * (`body`), what they forward on purpose (`forwarded`), earlier replies they
 * left below (`quoted`) and their signature block.
 */
export const MESSAGE_ZONES = ['subject', 'body', 'forwarded', 'quoted', 'signature', 'attachments'] as const;
export type MessageZone = (typeof MESSAGE_ZONES)[number];

export interface RoutingInput {
  subject: string;
  text: string | null;
  html?: string | null;
  attachmentNames: string[];
  /** The help-desk mailbox the message arrived at, e.g. `kpt@dnp.gov.co`. */
  mailboxAddress: string;
  receivedAt: Date;
}

export interface RoutingDecision {
  category: RoutingCategory;
  /** Id of the strongest contributing rule of the winning category; null when unclassified. */
  matchedRule: string | null;
  /** Score of the winning category (the best score when unclassified). */
  score: number;
  scores: Record<RuleCategory, number>;
}

/** One word of a term: exact, or a prefix when written with a trailing `*`. */
export interface TermWord {
  kind: 'word';
  text: string;
  prefix: boolean;
  /** Tolerate one typo (edit) when the word is long enough to make that safe. */
  fuzzy: boolean;
}

/** `...` inside a phrase: up to `max` other words may sit between its neighbours. */
export interface TermGap {
  kind: 'gap';
  max: number;
}

export type TermToken = TermWord | TermGap;

export interface CompiledTerm {
  source: string;
  tokens: TermToken[];
}

export interface CompiledRule {
  id: string;
  category: RuleCategory;
  weight: number;
  terms: CompiledTerm[];
}

export interface MailboxBias {
  id: string;
  mailbox: string;
  category: RuleCategory;
  score: number;
}

/** Rules ready to use: validated and pre-tokenised once, then shared by every call. */
export interface RoutingRules {
  version: string;
  zoneWeights: Record<MessageZone, number>;
  minScore: number;
  minMargin: number;
  mailboxBiases: MailboxBias[];
  /** Idioms whose words would be false signals ("tener en cuenta"), as normalised word sequences. */
  ignoredPhrases: string[][];
  rules: CompiledRule[];
}
