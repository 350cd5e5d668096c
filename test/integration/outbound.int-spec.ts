import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { IntakeSupervisor } from '../../src/mail/intake/intake-supervisor.service';
import { signIn, TestSession } from '../support/auth-session';
import { deliverByLmtp, ensureMailServer, uniqueTestAccount } from '../support/mail-server';
import { SAMPLE_PDF, sampleMail } from '../support/sample-mail';
import { ensureSmtpSink, receivedMessages, uniqueSinkRecipient, waitForReceived } from '../support/smtp-sink';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { testConfig, waitFor } from '../support/test-app';

jest.setTimeout(90000);

const PT = 'planeacionterritorial@dnp.gov.co';
const OUR_MESSAGE_ID = /^<mda-\d{4}-\d{6}\.[A-Za-z0-9]+@dnp\.gov\.co>$/;

/** The whole loop with real servers: Dovecot → intake → PostgreSQL → BullMQ (Redis) → nodemailer → SMTP sink. */
describe('outgoing mail', () => {
  let db: Client;
  let app: INestApplication;
  let planeacion: string;
  let agent: TestSession;
  const ticketOf = async (subject: string) => (await db.query(`SELECT * FROM tickets WHERE subject = $1`, [subject])).rows[0];
  const outgoingOf = async (ticketId: string) => (await db.query(`SELECT * FROM outgoing_messages WHERE ticket_id = $1 ORDER BY id`, [ticketId])).rows;

  beforeAll(async () => {
    await ensureMailServer();
    await ensureSmtpSink();
    const databaseUrl = await createTestDatabase('outbound');
    db = await connectTestDatabase(databaseUrl);
    const kpt = await uniqueTestAccount('out-kpt');
    planeacion = await uniqueTestAccount('out-pt');
    const config = testConfig(databaseUrl, { kpt, planeacion }, { OUTBOUND_RETRY_BASE_MS: '200', OUTBOUND_SWEEP_INTERVAL_SECONDS: '1' });
    app = configureApp(await NestFactory.create(AppModule.forRoot(config), { logger: ['error'] }));
    await app.init();
    await waitFor(async () => app.get(IntakeSupervisor).status(), (s) => s.every((p) => p.state === 'connected'), 10000);
    agent = await signIn(app, 'agent', 'carlos.gomez@dnp.gov.co');
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  it('acknowledges a new ticket once, in Spanish, with our headers, and threads the official\'s reply to it', async () => {
    const official = uniqueSinkRecipient('acuse');
    const opening = sampleMail({ from: `María Peña <${official}>`, subject: 'Solicitud de usuario SisPT para Güicán' });
    await deliverByLmtp(planeacion, opening.raw);
    const ack = await waitForReceived(() => true, 15000, { to: official });
    const ticket = await ticketOf('Solicitud de usuario SisPT para Güicán');
    expect(ack.headers).toMatchObject({
      from: { address: PT },
      subject: `RE: Solicitud de usuario SisPT para Güicán [${ticket.reference}]`,
      inReplyTo: opening.messageId,
      autoSubmitted: 'auto-replied',
      xAutoResponseSuppress: 'All',
    });
    expect(ack.headers.messageId).toMatch(OUR_MESSAGE_ID);
    expect(ack.headers.messageId).toContain(ticket.reference.toLowerCase());
    expect(ack.text).toContain(`Radicado: ${ticket.reference}`);
    expect(ack.text).toContain('Fecha máxima de respuesta');
    expect(ack.text).toContain('artículo 61 de la Ley 1437 de 2011');
    expect(ack.html).toContain(ticket.reference);
    const [row] = await outgoingOf(ticket.id);
    expect(row).toMatchObject({ kind: 'acknowledgement', status: 'sent', attempts: 1, crash_resends: 0, message_id: ack.headers.messageId });
    // The acknowledgement is on the ticket as automatic mail, so its template text stays out of search.
    const ackArticle = await db.query(`SELECT automatic FROM articles WHERE message_id = $1`, [ack.headers.messageId]);
    expect(ackArticle.rows).toEqual([{ automatic: true }]);

    // The official answers the acknowledgement from a mail client: full loop through Dovecot.
    await deliverByLmtp(
      planeacion,
      sampleMail({ from: `María Peña <${official}>`, subject: `RE: ${ack.headers.subject}`, inReplyTo: ack.headers.messageId!, references: [opening.messageId!, ack.headers.messageId!] }).raw,
    );
    const inTicket = await waitFor(
      async () => Number((await db.query(`SELECT count(*) FROM articles WHERE ticket_id = $1 AND direction = 'incoming'`, [ticket.id])).rows[0].count),
      (n) => n === 2,
      10000,
    );
    expect(inTicket).toBe(2);
    expect(Number((await db.query(`SELECT count(*) FROM tickets WHERE requester_address = $1`, [official])).rows[0].count)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await receivedMessages({ to: official })).toHaveLength(1);
  });

  it('never answers an auto-reply, so an out-of-office robot cannot start a loop', async () => {
    const robot = uniqueSinkRecipient('fuera-oficina');
    const outOfOffice = sampleMail({
      from: `Ausente <${robot}>`,
      subject: 'Respuesta automática: Fuera de la oficina',
      extraHeaders: { 'Auto-Submitted': 'auto-replied' },
    });
    await deliverByLmtp(planeacion, outOfOffice.raw);
    const ticket = await waitFor(() => ticketOf('Respuesta automática: Fuera de la oficina'), (t) => t !== undefined, 10000);
    expect(ticket).toMatchObject({ acknowledge: false, acknowledgement_skipped: 'auto-generated' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await receivedMessages({ to: robot })).toHaveLength(0);
    expect(await outgoingOf(ticket.id)).toHaveLength(0);
  });

  it('retries a 451 and delivers once; fails a 550 for good and flags the ticket', async () => {
    const busy = uniqueSinkRecipient('ocupado', '+tempfail2');
    await deliverByLmtp(planeacion, sampleMail({ from: busy, subject: 'Consulta con servidor ocupado' }).raw);
    await waitForReceived(() => true, 20000, { to: busy });
    const busyTicket = await ticketOf('Consulta con servidor ocupado');
    const [busyRow] = await waitFor(() => outgoingOf(busyTicket.id), (rows) => rows[0]?.status === 'sent', 10000);
    expect(busyRow).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await receivedMessages({ to: busy })).toHaveLength(1);

    const gone = uniqueSinkRecipient('rechazo', '+reject');
    await deliverByLmtp(planeacion, sampleMail({ from: gone, subject: 'Consulta desde buzón inexistente' }).raw);
    const goneTicket = await waitFor(() => ticketOf('Consulta desde buzón inexistente'), (t) => t !== undefined, 10000);
    const [goneRow] = await waitFor(() => outgoingOf(goneTicket.id), (rows) => rows[0]?.status === 'failed', 15000);
    expect(goneRow.last_error).toMatch(/^550/);
    expect(goneRow.attempts).toBe(1);
    const flagged = await ticketOf('Consulta desde buzón inexistente');
    expect(flagged.needs_attention).toBe(true);
    expect(flagged.attention_reason).toContain(gone);
    const events = await db.query(`SELECT kind FROM ticket_events WHERE ticket_id = $1`, [goneTicket.id]);
    expect(events.rows.map((e) => e.kind)).toContain('mail-failed');
  });

  it('sends an agent reply with its attachment, without automatic headers, and notices of extension and resolution', async () => {
    const official = uniqueSinkRecipient('respuesta');
    const opening = sampleMail({ from: official, subject: 'Duda sobre el Plan Plurianual de Inversiones' });
    await deliverByLmtp(planeacion, opening.raw);
    const ack = await waitForReceived(() => true, 15000, { to: official });
    const ticket = await ticketOf('Duda sobre el Plan Plurianual de Inversiones');

    const queued = await agent
      .post(`/api/tickets/${ticket.reference}/replies`)
      .send({
        body: 'Respetado funcionario:\n\nAdjuntamos la guía del PPI. <b>No</b> es HTML & se escapa.',
        status: 'open',
        attachments: [{ filename: 'guía-ppi.pdf', contentType: 'application/pdf', contentBase64: SAMPLE_PDF.toString('base64') }],
      })
      .expect(201);
    expect(queued.body).toMatchObject({ reference: ticket.reference, to: [official], status: 'open' });
    const reply = await waitForReceived((m) => m.headers.messageId === queued.body.messageId, 15000, { to: official });
    expect(reply.headers).toMatchObject({ autoSubmitted: null, xAutoResponseSuppress: null, inReplyTo: ack.headers.messageId });
    expect(reply.headers.subject).toBe(`RE: Duda sobre el Plan Plurianual de Inversiones [${ticket.reference}]`);
    expect(reply.headers.references).toEqual([opening.messageId, ack.headers.messageId]);
    expect(reply.text).toContain('<b>No</b> es HTML & se escapa.');
    expect(reply.html).toContain('&lt;b&gt;No&lt;/b&gt; es HTML &amp; se escapa.');
    expect(reply.raw.toString('latin1')).toContain("Content-Disposition: attachment; filename*0*=utf-8''gu%C3%ADa-ppi.pdf");
    expect(reply.raw.toString('latin1')).toContain(SAMPLE_PDF.toString('base64').slice(0, 20));

    const supervisor = await signIn(app, 'supervisor', 'supervisora@dnp.gov.co');
    await supervisor.post(`/api/tickets/${ticket.reference}/legal-extension`).send({ days: 5, reason: 'Se requiere concepto de otra dirección', version: queued.body.version }).expect(200);
    const extension = await waitForReceived((m) => (m.text ?? '').includes('Se requiere concepto de otra dirección'), 15000, { to: official });
    expect(extension.headers.autoSubmitted).toBe('auto-replied');

    await agent.patch(`/api/tickets/${ticket.reference}/status`).send({ status: 'resolved', version: queued.body.version + 1 }).expect(200);
    const resolved = await waitForReceived((m) => /reabrir|reabra/i.test(m.text ?? ''), 15000, { to: official });
    expect(resolved.headers.subject).toBe(`RE: Duda sobre el Plan Plurianual de Inversiones [${ticket.reference}]`);
    const kinds = (await outgoingOf(ticket.id)).map((r) => [r.kind, r.status]);
    expect(kinds).toEqual([
      ['acknowledgement', 'sent'],
      ['agent-reply', 'sent'],
      ['legal-extension', 'sent'],
      ['ticket-resolved', 'sent'],
    ]);
    await agent.post(`/api/tickets/${ticket.reference}/replies`).send({ body: '' }).expect(400);
    // The signature is the account's, not a field a client can set.
    await agent.post(`/api/tickets/${ticket.reference}/replies`).send({ body: 'Hola', agentName: 'Otra persona' }).expect(400);
  });
});
