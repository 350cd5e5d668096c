import type { InboundMessage } from '../../mail/parsing/inbound-message';
import { referencedMessageIds } from '../thread-matching';
import { findTicketReferenceInSubject, ticketReferenceFromMessageId } from './ticket-reference';

export interface ThreadHints {
  /** Ticket reference named by our Message-IDs in the reply headers, else by the subject token. */
  ticketRef: string | null;
  /** First Message-ID of In-Reply-To. */
  inReplyTo: string | null;
  references: string[];
}

/**
 * What the message itself says about its thread, before any database lookup.
 * Reply headers beat the subject (the same order as matchThread): officials edit
 * subjects, mail clients keep In-Reply-To and References.
 */
export function threadHints(message: Pick<InboundMessage, 'subject' | 'inReplyTo' | 'references'>): ThreadHints {
  let ticketRef: string | null = null;
  for (const id of referencedMessageIds({ ...message, bouncedMessageId: null, subjectTicketRef: null })) {
    ticketRef = ticketReferenceFromMessageId(id);
    if (ticketRef) break;
  }
  return {
    ticketRef: ticketRef ?? findTicketReferenceInSubject(message.subject),
    inReplyTo: message.inReplyTo[0] ?? null,
    references: [...message.references],
  };
}
