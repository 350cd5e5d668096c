import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import type { SessionActor } from '../auth/auth.types';
import { badRequest } from '../common/errors/api-error';
import { toBogotaIso } from '../common/time/bogota-time';
import { OutboundMailer } from '../outbound/outbound-mailer.service';
import { draftAgentReply, OutgoingAttachment } from '../outbound/outgoing-draft';
import { insertOutgoing } from '../outbound/outgoing-store';
import { recomputeSla } from '../sla/sla-store';
import { SlaService } from '../sla/sla.service';
import { SLA_POLICY } from '../sla/sla.tokens';
import type { SlaPolicy } from '../sla/sla.types';
import { AgentReplyBody, MAX_REPLY_ATTACHMENTS_BYTES } from './dto/agent-reply.body';
import { bumpTicketVersion, lockTicketForAction } from './ticket-action-store';

export interface QueuedReply {
  reference: string;
  messageId: string;
  subject: string;
  to: string[];
  status: string;
  queuedAt: string;
  /** The ticket's version after the reply. */
  version: number;
}

/**
 * An agent's answer: stored as an outgoing message and article, with its SLA effect
 * (first response, and the status the agent chose), in one transaction; it is sent
 * by the queue afterwards, never inside the HTTP request.
 */
@Injectable()
export class TicketRepliesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SLA_POLICY) private readonly policy: SlaPolicy,
    private readonly sla: SlaService,
    private readonly outbound: OutboundMailer,
  ) {}

  /** Signed with the account's name; `body.version`, when sent, must match the ticket's. */
  async reply(reference: string, body: AgentReplyBody, actor: SessionActor): Promise<QueuedReply> {
    const files = (body.attachments ?? []).map((a) => ({ ...a, content: Buffer.from(a.contentBase64, 'base64') }));
    if (files.reduce((sum, f) => sum + f.content.length, 0) > MAX_REPLY_ATTACHMENTS_BYTES) {
      throw badRequest('REPLY_ATTACHMENTS_TOO_LARGE', `Los adjuntos no pueden sumar más de ${MAX_REPLY_ATTACHMENTS_BYTES / (1024 * 1024)} MB`);
    }
    const outgoing: Array<{ id: string; sendAfter: Date }> = [];
    const { result, points } = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const ticket = await lockTicketForAction(manager, reference, body.version);
      const before = { status: ticket.status, version: ticket.version };
      if (ticket.status === 'closed') throw badRequest('TICKET_CLOSED', 'El ticket está cerrado; no se puede responder');
      const mail = await this.sla.ticketForMail(manager, ticket.id, false);
      if (!mail) throw badRequest('TICKET_NO_REQUESTER', 'El ticket no tiene una dirección de remitente a la cual responder');

      const attachments: OutgoingAttachment[] = [];
      for (const file of files) {
        const sha256 = createHash('sha256').update(file.content).digest('hex');
        await manager.query(`INSERT INTO attachment_blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`, [sha256, file.content.length, file.content]);
        attachments.push({ filename: file.filename, contentType: file.contentType, sha256, size: file.content.length });
      }
      const draft = draftAgentReply(mail, { body: body.body, agentName: actor.name, key: randomUUID() }, attachments);
      const stored = await insertOutgoing(manager, [draft]);
      outgoing.push(...stored.map(({ id }) => ({ id, sendAfter: draft.sendAfter })));
      if (attachments.length) {
        await manager.query(
          `INSERT INTO article_attachments (article_id, sha256, filename, content_type, size, inline)
           SELECT a.id, u.sha256, u.filename, u.content_type, u.size, false
           FROM articles a, unnest($2::text[], $3::text[], $4::text[], $5::integer[]) AS u(sha256, filename, content_type, size)
           WHERE a.message_id = $1`,
          [draft.messageId, attachments.map((a) => a.sha256), attachments.map((a) => a.filename), attachments.map((a) => a.contentType), attachments.map((a) => a.size)],
        );
      }
      await this.sla.insertEvent(manager, ticket.id, 'answered', now, actor, {});
      await this.sla.applyStatus(manager, ticket, body.status ?? 'waiting', actor, now, outgoing);
      const version = await bumpTicketVersion(manager, ticket);
      await recordAudit(manager, {
        actor,
        action: 'ticket.reply',
        subjectType: 'ticket',
        subjectId: ticket.reference,
        ticketId: ticket.id,
        before,
        after: {
          status: ticket.status,
          version,
          messageId: draft.messageId,
          to: draft.to,
          attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, sha256: a.sha256 })),
        },
      });
      const points = await recomputeSla(manager, this.policy, [ticket.id], now);
      return {
        result: { reference, messageId: draft.messageId, subject: draft.subject, to: draft.to, status: ticket.status, queuedAt: toBogotaIso(now), version },
        points,
      };
    });
    await this.sla.scheduleAlerts(points);
    await this.outbound.enqueue(outgoing);
    return result;
  }
}
