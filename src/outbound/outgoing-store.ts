import { EntityManager } from 'typeorm';
import type { OutgoingDraft } from './outgoing-draft';

/**
 * Stores drafts inside the caller's transaction (the one of the event that caused
 * them), so a message exists if and only if its cause committed. A draft whose
 * source already queued a message is skipped. Mail to the official is also an
 * outgoing article of its ticket, so agents see it and replies thread to it.
 * Returns the ids to enqueue once the transaction has committed.
 */
export async function insertOutgoing(manager: EntityManager, drafts: OutgoingDraft[]): Promise<Array<{ id: string; draft: OutgoingDraft }>> {
  const sendable = drafts.filter((d) => d.to.length > 0);
  if (sendable.length === 0) return [];
  const rows: Array<{ id: string; source_key: string }> = await manager.query(
    `INSERT INTO outgoing_messages (ticket_id, kind, source_key, message_id, from_address, to_addresses, subject, in_reply_to,
       "references", automatic, body_text, body_html, attachments, send_after)
     SELECT r.ticket_id, r.kind, r.source_key, r.message_id, r.from_address, r.to_addresses, r.subject, r.in_reply_to,
       r."references", r.automatic, r.body_text, r.body_html, r.attachments, r.send_after
     FROM jsonb_to_recordset($1::jsonb) AS r(ticket_id bigint, kind text, source_key text, message_id text, from_address text,
       to_addresses text[], subject text, in_reply_to text, "references" text[], automatic boolean, body_text text,
       body_html text, attachments jsonb, send_after timestamptz)
     ON CONFLICT (source_key) DO NOTHING
     RETURNING id, source_key`,
    [
      JSON.stringify(
        sendable.map((d) => ({
          ticket_id: d.ticketId,
          kind: d.kind,
          source_key: d.sourceKey,
          message_id: d.messageId,
          from_address: d.fromAddress,
          to_addresses: d.to,
          subject: d.subject,
          in_reply_to: d.inReplyTo,
          references: d.references,
          automatic: d.automatic,
          body_text: d.text,
          body_html: d.html,
          attachments: d.attachments,
          send_after: d.sendAfter.toISOString(),
        })),
      ),
    ],
  );
  const draftOf = new Map(sendable.map((d) => [d.sourceKey, d]));
  const stored = rows.map((row) => ({ id: String(row.id), draft: draftOf.get(row.source_key)! }));
  const toOfficials = stored.filter(({ draft }) => draft.ticketId !== null && !draft.kind.startsWith('sla-'));
  if (toOfficials.length) {
    await manager.query(
      `INSERT INTO articles (ticket_id, direction, message_id, in_reply_to, "references", from_address, to_addresses, subject,
         body_text, body_html, automatic, received_at)
       SELECT r.ticket_id, 'outgoing', r.message_id, r.in_reply_to, r."references", r.from_address, r.to_addresses, r.subject,
         r.body_text, r.body_html, r.automatic, now()
       FROM jsonb_to_recordset($1::jsonb) AS r(ticket_id bigint, message_id text, in_reply_to text[], "references" text[],
         from_address text, to_addresses jsonb, subject text, body_text text, body_html text, automatic boolean)
       ON CONFLICT (message_id) DO NOTHING`,
      [
        JSON.stringify(
          toOfficials.map(({ draft }) => ({
            ticket_id: draft.ticketId,
            message_id: draft.messageId,
            in_reply_to: draft.inReplyTo ? [draft.inReplyTo] : [],
            references: draft.references,
            from_address: draft.fromAddress,
            to_addresses: draft.to.map((address) => ({ address, name: '' })),
            subject: draft.subject,
            body_text: draft.text,
            body_html: draft.html,
            automatic: draft.automatic,
          })),
        ),
      ],
    );
  }
  return stored;
}
