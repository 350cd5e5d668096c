import { createHash } from 'crypto';
import { IncomingMessage, get as httpGet } from 'http';
import { AddressInfo } from 'net';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { signIn, TestSession } from '../support/auth-session';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig } from '../support/test-app';

jest.setTimeout(60000);

const P = 'planeacionterritorial@dnp.gov.co';
const K = 'kpt@dnp.gov.co';
/** A queue of its own for the pagination walk, so ties are many and known. */
const Q = 'paginacion@dnp.gov.co';
const HOUR = 3600_000;

interface SeedTicket {
  reference: string;
  queue?: string;
  status?: string;
  category?: string;
  receivedAt?: string;
  firstResponseDue?: Date | null;
  resolutionDue?: Date | null;
  legalDue?: Date | null;
  firstResponseMet?: boolean | null;
  resolutionMet?: boolean | null;
  paused?: boolean;
  assignee?: string | null;
  entityCode?: string | null;
  departmentCode?: string | null;
  matchedRule?: string | null;
}

interface ListBody {
  items: Array<{ reference: string; sla: string; nextDue: { at: string; clock: string } | null; assignee: { id: string; name: string } | null; hasAttachments: boolean; version: number; queueMailbox: string; receivedAt: string }>;
  nextCursor: string | null;
}

