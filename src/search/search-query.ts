/**
 * What a person typed in the search box, split into the parts the search treats
 * differently: ticket references and e-mail addresses are looked up exactly (and
 * listed first); the whole text also goes to PostgreSQL's websearch_to_tsquery,
 * which understands "quoted phrases", `or` and `-excluded` words.
 */
export interface ParsedSearch {
  /** The text for websearch_to_tsquery: trimmed, one space between words, no control characters. */
  text: string;
  /** Ticket references, upper-case with a six-digit sequence (`mda-2024-123` → `MDA-2024-000123`). */
  references: string[];
  /** E-mail addresses, lower-case (addresses are stored lower-cased for matching). */
  addresses: string[];
  /** The text without the references and addresses: exact matches must also contain these words. */
  rest: string;
}

export const MAX_SEARCH_LENGTH = 200;

/** Forgiving about case and leading zeros, as officials quote references on the phone. */
const REFERENCE = /(?<![\w-])MDA-(\d{4})-(\d{1,6})(?![\w-])/gi;
/** A pragmatic address shape; quotes or angle brackets around it (pasted from a mail header) are left out. */
const ADDRESS = /(?<![\w.+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+(?![\w-])/gi;
/** Control characters and private-use characters: nothing a person searches for, and nothing to send on. */
const UNWANTED = /[\u0000-\u001f\u007f-\u009f\ue000-\uf8ff]/g;

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function parseSearchQuery(raw: string): ParsedSearch {
  const text = collapse(raw.normalize('NFC').replace(UNWANTED, ' ')).slice(0, MAX_SEARCH_LENGTH).trim();
  const references = unique(
    [...text.matchAll(REFERENCE)].filter((m) => Number(m[2]) >= 1).map((m) => `MDA-${m[1]}-${m[2].padStart(6, '0')}`),
  );
  const addresses = unique([...text.matchAll(ADDRESS)].map((m) => m[0].toLowerCase().replace(/\.+$/, '')));
  const rest = collapse(text.replace(REFERENCE, ' ').replace(ADDRESS, ' ').replace(/[<>]/g, ' '));
  return { text, references, addresses, rest };
}
