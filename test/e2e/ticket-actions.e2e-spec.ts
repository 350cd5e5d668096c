import { randomBytes } from 'crypto';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { holidaysOfYear } from '../../src/calendar/colombian-holidays';
import { IntakeSupervisor } from '../../src/mail/intake/intake-supervisor.service';
import { signIn, TestSession } from '../support/auth-session';
import { deliverByLmtp, ensureMailServer, uniqueTestAccount } from '../support/mail-server';
import { SAMPLE_PDF, sampleMail } from '../support/sample-mail';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig, waitFor } from '../support/test-app';

jest.setTimeout(90000);

interface TicketRow {
  id: string;
  reference: string;
  version: number;
  status: string;
  received_at: Date;
  assignee_user_id: string | null;
  merged_into_ticket_id: string | null;
  merged_at: Date | null;
  tags: string[];
  sla_resolution_due: Date | null;
  sla_paused: boolean;
}

interface AuditRow {
  action: string;
  actor_user_id: string | null;
  actor_email: string;
  actor_address: string | null;
  subject_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Today's and tomorrow's holidays (Bogotá), so a round-the-clock calendar really runs the clocks now. */
function holidaysAroundNow(): string {
  const days = [0, 1].map((d) => new Date(Date.now() - 5 * 3600 * 1000 + d * 86400000).toISOString().slice(0, 10));
  return days.filter((day) => holidaysOfYear(Number(day.slice(0, 4))).some((h) => h.date === day)).join(',');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Agents' actions over real HTTP, with sessions, on tickets that came in through the real intake. */
describe('ticket actions', () => {
  let db: Client;
  let app: INestApplication;
  let planeacion: string;
  let ana: TestSession;
  let beto: TestSession;

  const ticketBy = async (where: string, value: string): Promise<TicketRow> =>
    (await db.query(`SELECT * FROM tickets WHERE ${where} = $1`, [value])).rows[0];
  const reload = (ticket: TicketRow) => ticketBy('id', ticket.id);
  const auditOf = async (ticket: TicketRow): Promise<AuditRow[]> =>
    (await db.query(`SELECT * FROM audit_log WHERE ticket_id = $1 ORDER BY id`, [ticket.id])).rows;
  const eventsOf = async (ticket: TicketRow) =>
    (await db.query(`SELECT kind, actor, actor_user_id, body, detail FROM ticket_events WHERE ticket_id = $1 ORDER BY id`, [ticket.id])).rows;

  /** Delivers a new request to planeacionterritorial@ and waits for its ticket. */
  const openTicket = async (subject: string): Promise<TicketRow & { messageId: string }> => {
    const mail = sampleMail({ subject, body: `Buenos días, ${subject.toLowerCase()}.\r\n` });
    await deliverByLmtp(planeacion, mail.raw);
    const ticket = await waitFor(() => ticketBy('subject', subject), (row) => row !== undefined, 15000);
    expect(ticket).toBeDefined();
    return { ...ticket, messageId: mail.messageId! };
  };

  beforeAll(async () => {
    await ensureMailServer();
    const databaseUrl = await createTestDatabase('ticket_actions');
    db = await connectTestDatabase(databaseUrl);
    const kpt = await uniqueTestAccount('act-kpt');
    planeacion = await uniqueTestAccount('act-pt');
    // A round-the-clock calendar: a pause of a few seconds moves the deadlines by as much.
    app = await startTestApp(
      testConfig(databaseUrl, { kpt, planeacion }, { BUSINESS_HOURS: '00:00-24:00', WORKING_WEEKDAYS: '0,1,2,3,4,5,6', CALENDAR_REMOVED_HOLIDAYS: holidaysAroundNow() }),
    );
    await waitFor(async () => app.get(IntakeSupervisor).status(), (s) => s.every((p) => p.state === 'connected'), 10000);
    ana = await signIn(app, 'agent', 'ana.agente@dnp.gov.co');
    beto = await signIn(app, 'agent', 'beto.agente@dnp.gov.co');
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  it('pauses the SLA while waiting on the entity and resumes it, auditing each change with the session actor', async () => {
    const ticket = await openTicket('Consulta sobre el cargue del plan indicativo');
    const dueBefore = new Date(ticket.sla_resolution_due!).getTime();

    const waiting = await ana.patch(`/api/tickets/${ticket.reference}/status`).send({ status: 'waiting', version: ticket.version }).expect(200);
    expect(waiting.body).toMatchObject({ status: 'waiting', version: ticket.version + 1, resolution: { paused: true, due: null } });
    expect(await reload(ticket)).toMatchObject({ status: 'waiting', sla_paused: true, sla_resolution_due: null });

    await sleep(2500);
    const open = await ana.patch(`/api/tickets/${ticket.reference}/status`).send({ status: 'open', version: ticket.version + 1 }).expect(200);
    expect(open.body).toMatchObject({ status: 'open', version: ticket.version + 2, resolution: { paused: false } });
    const resumed = await reload(ticket);
    const shift = new Date(resumed.sla_resolution_due!).getTime() - dueBefore;
    // The deadline moved by the time spent waiting, no more.
    expect(shift).toBeGreaterThanOrEqual(2400);
    expect(shift).toBeLessThan(30000);

    const audit = (await auditOf(ticket)).filter((a) => a.action === 'ticket.status');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actor_user_id: ana.actor.userId,
      actor_email: 'ana.agente@dnp.gov.co',
      subject_id: ticket.reference,
      before: { status: 'new', version: ticket.version },
      after: { status: 'waiting', version: ticket.version + 1 },
    });
    expect(audit[0].actor_address).toMatch(/127\.0\.0\.1|::1/);
    expect(audit[1]).toMatchObject({ before: { status: 'waiting' }, after: { status: 'open', version: ticket.version + 2 } });
    const events = (await eventsOf(ticket)).filter((e) => e.kind === 'status-changed');
    expect(events.map((e) => [e.actor, e.actor_user_id, e.detail])).toEqual([
      ['ana.agente@dnp.gov.co', ana.actor.userId, { from: 'new', to: 'waiting' }],
      ['ana.agente@dnp.gov.co', ana.actor.userId, { from: 'waiting', to: 'open' }],
    ]);
    const slaActors = (await db.query(`SELECT kind, actor FROM ticket_sla_events WHERE ticket_id = $1 ORDER BY id`, [ticket.id])).rows;
    expect(slaActors).toEqual([
      { kind: 'answered', actor: 'ana.agente@dnp.gov.co' },
      { kind: 'waiting', actor: 'ana.agente@dnp.gov.co' },
      { kind: 'resumed', actor: 'ana.agente@dnp.gov.co' },
    ]);

    // Beto still has the first version on screen: his change is refused and nothing moves.
    const stale = await beto.patch(`/api/tickets/${ticket.reference}/status`).send({ status: 'resolved', version: ticket.version }).expect(409);
    expect(stale.body).toMatchObject({ code: 'TICKET_VERSION_CONFLICT', details: { currentVersion: ticket.version + 2, yourVersion: ticket.version } });
    expect(stale.body.message).toContain('recárguelo');
    expect((await reload(ticket)).status).toBe('open');
    expect((await auditOf(ticket)).filter((a) => a.action === 'ticket.status')).toHaveLength(2);
    // The version is required, and who acts is not the client's to say.
    await ana.patch(`/api/tickets/${ticket.reference}/status`).send({ status: 'resolved' }).expect(400);
    await ana.patch(`/api/tickets/${ticket.reference}/status`).send({ status: 'resolved', version: ticket.version + 2, changedBy: 'otra@dnp.gov.co' }).expect(400);
  });

  it('lets an agent take a ticket and anyone assign it to an enabled account, recording who had it', async () => {
    const ticket = await openTicket('Solicitud de usuario para Tibasosa');
    const taken = await ana.post(`/api/tickets/${ticket.reference}/take`).send({ version: ticket.version }).expect(200);
    expect(taken.body).toEqual({
      reference: ticket.reference,
      version: ticket.version + 1,
      status: 'open',
      assignee: { id: ana.actor.userId, email: 'ana.agente@dnp.gov.co', name: 'Prueba agent' },
      changed: true,
    });
    expect(await reload(ticket)).toMatchObject({ assignee_user_id: ana.actor.userId, status: 'open' });

    const handed = await ana.post(`/api/tickets/${ticket.reference}/assign`).send({ assigneeId: beto.actor.userId, version: ticket.version + 1 }).expect(200);
    expect(handed.body).toMatchObject({ version: ticket.version + 2, assignee: { id: beto.actor.userId, email: 'beto.agente@dnp.gov.co' } });

    const [disabled] = (
      await db.query(`INSERT INTO users (email, name, role, password_hash, disabled_at) VALUES ('retirado@dnp.gov.co', 'Retirado', 'agent', 'x', now()) RETURNING id`)
    ).rows;
    const refused = await ana.post(`/api/tickets/${ticket.reference}/assign`).send({ assigneeId: String(disabled.id), version: ticket.version + 2 }).expect(400);
    expect(refused.body.code).toBe('ASSIGNEE_DISABLED');
    expect((await ana.post(`/api/tickets/${ticket.reference}/assign`).send({ assigneeId: '999999', version: ticket.version + 2 }).expect(400)).body.code).toBe(
      'ASSIGNEE_NOT_FOUND',
    );
    const cleared = await beto.post(`/api/tickets/${ticket.reference}/assign`).send({ assigneeId: null, version: ticket.version + 2 }).expect(200);
    expect(cleared.body).toMatchObject({ assignee: null, version: ticket.version + 3 });
    expect((await reload(ticket)).assignee_user_id).toBeNull();

    const audit = (await auditOf(ticket)).filter((a) => a.action === 'ticket.take' || a.action === 'ticket.assign');
    expect(audit.map((a) => [a.action, a.actor_email, a.before?.assigneeId, a.after?.assigneeId])).toEqual([
      ['ticket.take', 'ana.agente@dnp.gov.co', null, ana.actor.userId],
      ['ticket.assign', 'ana.agente@dnp.gov.co', ana.actor.userId, beto.actor.userId],
      ['ticket.assign', 'beto.agente@dnp.gov.co', beto.actor.userId, null],
    ]);
    expect(audit[0]).toMatchObject({ before: { status: 'new' }, after: { status: 'open' } });
    const assigned = (await eventsOf(ticket)).filter((e) => e.kind === 'assigned');
    expect(assigned.map((e) => e.detail.assignee?.email ?? null)).toEqual(['ana.agente@dnp.gov.co', 'beto.agente@dnp.gov.co', null]);
  });

  it('keeps internal notes in the conversation without mailing them or bumping the version, and normalizes tags', async () => {
    const ticket = await openTicket('Duda sobre metas de bienestar — Sogamoso');
    const mailBefore = Number((await db.query(`SELECT count(*) FROM outgoing_messages WHERE ticket_id = $1`, [ticket.id])).rows[0].count);

    const note = await ana.post(`/api/tickets/${ticket.reference}/notes`).send({ body: '  Llamé a la alcaldía; envían el acto el lunes.\n' }).expect(201);
    expect(note.body).toMatchObject({ kind: 'note', body: 'Llamé a la alcaldía; envían el acto el lunes.', actor: 'ana.agente@dnp.gov.co', version: ticket.version });
    await ana.post(`/api/tickets/${ticket.reference}/notes`).send({ body: '   ' }).expect(400);
    await ana.post(`/api/tickets/${ticket.reference}/notes`).send({ body: 'x'.repeat(20001) }).expect(400);
    const notes = (await eventsOf(ticket)).filter((e) => e.kind === 'note');
    expect(notes).toEqual([
      { kind: 'note', actor: 'ana.agente@dnp.gov.co', actor_user_id: ana.actor.userId, body: 'Llamé a la alcaldía; envían el acto el lunes.', detail: {} },
    ]);
    expect((await reload(ticket)).version).toBe(ticket.version);
    expect(Number((await db.query(`SELECT count(*) FROM outgoing_messages WHERE ticket_id = $1`, [ticket.id])).rows[0].count)).toBe(mailBefore);
    expect((await auditOf(ticket)).find((a) => a.action === 'ticket.note')).toMatchObject({ actor_email: 'ana.agente@dnp.gov.co', after: { noteId: note.body.id } });

    const tagged = await beto.put(`/api/tickets/${ticket.reference}/tags`).send({ tags: [' Urgente', 'SisPT', 'urgente ', 'Boyacá  Centro'], version: ticket.version }).expect(200);
    expect(tagged.body).toEqual({ reference: ticket.reference, version: ticket.version + 1, tags: ['urgente', 'sispt', 'boyacá centro'], changed: true });
    expect((await reload(ticket)).tags).toEqual(['urgente', 'sispt', 'boyacá centro']);
    await beto.put(`/api/tickets/${ticket.reference}/tags`).send({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`), version: ticket.version + 1 }).expect(400);
    await beto.put(`/api/tickets/${ticket.reference}/tags`).send({ tags: ['x'.repeat(41)], version: ticket.version + 1 }).expect(400);
    const stale = await ana.put(`/api/tickets/${ticket.reference}/tags`).send({ tags: [], version: ticket.version }).expect(409);
    expect(stale.body.code).toBe('TICKET_VERSION_CONFLICT');
    expect((await auditOf(ticket)).filter((a) => a.action === 'ticket.tags')).toEqual([
      expect.objectContaining({ actor_email: 'beto.agente@dnp.gov.co', before: { tags: [], version: ticket.version }, after: { tags: ['urgente', 'sispt', 'boyacá centro'], version: ticket.version + 1 } }),
    ]);
    expect((await eventsOf(ticket)).find((e) => e.kind === 'tags-changed')?.detail).toEqual({ added: ['urgente', 'sispt', 'boyacá centro'], removed: [], tags: ['urgente', 'sispt', 'boyacá centro'] });
  });

  it('merges a duplicate into the survivor, and replies to the merged thread land in the survivor', async () => {
    const first = await openTicket('Clave de SisPT bloqueada — Pasto');
    await sleep(1100);
    const second = await openTicket('Otra vez: clave de SisPT bloqueada — Pasto');
    const firstArticles = (await db.query(`SELECT id FROM articles WHERE ticket_id = $1`, [first.id])).rows.map((r) => r.id);
    expect(firstArticles.length).toBeGreaterThanOrEqual(1);

    // The earlier ticket goes into the later one: the survivor takes the earlier receipt.
    await ana.post(`/api/tickets/${first.reference}/merge`).send({ into: first.reference, version: first.version }).expect(400);
    const merged = await ana.post(`/api/tickets/${first.reference}/merge`).send({ into: second.reference.toLowerCase(), version: first.version }).expect(200);
    expect(merged.body).toEqual({
      reference: first.reference,
      version: first.version + 1,
      mergedInto: second.reference,
      survivorVersion: second.version + 1,
      movedArticles: firstArticles.length,
    });
    const gone = await reload(first);
    expect(gone).toMatchObject({ status: 'closed', merged_into_ticket_id: second.id });
    expect(gone.merged_at).not.toBeNull();
    const survivor = await reload(second);
    expect(new Date(survivor.received_at).getTime()).toBe(new Date(first.received_at).getTime());
    expect((await db.query(`SELECT count(*) FROM articles WHERE ticket_id = $1`, [first.id])).rows[0].count).toBe('0');
    const survivorArticles = (await db.query(`SELECT id FROM articles WHERE ticket_id = $1`, [second.id])).rows.map((r) => r.id);
    expect(survivorArticles).toEqual(expect.arrayContaining(firstArticles));
    expect((await eventsOf(first)).find((e) => e.kind === 'merged-into')?.detail).toMatchObject({ intoReference: second.reference });
    expect((await eventsOf(second)).find((e) => e.kind === 'merged-from')?.detail).toMatchObject({ fromReference: first.reference });
    expect((await auditOf(first)).find((a) => a.action === 'ticket.merge')).toMatchObject({
      actor_email: 'ana.agente@dnp.gov.co',
      before: { status: 'new', version: first.version },
      after: { status: 'closed', mergedInto: second.reference, version: first.version + 1 },
    });
    expect((await auditOf(second)).find((a) => a.action === 'ticket.merge-received')).toMatchObject({ after: { mergedFrom: first.reference } });

    // The merged ticket refuses work, pointing at the survivor.
    for (const attempt of [
      ana.post(`/api/tickets/${first.reference}/take`).send({ version: first.version + 1 }),
      ana.post(`/api/tickets/${first.reference}/notes`).send({ body: 'nota' }),
      ana.post(`/api/tickets/${first.reference}/replies`).send({ body: 'respuesta' }),
      ana.post(`/api/tickets/${first.reference}/merge`).send({ into: second.reference, version: first.version + 1 }),
    ]) {
      const refused = await attempt.expect(409);
      expect(refused.body).toMatchObject({ code: 'TICKET_MERGED', details: { mergedInto: second.reference } });
    }
    const third = await openTicket('Consulta aparte — Ipiales');
    const intoMerged = await ana.post(`/api/tickets/${third.reference}/merge`).send({ into: first.reference, version: third.version }).expect(409);
    expect(intoMerged.body).toMatchObject({ code: 'TICKET_MERGE_TARGET_MERGED', details: { mergedInto: second.reference } });

    // The official answers the first thread by its headers, and another mail quotes only its reference.
    const ticketCount = async () => Number((await db.query(`SELECT count(*) FROM tickets`)).rows[0].count);
    const ticketsBefore = await ticketCount();
    const byHeaders = sampleMail({ subject: 'RE: Clave de SisPT bloqueada — Pasto', inReplyTo: first.messageId, references: [first.messageId] });
    await deliverByLmtp(planeacion, byHeaders.raw);
    const bySubject = sampleMail({ subject: `Seguimiento [${first.reference}]` });
    await deliverByLmtp(planeacion, bySubject.raw);
    const landed = await waitFor(
      async () => (await db.query(`SELECT message_id, ticket_id FROM articles WHERE message_id = ANY($1::text[])`, [[byHeaders.messageId, bySubject.messageId]])).rows,
      (rows) => rows.length === 2,
      15000,
    );
    expect(landed.map((r) => r.ticket_id)).toEqual([second.id, second.id]);
    expect(await ticketCount()).toBe(ticketsBefore);
    // New mail on the survivor makes a version the agent saw stale: the agent reloads.
    expect((await reload(second)).version).toBeGreaterThan(second.version + 1);
  });

  it('queues a reply with its attachment and audits it', async () => {
    const ticket = await openTicket('Solicitud del formato de seguimiento — Duitama');
    const queued = await ana
      .post(`/api/tickets/${ticket.reference}/replies`)
      .send({
        body: 'Adjuntamos el formato.',
        status: 'waiting',
        version: ticket.version,
        attachments: [{ filename: 'formato-seguimiento.pdf', contentType: 'application/pdf', contentBase64: SAMPLE_PDF.toString('base64') }],
      })
      .expect(201);
    expect(queued.body).toMatchObject({ reference: ticket.reference, status: 'waiting', version: ticket.version + 1 });
    const [row] = (await db.query(`SELECT kind, attachments, body_text FROM outgoing_messages WHERE message_id = $1`, [queued.body.messageId])).rows;
    expect(row.kind).toBe('agent-reply');
    expect(row.body_text).toContain('Prueba agent');
    expect(row.attachments).toEqual([{ filename: 'formato-seguimiento.pdf', contentType: 'application/pdf', sha256: expect.any(String), size: SAMPLE_PDF.length }]);
    const [blob] = (await db.query(`SELECT content FROM attachment_blobs WHERE sha256 = $1`, [row.attachments[0].sha256])).rows;
    expect(Buffer.compare(blob.content, SAMPLE_PDF)).toBe(0);
    // The detail shows when the SMTP server accepted it (recorded on the outgoing row, not the article).
    const replyIn = async () =>
      ((await ana.get(`/api/tickets/${ticket.reference}`).expect(200)).body.conversation as Array<{ messageId?: string; sentAt?: string | null }>).find((e) => e.messageId === queued.body.messageId);
    await db.query(`UPDATE outgoing_messages SET status = 'sent', sent_at = '2024-03-04T10:00:00-05:00' WHERE message_id = $1`, [queued.body.messageId]);
    expect(await replyIn()).toMatchObject({ sentAt: '2024-03-04T10:00:00-05:00' });
    expect((await auditOf(ticket)).find((a) => a.action === 'ticket.reply')).toMatchObject({
      actor_email: 'ana.agente@dnp.gov.co',
      before: { status: 'new', version: ticket.version },
      after: { status: 'waiting', version: ticket.version + 1, messageId: queued.body.messageId, attachments: [expect.objectContaining({ filename: 'formato-seguimiento.pdf' })] },
    });
    const stale = await beto.post(`/api/tickets/${ticket.reference}/replies`).send({ body: 'Otra respuesta', version: ticket.version }).expect(409);
    expect(stale.body.code).toBe('TICKET_VERSION_CONFLICT');
    await ana
      .post(`/api/tickets/${ticket.reference}/replies`)
      .send({ body: 'x', attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', contentBase64: 'esto no es base64!' }] })
      .expect(400);
    // A scanned act of several megabytes is ordinary: far past Express's default 100 KB JSON limit.
    const scan = randomBytes(3 * 1024 * 1024);
    const big = await ana
      .post(`/api/tickets/${ticket.reference}/replies`)
      .send({ body: 'Adjuntamos el acta escaneada.', attachments: [{ filename: 'acta-escaneada.pdf', contentType: 'application/pdf', contentBase64: scan.toString('base64') }] })
      .expect(201);
    const [bigRow] = (await db.query(`SELECT attachments FROM outgoing_messages WHERE message_id = $1`, [big.body.messageId])).rows;
    expect(bigRow.attachments).toEqual([expect.objectContaining({ filename: 'acta-escaneada.pdf', size: scan.length })]);
  });

  it('keeps the audit log append-only', async () => {
    expect(Number((await db.query(`SELECT count(*) FROM audit_log`)).rows[0].count)).toBeGreaterThan(0);
    await expect(db.query(`UPDATE audit_log SET actor_email = 'otro@dnp.gov.co'`)).rejects.toThrow(/solo anexar/);
    await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/solo anexar/);
  });
});