describe('Ticket lists, counts, detail, attachments and live updates', () => {
  let app: INestApplication;
  let db: Client;
  let agent: TestSession;
  let other: TestSession;
  let incomingT1: string;
  let pdfId: string;
  const pdf = Buffer.from('%PDF-1.4\n%prueba\n', 'latin1');
  const ids = new Map<string, string>();
  const now = Date.now();
  const at = (offsetMs: number) => new Date(now + offsetMs);

  async function insertTicket(t: SeedTicket): Promise<string> {
    const queue = t.queue ?? P;
    const { rows } = await db.query(
      `INSERT INTO tickets (reference, subject, status, mailbox_address, queue_mailbox, reply_from, category, matched_rule, received_at,
                            requester_address, requester_name, sla_first_response_due, sla_resolution_due, sla_legal_due,
                            sla_first_response_met, sla_resolution_met, sla_paused, assignee_user_id, entity_code, entity_name,
                            entity_department_code, entity_kind, entity_department_name, entity_evidence, sla_computed_at)
       VALUES ($1, $2, $3, $4, $4, $4, $5, $6, $7, 'oficial@alcaldia.gov.co', 'Oficial', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
               $18, $19, $20, now())
       RETURNING id`,
      [
        t.reference,
        `Asunto ${t.reference}`,
        t.status ?? 'new',
        queue,
        t.category ?? 'tech',
        t.matchedRule ?? null,
        t.receivedAt ?? '2024-03-01T10:00:00-05:00',
        t.firstResponseDue === undefined ? null : t.firstResponseDue,
        t.resolutionDue === undefined ? null : t.resolutionDue,
        t.legalDue === undefined ? null : t.legalDue,
        t.firstResponseMet ?? null,
        t.resolutionMet ?? null,
        t.paused ?? false,
        t.assignee ?? null,
        t.entityCode ?? null,
        t.entityCode ? `Entidad ${t.entityCode}` : null,
        t.departmentCode ?? null,
        t.entityCode ? (t.entityCode.length === 2 ? 'department' : 'municipality') : null,
        t.departmentCode ? `Departamento ${t.departmentCode}` : null,
        t.entityCode ? 'domain' : null,
      ],
    );
    ids.set(t.reference, String(rows[0].id));
    return String(rows[0].id);
  }

  async function slaEvent(reference: string, kind: string, occurredAt: Date): Promise<void> {
    await db.query(`INSERT INTO ticket_sla_events (ticket_id, kind, occurred_at, actor) VALUES ($1, $2, $3, 'prueba')`, [ids.get(reference), kind, occurredAt]);
    // What recomputeSla does after storing an event: it rewrites the SLA columns, which re-derives the next due time.
    await db.query(`UPDATE tickets SET sla_computed_at = now() WHERE id = $1`, [ids.get(reference)]);
  }

  async function article(reference: string, direction: 'incoming' | 'outgoing', receivedAt: string, html: string | null, text = 'Texto'): Promise<string> {
    const { rows } = await db.query(
      `INSERT INTO articles (ticket_id, direction, message_id, from_address, subject, body_text, body_html, received_at)
       VALUES ($1, $2, $3, 'oficial@alcaldia.gov.co', 'Asunto', $4, $5, $6) RETURNING id`,
      [ids.get(reference), direction, `<${reference}-${direction}-${receivedAt}@prueba>`, text, html, receivedAt],
    );
    return String(rows[0].id);
  }

  async function attachment(articleId: string, filename: string, contentType: string, content: Buffer, inline = false): Promise<string> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    await db.query(`INSERT INTO attachment_blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [sha256, content.length, content]);
    const { rows } = await db.query(
      `INSERT INTO article_attachments (article_id, sha256, filename, content_type, size, inline) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [articleId, sha256, filename, contentType, content.length, inline],
    );
    return String(rows[0].id);
  }

  const list = async (query: string, session: TestSession = agent): Promise<ListBody> => (await session.get(`/api/tickets?${query}`).expect(200)).body as ListBody;
  const refs = async (query: string) => (await list(query)).items.map((i) => i.reference);

  /** Every page of a listing, following nextCursor. */
  async function walk(query: string): Promise<ListBody['items']> {
    const seen: ListBody['items'] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const body: ListBody = await list(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('la paginación no termina');
  }

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('ticket_views');
    db = await connectTestDatabase(databaseUrl);
    app = await startTestApp(
      testConfig(databaseUrl, { kpt: 'views-kpt', planeacion: 'views-pt' }, { INTAKE_ENABLED: 'false', JOBS_ENABLED: 'false', OUTBOUND_ENABLED: 'false' }),
    );
    await app.listen(0, '127.0.0.1');
    agent = await signIn(app, 'agent');
    other = await signIn(app, 'agent');

    // T1: new, due first, with an attachment and an entity in Antioquia.
    await insertTicket({ reference: 'MDA-2024-000001', receivedAt: '2024-03-04T09:00:00-05:00', firstResponseDue: at(2 * HOUR), resolutionDue: at(30 * HOUR), legalDue: at(300 * HOUR), entityCode: '05001', departmentCode: '05', matchedRule: 'tech-sispt-error' });
    incomingT1 = await article('MDA-2024-000001', 'incoming', '2024-03-04T09:00:00-05:00', '<p onclick="robar()">Adjunto el plan<script>alert(1)</script><img src="x" onerror="alert(2)"></p>');
    pdfId = await attachment(incomingT1, 'Plan de desarrollo Año 2024 "final".pdf', 'application/pdf', pdf);
    // T2: warned on its resolution clock, assigned to the agent.
    await insertTicket({ reference: 'MDA-2024-000002', status: 'open', category: 'users', receivedAt: '2024-03-05T10:00:00-05:00', resolutionDue: at(24 * HOUR), legalDue: at(300 * HOUR), firstResponseMet: true, assignee: agent.actor.userId });
    await slaEvent('MDA-2024-000002', 'answered', at(-5 * HOUR));
    await db.query(`INSERT INTO sla_alerts (ticket_id, clock, point, due_at, notify_at) VALUES ($1, 'resolution', 'warning', $2, now())`, [ids.get('MDA-2024-000002'), at(24 * HOUR)]);
    // T3: waiting on the official (received late on the 6th, Bogotá time): first response and resolution paused.
    await insertTicket({ reference: 'MDA-2024-000003', status: 'waiting', receivedAt: '2024-03-06T23:30:00-05:00', legalDue: at(240 * HOUR), paused: true });
    // T4: in kpt@'s queue, resolution overdue.
    await insertTicket({ reference: 'MDA-2024-000004', status: 'open', queue: K, receivedAt: '2024-03-07T00:30:00-05:00', resolutionDue: at(-HOUR), resolutionMet: false, legalDue: at(200 * HOUR) });
    // T5: resolved.
    await insertTicket({ reference: 'MDA-2024-000005', status: 'resolved', receivedAt: '2024-03-08T08:00:00-05:00', firstResponseDue: at(-50 * HOUR), resolutionDue: at(-40 * HOUR), legalDue: at(100 * HOUR), firstResponseMet: true, resolutionMet: true });
    await slaEvent('MDA-2024-000005', 'resolved', at(-60 * HOUR));
    // T6: hostile HTML, an inline image only, an entity in Boyacá, assigned to someone else.
    await insertTicket({ reference: 'MDA-2024-000006', receivedAt: '2024-03-09T08:00:00-05:00', firstResponseDue: at(5 * HOUR), resolutionDue: at(40 * HOUR), legalDue: at(300 * HOUR), entityCode: '15001', departmentCode: '15', assignee: other.actor.userId });
    const t6 = await article('MDA-2024-000006', 'incoming', '2024-03-09T08:00:00-05:00', '<p>Logo <img src="cid:logo@x"></p>');
    await attachment(t6, 'logo.png', 'image/png', Buffer.from('png'), true);
    // T7: first response answered late (met false but stopped): not breached; resolution still ahead.
    await insertTicket({ reference: 'MDA-2024-000007', status: 'open', receivedAt: '2024-03-10T08:00:00-05:00', firstResponseDue: at(-48 * HOUR), firstResponseMet: false, resolutionDue: at(72 * HOUR), legalDue: at(300 * HOUR), assignee: agent.actor.userId });
    await slaEvent('MDA-2024-000007', 'answered', at(-40 * HOUR));

    // Pagination: ties on every sort key, microseconds JavaScript dates cannot hold, and tickets without a running deadline.
    const tieDue = at(50 * HOUR);
    for (let i = 1; i <= 13; i++) {
      await insertTicket({
        reference: `MDA-2024-1000${String(i).padStart(2, '0')}`,
        queue: Q,
        receivedAt: i % 3 === 0 ? '2024-06-01T10:00:00.123456+00' : `2024-06-0${1 + (i % 4)}T10:00:00.654321+00`,
        resolutionDue: i <= 5 ? tieDue : i <= 9 ? null : at((60 + i) * HOUR),
      });
    }
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  it('refuses lists without a session', async () => {
    await request(app.getHttpServer()).get('/api/tickets').expect(401);
  });

  it('lists a queue next due first, with what a row shows', async () => {
    const body = await list(`queue=${P}`);
    expect(body.items.map((i) => i.reference)).toEqual(['MDA-2024-000001', 'MDA-2024-000006', 'MDA-2024-000002', 'MDA-2024-000007', 'MDA-2024-000003']);
    expect(body.nextCursor).toBeNull();
    const first = body.items[0];
    expect(first).toMatchObject({
      reference: 'MDA-2024-000001',
      subject: 'Asunto MDA-2024-000001',
      status: 'new',
      category: 'tech',
      queueMailbox: P,
      entity: { kind: 'municipality', code: '05001', name: 'Entidad 05001', departmentCode: '05', departmentName: 'Departamento 05' },
      assignee: null,
      requester: { address: 'oficial@alcaldia.gov.co', name: 'Oficial' },
      receivedAt: '2024-03-04T09:00:00-05:00',
      nextDue: { clock: 'firstResponse' },
      sla: 'on-time',
      hasAttachments: true,
      version: 1,
    });
    expect(new Date(first.nextDue!.at).getTime()).toBe(at(2 * HOUR).getTime());
    const t2 = body.items.find((i) => i.reference === 'MDA-2024-000002')!;
    expect(t2.assignee).toEqual({ id: agent.actor.userId, name: 'Prueba agent' });
    expect(t2.nextDue?.clock).toBe('resolution');
    // Late first answer: the stopped clock no longer counts, the resolution deadline does.
    const t7 = body.items.find((i) => i.reference === 'MDA-2024-000007')!;
    expect(t7).toMatchObject({ sla: 'on-time', nextDue: { clock: 'resolution' } });
  });

  it('narrows the list with each filter', async () => {
    expect(await refs(`queue=${K}`)).toEqual(['MDA-2024-000004']);
    expect(await refs(`queue=${P}&category=users`)).toEqual(['MDA-2024-000002']);
    expect(await refs(`queue=${P}&status=waiting`)).toEqual(['MDA-2024-000003']);
    expect(await refs(`status=resolved,closed`)).toEqual(['MDA-2024-000005']);
    expect(await refs(`assignee=me`)).toEqual(['MDA-2024-000002', 'MDA-2024-000007']);
    expect(await refs(`assignee=${other.actor.userId}`)).toEqual(['MDA-2024-000006']);
    expect(await refs(`queue=${P}&assignee=unassigned`)).toEqual(['MDA-2024-000001', 'MDA-2024-000003']);
    expect(await refs(`sla=warning`)).toEqual(['MDA-2024-000002']);
    expect(await refs(`sla=breached`)).toEqual(['MDA-2024-000004']);
    expect(await refs(`sla=paused`)).toEqual(['MDA-2024-000003']);
    expect(await refs(`sla=met`)).toEqual(['MDA-2024-000005']);
    expect(await refs(`queue=${P}&sla=on-time`)).toEqual(['MDA-2024-000001', 'MDA-2024-000006', 'MDA-2024-000007']);
    expect(await refs(`entity=05001`)).toEqual(['MDA-2024-000001']);
    expect(await refs(`department=15`)).toEqual(['MDA-2024-000006']);
    // A date is a whole Bogotá day: 23:30 on the 6th is in, 00:30 on the 7th is not.
    expect(await refs(`receivedFrom=2024-03-05&receivedTo=2024-03-06&sort=oldest`)).toEqual(['MDA-2024-000002', 'MDA-2024-000003']);
    expect(await refs(`receivedFrom=2024-03-07T00:00:00-05:00&receivedTo=2024-03-09&sort=oldest&status=new,open,waiting,resolved`)).toEqual([
      'MDA-2024-000004',
      'MDA-2024-000005',
      'MDA-2024-000006',
    ]);
    // Inline images are part of the body, not attachments.
    expect(await refs(`hasAttachments=true`)).toEqual(['MDA-2024-000001']);
    expect(await refs(`queue=${P}&hasAttachments=false`)).toEqual(['MDA-2024-000006', 'MDA-2024-000002', 'MDA-2024-000007', 'MDA-2024-000003']);
    const sla = (await list(`queue=${P}`)).items.map((i) => [i.reference, i.sla]);
    expect(sla).toEqual([
      ['MDA-2024-000001', 'on-time'],
      ['MDA-2024-000006', 'on-time'],
      ['MDA-2024-000002', 'warning'],
      ['MDA-2024-000007', 'on-time'],
      ['MDA-2024-000003', 'paused'],
    ]);
  });

  it('sorts by newest and oldest', async () => {
    expect(await refs(`queue=${P}&sort=newest`)).toEqual(['MDA-2024-000007', 'MDA-2024-000006', 'MDA-2024-000003', 'MDA-2024-000002', 'MDA-2024-000001']);
    expect(await refs(`queue=${P}&sort=oldest`)).toEqual(['MDA-2024-000001', 'MDA-2024-000002', 'MDA-2024-000003', 'MDA-2024-000006', 'MDA-2024-000007']);
  });

  it.each(['due', 'newest', 'oldest'])('walks every ticket exactly once across pages with ties on the %s key', async (sort) => {
    const all = (await list(`queue=${Q}&sort=${sort}&limit=100`)).items.map((i) => i.reference);
    expect(all).toHaveLength(13);
    for (const limit of [1, 3, 4]) {
      const walked = (await walk(`queue=${Q}&sort=${sort}&limit=${limit}`)).map((i) => i.reference);
      expect(walked).toEqual(all);
    }
    const everything = (await walk(`sort=${sort}&limit=2&status=new,open,waiting,resolved,closed`)).map((i) => i.reference);
    expect(new Set(everything).size).toBe(everything.length);
    expect(everything).toHaveLength(20);
  });

  it('refuses bad cursors and limits with Spanish messages', async () => {
    const page = await list(`queue=${Q}&limit=2`);
    const wrongSort = await agent.get(`/api/tickets?queue=${Q}&limit=2&sort=newest&cursor=${page.nextCursor}`).expect(400);
    expect(wrongSort.body.code).toBe('CURSOR_INVALID');
    expect((await agent.get(`/api/tickets?cursor=abc`).expect(400)).body.message).toContain('cursor no es válido');
    const problems = async (query: string) => JSON.stringify((await agent.get(`/api/tickets?${query}`).expect(400)).body);
    expect(await problems('limit=101')).toContain('limit no puede pasar de 100');
    expect(await problems('sla=tarde')).toContain('sla debe ser uno de');
    expect(await problems('status=new,borrado')).toContain('status debe ser uno o varios de');
    expect(await problems('receivedFrom=2024-03-09&receivedTo=2024-03-01')).toContain('receivedFrom debe ser anterior a receivedTo');
    expect(await problems('entity=5001')).toContain('entity debe ser un código DIVIPOLA');
    await agent.get(`/api/tickets?offset=10`).expect(400);
  });

  it('counts open tickets per queue and status for the sidebar', async () => {
    const body = (await agent.get('/api/tickets/counts').expect(200)).body;
    const byQueue = Object.fromEntries(body.queues.map((q: { queueMailbox: string }) => [q.queueMailbox, q]));
    expect(byQueue[P]).toEqual({ queueMailbox: P, byStatus: { new: 2, open: 2, waiting: 1 }, open: 5, mine: 2, unassigned: 2, warning: 1, breached: 0 });
    expect(byQueue[K]).toEqual({ queueMailbox: K, byStatus: { new: 0, open: 1, waiting: 0 }, open: 1, mine: 0, unassigned: 1, warning: 0, breached: 1 });
    expect(body.totals).toEqual({ byStatus: { new: 15, open: 3, waiting: 1 }, open: 19, mine: 2, unassigned: 16, warning: 1, breached: 1 });
    expect(body.statuses).toEqual(['new', 'open', 'waiting']);
  });

  it('shows a ticket: conversation in order, sanitized HTML, attachments, SLA, routing and audit', async () => {
    const ref = 'MDA-2024-000001';
    await db.query(`INSERT INTO ticket_events (ticket_id, kind, actor, detail, created_at) VALUES ($1, 'status-changed', 'agente@dnp.gov.co', '{"from":"new","to":"open"}', '2024-03-04T09:30:00-05:00')`, [ids.get(ref)]);
    await db.query(`INSERT INTO ticket_events (ticket_id, kind, actor, body, created_at) VALUES ($1, 'note', 'agente@dnp.gov.co', 'Llamar al municipio', '2024-03-04T10:00:00-05:00')`, [ids.get(ref)]);
    await article(ref, 'outgoing', '2024-03-04T11:00:00-05:00', '<p>Respuesta</p>');
    await db.query(`INSERT INTO ticket_category_changes (ticket_id, from_category, to_category, matched_rule, changed_by, reason) VALUES ($1, 'users', 'tech', 'tech-sispt-error', 'agente@dnp.gov.co', 'es técnico')`, [ids.get(ref)]);
    await db.query(`INSERT INTO audit_log (actor_email, action, subject_type, subject_id, ticket_id, before, after) VALUES ('agente@dnp.gov.co', 'ticket.category', 'ticket', $1, $2, '{"category":"users"}', '{"category":"tech"}')`, [ref, ids.get(ref)]);

    const detail = (await agent.get(`/api/tickets/${ref.toLowerCase()}`).expect(200)).body;
    expect(detail.entity).toEqual({ kind: 'municipality', code: '05001', name: 'Entidad 05001', departmentCode: '05', departmentName: 'Departamento 05', evidence: 'domain' });
    expect(detail.conversation.map((e: { type: string }) => e.type)).toEqual(['incoming', 'event', 'note', 'outgoing']);
    const [mail, event, note] = detail.conversation;
    expect(mail.bodyHtml).toContain('Adjunto el plan');
    expect(mail.bodyHtml).not.toMatch(/<script|onclick|onerror|alert\(/i);
    expect(mail.attachments).toEqual([
      { id: pdfId, filename: 'Plan de desarrollo Año 2024 "final".pdf', contentType: 'application/pdf', size: pdf.length, inline: false, contentId: null, url: `/api/tickets/${ref}/attachments/${pdfId}` },
    ]);
    expect(event).toMatchObject({ kind: 'status-changed', actor: 'agente@dnp.gov.co', detail: { from: 'new', to: 'open' } });
    expect(note).toMatchObject({ body: 'Llamar al municipio', actor: 'agente@dnp.gov.co' });
    expect(detail.routing).toMatchObject({ category: 'tech', matchedRule: 'tech-sispt-error', queueMailbox: P, changes: [{ from: 'users', to: 'tech', changedBy: 'agente@dnp.gov.co', reason: 'es técnico' }] });
    expect(detail.sla).toMatchObject({ reference: ref, state: 'on-time', nextDue: { clock: 'firstResponse' } });
    expect(detail.sla.firstResponse).toHaveProperty('targetMinutes');
    expect(detail.audit).toMatchObject([{ action: 'ticket.category', actorEmail: 'agente@dnp.gov.co', before: { category: 'users' }, after: { category: 'tech' } }]);

    // The SLA block comes with its history: T7's first response stopped (late) at its answer.
    const t7 = (await agent.get('/api/tickets/MDA-2024-000007').expect(200)).body;
    expect(t7.sla.events).toMatchObject([{ kind: 'answered', actor: 'prueba' }]);
    expect(t7.sla.firstResponse.stoppedAt).not.toBeNull();
    expect(t7.sla).toMatchObject({ state: 'on-time', nextDue: { clock: 'resolution' } });
    expect(t7.assignee).toEqual({ id: agent.actor.userId, name: 'Prueba agent', email: agent.actor.email });

    const download = await agent.get(mail.attachments[0].url).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Plan de desarrollo Ano 2024 _final_.pdf"; filename*=UTF-8''Plan%20de%20desarrollo%20A%C3%B1o%202024%20%22final%22.pdf`,
    );
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);

    // An HTML attachment is still a download, never a page of ours.
    const htmlId = await attachment(incomingT1, 'pagina.html', 'text/html', Buffer.from('<script>alert(1)</script>'));
    const html = await agent.get(`/api/tickets/${ref}/attachments/${htmlId}`).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-disposition']).toMatch(/^attachment;/);
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    // Ids are scoped by the ticket: another ticket's reference does not reach this file.
    expect((await agent.get(`/api/tickets/MDA-2024-000002/attachments/${pdfId}`).expect(404)).body.code).toBe('ATTACHMENT_NOT_FOUND');
    await agent.get(`/api/tickets/${ref}/attachments/abc`).expect(404);
    expect((await agent.get('/api/tickets/MDA-1999-000001').expect(404)).body.message).toBe('No existe el ticket MDA-1999-000001');
  });

  it('streams changes of a queue over server-sent events, and only to that queue', async () => {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const planeacion = openStream(port, `/api/tickets/stream?queue=${P}`, agent.cookie);
    const kpt = openStream(port, `/api/tickets/stream?queue=${K}`, agent.cookie);
    try {
      await planeacion.waitFor((e) => e.type === 'ready');
      await kpt.waitFor((e) => e.type === 'ready');
      expect(planeacion.response?.headers['content-type']).toMatch(/^text\/event-stream/);

      // A change made elsewhere (another process, plain SQL) reaches the stream through the trigger.
      await db.query(`UPDATE tickets SET status = 'open', version = version + 1 WHERE reference = 'MDA-2024-000001'`);
      const event = await planeacion.waitFor((e) => e.type === 'ticket' && e.data?.reference === 'MDA-2024-000001');
      expect(event.data).toEqual({ reference: 'MDA-2024-000001', queueMailbox: P, previousQueueMailbox: null, status: 'open', version: 2, kind: 'UPDATE' });

      // A ticket moved out of kpt@'s queue reaches kpt@'s subscribers too, so their list drops it.
      await db.query(`UPDATE tickets SET queue_mailbox = $1, version = version + 1 WHERE reference = 'MDA-2024-000004'`, [P]);
      const moved = await kpt.waitFor((e) => e.type === 'ticket' && e.data?.reference === 'MDA-2024-000004');
      expect(moved.data).toMatchObject({ queueMailbox: P, previousQueueMailbox: K });
      await planeacion.waitFor((e) => e.type === 'ticket' && e.data?.reference === 'MDA-2024-000004');
      expect(kpt.events.filter((e) => e.type === 'ticket').map((e) => e.data?.reference)).toEqual(['MDA-2024-000004']);
    } finally {
      planeacion.close();
      kpt.close();
    }
    // The listener's connection drops (database restart, network): it reconnects, says `ready` again, and changes flow.
    const again = openStream(port, `/api/tickets/stream?queue=${P}`, agent.cookie);
    try {
      await again.waitFor((e) => e.type === 'ready');
      const killed = await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mesa-live-updates' AND datname = current_database()`);
      expect(killed.rowCount).toBe(1);
      await waitUntil(() => again.events.filter((e) => e.type === 'ready').length === 2, 10000);
      await db.query(`UPDATE tickets SET status = 'waiting', version = version + 1 WHERE reference = 'MDA-2024-000006'`);
      const after = await again.waitFor((e) => e.type === 'ticket' && e.data?.reference === 'MDA-2024-000006');
      expect(after.data).toMatchObject({ status: 'waiting', queueMailbox: P });
    } finally {
      again.close();
    }
    // The stream needs a session like every other route.
    const anonymous = openStream(port, `/api/tickets/stream?queue=${P}`, '');
    try {
      await waitUntil(() => anonymous.response !== null);
      expect(anonymous.response?.statusCode).toBe(401);
    } finally {
      anonymous.close();
    }
  });
});

interface StreamEvent {
  type: string;
  data: Record<string, unknown> | null;
}

/** A raw SSE client over real HTTP, collecting parsed events. */
function openStream(port: number, path: string, cookie: string) {
  const events: StreamEvent[] = [];
  const state: { response: IncomingMessage | null } = { response: null };
  let buffer = '';
  const req = httpGet({ host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream', ...(cookie ? { Cookie: cookie } : {}) } }, (res) => {
    state.response = res;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) type = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length) events.push({ type, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
      }
    });
  });
  req.on('error', () => undefined);
  return {
    events,
    get response() {
      return state.response;
    },
    async waitFor(match: (e: StreamEvent) => boolean): Promise<StreamEvent> {
      await waitUntil(() => events.some(match));
      return events.find(match)!;
    },
    close: () => req.destroy(),
  };
}

async function waitUntil(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error('tiempo agotado esperando el evento');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
