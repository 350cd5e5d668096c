import { removeTicketTokens } from './ticket-reference';

/**
 * Reply and forward prefixes that mail clients in Colombia actually produce:
 * Spanish Outlook writes RE/RV (reenviar) and ENC (encaminhar, via Portuguese
 * locales), officials type RPTA/REF by hand, and German, Nordic, French and Dutch
 * clients add AW, SV, TR and WG. A counter such as `RE[2]:` or `RE (3):` and a
 * full-width colon (East Asian clients) are accepted too.
 */
const PREFIX = /^\s*(?:re|rv|fw|fwd|ref|rpta|enc|aw|sv|tr|wg)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/i;

export function stripReplyPrefixes(subject: string): string {
  let rest = subject;
  for (let match = PREFIX.exec(rest); match && match[0].length > 0; match = PREFIX.exec(rest)) {
    rest = rest.slice(match[0].length);
  }
  return rest.trim();
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Subject of our reply: one `RE:`, the original words, then the ticket token.
 * Prefixes and tokens are removed until nothing changes, so replying to our own
 * reply (`RE: RE: x [MDA-…] [MDA-…]`) never stacks them.
 */
export function replySubject(subject: string, reference: string): string {
  let base = collapse(subject);
  for (;;) {
    const next = collapse(stripReplyPrefixes(removeTicketTokens(base)));
    if (next === base) break;
    base = next;
  }
  return base ? `RE: ${base} [${reference}]` : `RE: [${reference}]`;
}
