/**
 * Decides which existing ticket an incoming message belongs to. Pure: the caller
 * looks up what the headers name and passes the answers in.
 *
 * Order of evidence, strongest first:
 *  1. a bounce naming the Message-ID of a stored message, or one of ours carrying a ticket reference;
 *  2. In-Reply-To, then References from the newest to the oldest, naming a stored message;
 *  3. one of our own Message-IDs (`<mda-2024-000123.…@…>`) in those headers, even when
 *     that message is not stored (e.g. sent before a restore);
 *  4. the `[MDA-2024-000123]` token in the subject, when that ticket exists.
 * Headers beat the subject because officials rewrite subjects but mail clients
 * keep the reply headers. The lookups answer with the survivor for a merged ticket,
 * so a reply to a merged thread joins the ticket that is still worked.
 */

export interface ThreadEvidence {
  bouncedMessageId: string | null;
  inReplyTo: string[];
  references: string[];
  subjectTicketRef: string | null;
}

export interface ThreadLookups {
  /** Message-ID → ticket key of a message already in some ticket. */
  ticketOfMessage(messageId: string): string | undefined;
  /** Ticket reference → ticket key, when that ticket exists. */
  ticketOfReference(reference: string): string | undefined;
  /** Reference embedded in one of our Message-IDs, or null. */
  referenceInOurMessageId(messageId: string): string | null;
}

export type ThreadMatch =
  | { kind: 'existing'; ticketKey: string; via: 'bounce' | 'in-reply-to' | 'references' | 'our-message-id' | 'subject-token' }
  | { kind: 'new' };

export function referencedMessageIds(evidence: ThreadEvidence): string[] {
  return [...evidence.inReplyTo, ...[...evidence.references].reverse()];
}

export function matchThread(evidence: ThreadEvidence, lookups: ThreadLookups): ThreadMatch {
  if (evidence.bouncedMessageId) {
    const reference = lookups.referenceInOurMessageId(evidence.bouncedMessageId);
    const ticketKey =
      lookups.ticketOfMessage(evidence.bouncedMessageId) ?? (reference ? lookups.ticketOfReference(reference) : undefined);
    if (ticketKey) return { kind: 'existing', ticketKey, via: 'bounce' };
  }
  for (const messageId of evidence.inReplyTo) {
    const ticketKey = lookups.ticketOfMessage(messageId);
    if (ticketKey) return { kind: 'existing', ticketKey, via: 'in-reply-to' };
  }
  for (const messageId of [...evidence.references].reverse()) {
    const ticketKey = lookups.ticketOfMessage(messageId);
    if (ticketKey) return { kind: 'existing', ticketKey, via: 'references' };
  }
  for (const messageId of referencedMessageIds(evidence)) {
    const reference = lookups.referenceInOurMessageId(messageId);
    const ticketKey = reference ? lookups.ticketOfReference(reference) : undefined;
    if (ticketKey) return { kind: 'existing', ticketKey, via: 'our-message-id' };
  }
  if (evidence.subjectTicketRef) {
    const ticketKey = lookups.ticketOfReference(evidence.subjectTicketRef);
    if (ticketKey) return { kind: 'existing', ticketKey, via: 'subject-token' };
  }
  return { kind: 'new' };
}
