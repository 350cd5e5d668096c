/**
 * Ticket references look like `MDA-2024-000123`: the Bogotá year the ticket was
 * opened and a per-year sequence. Officials quote them on the phone and in subjects,
 * so parsing is forgiving about case and the output is always upper-case.
 */

export interface TicketReference {
  year: number;
  sequence: number;
}

const MAX_SEQUENCE = 999_999;
const REFERENCE = /^MDA-(\d{4})-(\d{6})$/i;
/** The subject token; brackets keep "MDA-2024-000123" inside ordinary prose from matching. */
const SUBJECT_TOKEN = /\[\s*MDA-(\d{4})-(\d{6})\s*\]/gi;
/** Our own Message-IDs: `<mda-2024-000123.<unique>@<domain>>`. */
const OUR_MESSAGE_ID = /^<?mda-(\d{4})-(\d{6})\.[^\s<>@]+@[^\s<>@]+>?$/i;
const UNIQUE_PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export function formatTicketReference(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`ticket reference year out of range: ${year}`);
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    // Six digits is part of the format officials and mail filters rely on.
    throw new RangeError(`ticket reference sequence out of range: ${sequence}`);
  }
  return `MDA-${year}-${String(sequence).padStart(6, '0')}`;
}

function fromDigits(year: string, sequence: string): string | null {
  const seq = Number(sequence);
  return seq >= 1 ? formatTicketReference(Number(year), seq) : null;
}

export function parseTicketReference(text: string): TicketReference | null {
  const match = REFERENCE.exec(text.trim());
  if (!match) return null;
  const sequence = Number(match[2]);
  const year = Number(match[1]);
  if (sequence < 1 || year < 1000) return null;
  return { year, sequence };
}

/**
 * The `[MDA-2024-000123]` token in a subject, normalized to upper case. When a
 * subject carries several, the last wins: our replies append the token at the end,
 * while older tokens survive further left in forwarded subjects.
 */
export function findTicketReferenceInSubject(subject: string): string | null {
  let found: string | null = null;
  for (const match of subject.matchAll(SUBJECT_TOKEN)) {
    found = fromDigits(match[1], match[2]) ?? found;
  }
  return found;
}

/** Removes every `[MDA-…]` token, for rebuilding subjects. */
export function removeTicketTokens(subject: string): string {
  return subject.replace(SUBJECT_TOKEN, ' ');
}

export function ticketReferenceFromMessageId(messageId: string): string | null {
  const match = OUR_MESSAGE_ID.exec(messageId.trim());
  return match ? fromDigits(match[1], match[2]) : null;
}

/**
 * Message-ID for mail we send about a ticket. Carrying the reference lets a reply
 * find its ticket even when the subject was rewritten and the original message
 * is not stored (see thread-matching.ts).
 */
export function buildOurMessageId(reference: string, unique: string, domain: string): string {
  const parsed = parseTicketReference(reference);
  if (!parsed) throw new RangeError(`not a ticket reference: ${reference}`);
  if (!UNIQUE_PART.test(unique)) throw new RangeError('unique part must be letters, digits, dot, dash or underscore');
  if (!DOMAIN.test(domain)) throw new RangeError(`not a domain: ${domain}`);
  const ref = formatTicketReference(parsed.year, parsed.sequence).toLowerCase();
  return `<${ref}.${unique}@${domain.toLowerCase()}>`;
}
