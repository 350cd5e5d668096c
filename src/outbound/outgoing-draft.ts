import { randomBytes } from 'crypto';
import type { AppConfig } from '../config/app-config';
import type { KptNotice } from '../cutover/cutover-policy';
import type { RoutingCategory } from '../routing/routing.types';
import { buildOurMessageId, replySubject } from '../tickets/threading';
import { renderTemplate, TemplateName, WeeklyReportData } from './render-template';

export type OutgoingKind = Extract<TemplateName, 'acknowledgement' | 'agent-reply' | 'legal-extension' | 'ticket-resolved' | 'sla-warning' | 'sla-breach' | 'weekly-report'>;

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  sha256: string;
  size: number;
}

/** A message ready to be stored and queued: rendered, addressed and threaded. */
export interface OutgoingDraft {
  ticketId: string | null;
  kind: OutgoingKind;
  /** What caused it; unique, so one cause never queues two messages. */
  sourceKey: string;
  messageId: string;
  fromAddress: string;
  to: string[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  /** Automatic mail carries RFC 3834 headers; an agent's reply does not. */
  automatic: boolean;
  text: string;
  html: string;
  attachments: OutgoingAttachment[];
  sendAfter: Date;
}

/** The ticket facts every message about it needs. */
export interface TicketForMail {
  id: string;
  reference: string;
  subject: string;
  replyFrom: string;
  requesterAddress: string | null;
  requesterName: string | null;
  /** Message-IDs of the thread, oldest first (ours and theirs); the last one is answered. */
  threadMessageIds: string[];
}

/**
 * `<mda-2024-000123.<unique>@<domain of the mailbox>>`: assigned when the message is
 * queued, so a re-send after a crash carries the same id and the receiver can tell.
 */
export function newOutgoingMessageId(reference: string, replyFrom: string): string {
  const domain = replyFrom.slice(replyFrom.lastIndexOf('@') + 1);
  return buildOurMessageId(reference, randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x'), domain);
}

/** In-Reply-To the latest message of the thread, References the chain (bounded, as RFC 5322 suggests keeping it short). */
export function threadHeaders(threadMessageIds: string[]): { inReplyTo: string | null; references: string[] } {
  const chain = [...new Set(threadMessageIds)];
  const references = chain.length > 20 ? [chain[0], ...chain.slice(-19)] : chain;
  return { inReplyTo: chain.length ? chain[chain.length - 1] : null, references };
}

function toRequester(ticket: TicketForMail, kind: OutgoingKind, sourceKey: string, automatic: boolean, rendered: { subject: string | null; text: string; html: string }, attachments: OutgoingAttachment[] = []): OutgoingDraft {
  const { inReplyTo, references } = threadHeaders(ticket.threadMessageIds);
  return {
    ticketId: ticket.id,
    kind,
    sourceKey,
    messageId: newOutgoingMessageId(ticket.reference, ticket.replyFrom),
    fromAddress: ticket.replyFrom,
    to: ticket.requesterAddress ? [ticket.requesterAddress] : [],
    // Always our form, whatever the template says: one RE:, the original subject, the token.
    subject: replySubject(ticket.subject, ticket.reference),
    inReplyTo,
    references,
    automatic,
    text: rendered.text,
    html: rendered.html,
    attachments,
    sendAfter: new Date(),
  };
}

export interface AcknowledgementFacts {
  receivedAt: Date;
  category: RoutingCategory;
  legalDue: Date | null;
  nonInstitutionalUsersRequest: boolean;
  kptNotice: KptNotice;
}

export function draftAcknowledgement(ticket: TicketForMail, facts: AcknowledgementFacts, config: AppConfig): OutgoingDraft {
  const rendered = renderTemplate('acknowledgement', {
    ticketRef: ticket.reference,
    subject: ticket.subject,
    requesterName: ticket.requesterName,
    receivedAt: facts.receivedAt,
    category: facts.category,
    legalDeadline: facts.legalDue ?? facts.receivedAt,
    nonInstitutionalUsersRequest: facts.nonInstitutionalUsersRequest,
    kptNotice: facts.kptNotice ?? undefined,
    kptRetiredSince: facts.kptNotice === 'kpt-retired' ? config.cutover.at : null,
    kptQuestionsClosedOn: facts.kptNotice === 'kpt-report-deadline' ? config.cutover.kptQuestionsUntil : null,
    kptReportDeadline: facts.kptNotice === 'kpt-report-deadline' ? config.cutover.kptReportDeadline : null,
    kptMailbox: config.cutover.retiredMailbox,
    successorMailbox: config.cutover.successorMailbox,
  });
  return toRequester(ticket, 'acknowledgement', `acknowledgement:${ticket.id}`, true, rendered);
}

export function draftAgentReply(ticket: TicketForMail, reply: { body: string; agentName: string; key: string }, attachments: OutgoingAttachment[]): OutgoingDraft {
  const rendered = renderTemplate('agent-reply', { ticketRef: ticket.reference, subject: ticket.subject, body: reply.body, agentName: reply.agentName });
  return toRequester(ticket, 'agent-reply', `agent-reply:${reply.key}`, false, rendered, attachments);
}

export function draftLegalExtension(
  ticket: TicketForMail,
  facts: { receivedAt: Date; reason: string; originalDeadline: Date; newDeadline: Date; agentName: string | null; key: string },
): OutgoingDraft {
  const rendered = renderTemplate('legal-extension', {
    ticketRef: ticket.reference,
    subject: ticket.subject,
    requesterName: ticket.requesterName,
    receivedAt: facts.receivedAt,
    reason: facts.reason,
    originalDeadline: facts.originalDeadline,
    newDeadline: facts.newDeadline,
    agentName: facts.agentName,
  });
  return toRequester(ticket, 'legal-extension', `legal-extension:${facts.key}`, true, rendered);
}

export function draftTicketResolved(ticket: TicketForMail, facts: { resolvedAt: Date; reopenWithinDays: number; key: string }): OutgoingDraft {
  const rendered = renderTemplate('ticket-resolved', {
    ticketRef: ticket.reference,
    subject: ticket.subject,
    requesterName: ticket.requesterName,
    resolvedAt: facts.resolvedAt,
    reopenWithinDays: facts.reopenWithinDays,
  });
  return toRequester(ticket, 'ticket-resolved', `ticket-resolved:${facts.key}`, true, rendered);
}

/** SLA warnings and breaches go to staff, never to the official, and wait for working time. */
export function draftSlaAlert(
  ticket: Pick<TicketForMail, 'id' | 'reference' | 'subject' | 'replyFrom'> & { category: RoutingCategory; queueMailbox: string },
  alert: { id: string; point: 'warning' | 'breach'; clock: 'firstResponse' | 'resolution' | 'legal'; dueAt: Date; notifyAt: Date },
  staff: string[],
): OutgoingDraft {
  const kind = alert.point === 'breach' ? 'sla-breach' : 'sla-warning';
  const rendered = renderTemplate(kind, {
    ticketRef: ticket.reference,
    subject: ticket.subject,
    category: ticket.category,
    clock: alert.clock,
    dueAt: alert.dueAt,
    queueMailbox: ticket.queueMailbox,
  });
  return {
    ticketId: ticket.id,
    kind,
    sourceKey: `sla-alert:${alert.id}`,
    messageId: newOutgoingMessageId(ticket.reference, ticket.replyFrom),
    fromAddress: ticket.replyFrom,
    to: staff,
    subject: rendered.subject ?? `${kind} ${ticket.reference}`,
    inReplyTo: null,
    references: [],
    automatic: true,
    text: rendered.text,
    html: rendered.html,
    attachments: [],
    sendAfter: alert.notifyAt,
  };
}

/**
 * The weekly report to one supervisor, from the attended mailbox, with the XLSX attached
 * (stored in attachment_blobs by its sha256). One per supervisor and week: the source key
 * names both, so a job that runs twice queues nothing twice.
 */
export function draftWeeklyReport(
  recipient: { userId: string; email: string },
  data: WeeklyReportData,
  attachment: OutgoingAttachment,
  fromAddress: string,
): OutgoingDraft {
  const rendered = renderTemplate('weekly-report', data);
  const week = String(data.weekFrom).slice(0, 10);
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  const unique = randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x');
  return {
    ticketId: null,
    kind: 'weekly-report',
    sourceKey: `weekly-report:${week}:${recipient.userId}`,
    messageId: `<informe-semanal-${week}.${unique}@${domain}>`,
    fromAddress,
    to: [recipient.email],
    subject: rendered.subject ?? `Informe semanal de la Mesa de Ayuda ${week}`,
    inReplyTo: null,
    references: [],
    automatic: true,
    text: rendered.text,
    html: rendered.html,
    attachments: [attachment],
    sendAfter: new Date(),
  };
}

/** RFC 3834 and Microsoft's header: automatic mail must not trigger more automatic mail. */
export function automaticHeaders(automatic: boolean): Record<string, string> {
  return automatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {};
}
