import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { toBogotaIso } from '../common/time/bogota-time';
import { OutboundMailer } from '../outbound/outbound-mailer.service';
import { draftAgentReply, OutgoingAttachment } from '../outbound/outgoing-draft';
import { insertOutgoing } from '../outbound/outgoing-store';
import { recomputeSla } from '../sla/sla-store';
import { LockedTicket, SlaService } from '../sla/sla.service';
import { SLA_POLICY } from '../sla/sla.tokens';
import type { SlaPolicy } from '../sla/sla.types';
import { AgentReplyBody } from './dto/agent-reply.body';

const MAX_ATTACHMENTS_BYTES = 20 * 1024 * 1024;

export interface QueuedReply {
  reference: string;
  messageId: string;
  subject: string;
  to: string[];
  status: string;
  queuedAt: string;
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

  async reply(reference: string, body: AgentReplyBody): Promise<QueuedReply> {
    const files = (body.attachments ?? []).map((a) => ({ ...a, content: Buffer.from(a.contentBase64, 'base64') }));
    if (files.reduce((sum, f) => sum + f.content.length, 0) > MAX_ATTACHMENTS_BYTES) {
      throw new BadRequestException('Los adjuntos no pueden sumar más de 20 MB');
    }
    const outgoing: Array<{ id: string; sendAfter: Date }> = [];
    const { result, points } = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const [row] = await manager.query(`SELECT id, status, received_at, category, mailbox_address FROM tickets WHERE reference = $1 FOR UPDATE`, [reference]);
      if (!row) throw new NotFoundException(`No existe el ticket ${reference}`);
      const ticket: LockedTicket = { ...row, id: String(row.id) };
      if (ticket.status === 'closed') throw new BadRequestException('El ticket está cerrado; no se puede responder');
      const mail = await this.sla.ticketForMail(manager, ticket.id, false);
      if (!mail) throw new BadRequestException('El ticket no tiene una dirección de remitente a la cual responder');

      const attachments: OutgoingAttachment[] = [];
      for (const file of files) {
        const sha256 = createHash('sha256').update(file.content).digest('hex');
        await manager.query(`INSERT INTO attachment_blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`, [sha256, file.content.length, file.content]);
        attachments.push({ filename: file.filename, contentType: file.contentType, sha256, size: file.content.length });
      }
      const draft = draftAgentReply(mail, { body: body.body, agentName: body.agentName, key: randomUUID() }, attachments);
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
      await manager.query(`INSERT INTO ticket_sla_events (ticket_id, kind, occurred_at, actor) VALUES ($1, 'answered', $2, $3)`, [ticket.id, now.toISOString(), body.agentName]);
      await this.sla.applyStatus(manager, ticket, body.status ?? 'waiting', body.agentName, now, outgoing);
      const points = await recomputeSla(manager, this.policy, [ticket.id], now);
      return {
        result: { reference, messageId: draft.messageId, subject: draft.subject, to: draft.to, status: ticket.status, queuedAt: toBogotaIso(now) },
        points,
      };
    });
    await this.sla.scheduleAlerts(points);
    await this.outbound.enqueue(outgoing);
    return result;
  }
}
