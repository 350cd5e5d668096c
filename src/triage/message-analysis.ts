import type { InboundMessage } from '../mail/parsing/inbound-message';
import { defaultRoutingRules } from '../routing/load-routing-rules';
import { routeMessage } from '../routing/route-message';
import type { RoutingDecision, RoutingRules } from '../routing/routing.types';
import { recognizeEntity } from '../territory/recognize-entity';
import type { EntityRecognizer, TriageEntity } from './triage-message';

/**
 * The CPU-heavy, database-free half of triage (category routing and entity
 * recognition, about 0.3 ms a message). The intake computes it on the parser
 * worker threads, next to the MIME parse, so the main thread only adds the facts
 * that need the database (thread, loop limit).
 */
export interface MessageAnalysis {
  /** The mailbox routing was computed for (its lean towards a category depends on it). */
  routedMailbox: string;
  routing: RoutingDecision;
  entity: TriageEntity | null;
}

export type AnalysableMessage = Pick<InboundMessage, 'subject' | 'text' | 'html' | 'attachments' | 'from'>;

export function analyzeMessage(
  message: AnalysableMessage,
  routedMailbox: string,
  receivedAt: Date,
  rules: RoutingRules = defaultRoutingRules(),
  recognize: EntityRecognizer = recognizeEntity,
): MessageAnalysis {
  const routing = routeMessage(
    {
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachmentNames: message.attachments.map((a) => a.filename ?? '').filter((name) => name !== ''),
      mailboxAddress: routedMailbox,
      receivedAt,
    },
    rules,
  );
  const entity = recognize({ fromAddress: message.from?.address ?? null, fromName: message.from?.name || null, text: message.text });
  return { routedMailbox, routing, entity };
}
