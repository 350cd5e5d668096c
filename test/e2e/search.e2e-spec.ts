import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Client } from 'pg';
import { signIn, TestSession } from '../support/auth-session';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig } from '../support/test-app';
import { TICKET_SEARCH_DEFERRED_SETTING } from '../../src/database/migrations/1733300000000-ticket-search';
import { deferSearchRows, writeSearchRows } from '../../src/search/ticket-search-rows';

jest.setTimeout(120000);

interface Hit {
  reference: string;
  subject: string;
  status: string;
  queueMailbox: string;
  entityName: string | null;
  requester: { address: string | null; name: string | null };
  receivedAt: string;
  rank: number;
  snippet: string;
  exact: boolean;
}

const QUEUE = 'planeacionterritorial@dnp.gov.co';

type TestTicket = {
  reference: string;
  subject: string;
  requester?: [string, string];
  entity?: string;
  receivedAt: string;
  articles: Array<{ body: string; from?: [string, string]; direction?: 'incoming' | 'outgoing' }>;
};

/** Tickets straight in SQL: this suite is about search, not intake (the triggers keep the index either way). */
async function insertTicket(db: Client, ticket: TestTicket): Promise<string> {
  const id = await insertTicketRow(db, ticket);
  await insertArticles(db, id, ticket);
  return id;
}

async function insertTicketRow(db: Client, ticket: TestTicket): Promise<string> {
  const [address, name] = ticket.requester ?? [null, null];
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO tickets (reference, subject, mailbox_address, queue_mailbox, reply_from, requester_address, requester_name, entity_name, received_at)
     VALUES ($1, $2, $3, $3, $3, $4, $5, $6, $7) RETURNING id`,
    [ticket.reference, ticket.subject, QUEUE, address, name, ticket.entity ?? null, ticket.receivedAt],
  );
  return inserted.rows[0].id;
}

async function insertArticles(db: Client, id: string, ticket: TestTicket): Promise<void> {
  const [address, name] = ticket.requester ?? [null, null];
  for (const [index, article] of ticket.articles.entries()) {
    const [fromAddress, fromName] = article.from ?? (article.direction === 'outgoing' ? [QUEUE, 'Mesa de Ayuda'] : [address, name]);
    await db.query(
      `INSERT INTO articles (ticket_id, direction, message_id, from_address, from_name, subject, body_text, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz + make_interval(mins => $9))`,
      [id, article.direction ?? 'incoming', `<${ticket.reference}.${index}@test>`, fromAddress, fromName, ticket.subject, article.body, ticket.receivedAt, index],
    );
  }
}

describe('GET /api/search', () => {
  let app: INestApplication;
  let db: Client;
  let agent: TestSession;
  const ids: Record<string, string> = {};

  const search = async (q: string, limit?: number): Promise<{ items: Hit[]; exact: boolean }> =>
    (await agent.get('/api/search').query(limit ? { q, limit } : { q }).expect(200)).body as { items: Hit[]; exact: boolean };
  const references = (body: { items: Hit[] }) => body.items.map((h) => h.reference);

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('search');
    app = await startTestApp(testConfig(databaseUrl, { kpt: 'search-unused-kpt', planeacion: 'search-unused-pt' }, { INTAKE_ENABLED: 'false', OUTBOUND_ENABLED: 'false' }));
    db = await connectTestDatabase(databaseUrl);
    agent = await signIn(app, 'agent');
    ids.password = await insertTicket(db, {
      reference: 'MDA-2024-000001',
      subject: 'Olvidé mi contraseña de SisPT',
      requester: ['Ana.Perez@Tunja-Boyaca.gov.co', 'Ana Pérez'],
      entity: 'Tunja',
      receivedAt: '2024-03-01T14:00:00Z',
      articles: [{ body: 'Buenos días, no puedo ingresar a SisPT porque olvidé la clave.' }],
    });
    ids.ascii = await insertTicket(db, {
      reference: 'MDA-2024-000002',
      subject: 'Acceso bloqueado',
      requester: ['sistemas@villavicencio-meta.gov.co', 'Oficina de Sistemas'],
      entity: 'Villavicencio',
      receivedAt: '2024-03-02T14:00:00Z',
      articles: [{ body: 'No recuerdo la contrasena del usuario <script>alert("x")</script> de la secretaria & el enlace.' }],
    });
    ids.plan = await insertTicket(db, {
      reference: 'MDA-2024-000003',
      subject: 'Cargue del plan de desarrollo municipal',
      requester: ['pedro@medellin.gov.co', 'Pedro Gómez'],
      entity: 'Medellín',
      receivedAt: '2024-03-03T14:00:00Z',
      articles: [
        { body: 'Adjunto el plan de desarrollo para revisión.' },
        { body: 'Gracias, el plan fue recibido.', direction: 'outgoing' },
      ],
    });
    ids.quote = await insertTicket(db, {
      reference: 'MDA-2024-000004',
      subject: 'Seguimiento',
      requester: ['ana.perez@tunja-boyaca.gov.co', 'Ana Pérez'],
      receivedAt: '2024-03-04T14:00:00Z',
      articles: [{ body: 'Sigo esperando respuesta al caso MDA-2024-000001, gracias.' }],
    });
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  it('needs a session', async () => {
    await request(app.getHttpServer()).get('/api/search?q=clave').expect(401);
  });

  it('finds "contraseña" when the text says "contrasena", and the other way round', async () => {
    expect(references(await search('contrasena')).sort()).toEqual(['MDA-2024-000001', 'MDA-2024-000002']);
    expect(references(await search('contraseña')).sort()).toEqual(['MDA-2024-000001', 'MDA-2024-000002']);
    expect(references(await search('CONTRASEÑAS')).sort()).toEqual(['MDA-2024-000001', 'MDA-2024-000002']);
    // Accents in names and entities too.
    expect(references(await search('medellin'))).toEqual(['MDA-2024-000003']);
    expect(references(await search('perez gomez'))).toEqual([]);
    expect(references(await search('gómez'))).toEqual(['MDA-2024-000003']);
  });

  it('ranks a subject match above a body match and returns what the list shows', async () => {
    const body = await search('contraseña');
    expect(body.exact).toBe(false);
    expect(references(body)).toEqual(['MDA-2024-000001', 'MDA-2024-000002']);
    expect(body.items[0].rank).toBeGreaterThan(body.items[1].rank);
    expect(body.items[0]).toEqual({
      reference: 'MDA-2024-000001',
      subject: 'Olvidé mi contraseña de SisPT',
      status: 'new',
      queueMailbox: QUEUE,
      entityName: 'Tunja',
      requester: { address: 'Ana.Perez@Tunja-Boyaca.gov.co', name: 'Ana Pérez' },
      receivedAt: '2024-03-01T09:00:00-05:00',
      rank: expect.any(Number),
      snippet: 'Olvidé mi <mark>contraseña</mark> de SisPT',
      exact: false,
    });
  });

  it('highlights the match in the body and escapes everything else in the snippet', async () => {
    const [hit] = (await search('recuerdo')).items;
    expect(hit.reference).toBe('MDA-2024-000002');
    expect(hit.snippet).toContain('<mark>recuerdo</mark> la contrasena');
    // ts_headline drops what its parser takes for tags; whatever else the mail holds arrives escaped.
    expect(hit.snippet).toContain('alert(&quot;x&quot;)');
    expect(hit.snippet).toContain('&amp; el enlace');
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/);
  });

  it('marks the words PostgreSQL matched: without accents, in the plural, never a stop word', async () => {
    const [ascii, accented] = (await search('CONTRASEÑAS')).items;
    expect(ascii.snippet).toBe('Olvidé mi <mark>contraseña</mark> de SisPT');
    expect(accented.snippet).toContain('la <mark>contrasena</mark> del usuario');
    // "de" is a stop word: it is in the phrase but never marked.
    const [phrase] = (await search('"plan de desarrollo"')).items;
    expect(phrase.snippet).toBe('Adjunto el <mark>plan</mark> de <mark>desarrollo</mark> para revisión. … Gracias, el <mark>plan</mark> fue recibido.');
    const [both] = (await search('desarrollo recibidos')).items;
    expect(both.reference).toBe('MDA-2024-000003');
    expect(both.snippet).toBe('Adjunto el plan de <mark>desarrollo</mark> para revisión. … Gracias, el plan fue <mark>recibido</mark>.');
  });

  it('puts an exact reference first, in any case, then the tickets that quote it', async () => {
    const body = await search('mda-2024-000001');
    expect(body.exact).toBe(true);
    expect(body.items.map((h) => [h.reference, h.exact])).toEqual([
      ['MDA-2024-000001', true],
      ['MDA-2024-000004', false],
    ]);
  });

  it('puts an exact address first: requester or sender, any case', async () => {
    const body = await search('ANA.PEREZ@tunja-boyaca.gov.co');
    expect(body.exact).toBe(true);
    // Newest first among exact matches.
    expect(body.items.map((h) => [h.reference, h.exact])).toEqual([
      ['MDA-2024-000004', true],
      ['MDA-2024-000001', true],
    ]);
    // An address plus words: the exact matches must contain the words too.
    expect(references(await search('ana.perez@tunja-boyaca.gov.co clave'))).toEqual(['MDA-2024-000001']);
    // Our own mailbox sends every reply: it is not a sender that finds tickets.
    expect((await search(QUEUE)).items.filter((h) => h.exact)).toEqual([]);
  });

  it('understands quoted phrases and excluded words', async () => {
    expect(references(await search('"plan de desarrollo"'))).toEqual(['MDA-2024-000003']);
    expect(references(await search('"desarrollo de plan"'))).toEqual([]);
    expect(references(await search('contraseña -tunja')).sort()).toEqual(['MDA-2024-000002']);
    expect(references(await search('recibido'))).toEqual(['MDA-2024-000003']);
  });

  it('answers nothing, not an error, to stop words only, and respects the limit', async () => {
    expect(await search('de la')).toEqual({ items: [], exact: false });
    expect((await search('contraseña', 1)).items).toHaveLength(1);
    const bad = await agent.get('/api/search?q=%20%20').expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: ['q debe tener al menos una letra o un número'] });
    await agent.get('/api/search').expect(400);
  });

  it('keeps the index in step with new articles, edits and merges (triggers)', async () => {
    expect(references(await search('presupuesto'))).toEqual([]);
    await db.query(
      `INSERT INTO articles (ticket_id, message_id, from_address, from_name, subject, body_text, received_at)
       VALUES ($1, '<late@test>', 'tesoreria@tunja-boyaca.gov.co', 'Tesorería', 'RE: x', 'Envío el presupuesto corregido.', now())`,
      [ids.password],
    );
    expect(references(await search('presupuesto'))).toEqual(['MDA-2024-000001']);
    expect(references(await search('tesoreria@tunja-boyaca.gov.co'))).toEqual(['MDA-2024-000001']);

    await db.query(`UPDATE tickets SET subject = 'Clave olvidada', entity_name = 'Duitama' WHERE id = $1`, [ids.password]);
    expect(references(await search('duitama'))).toEqual(['MDA-2024-000001']);
    // Still found by the parts of its requester's address (…@tunja-boyaca.gov.co), as is the other ticket from there.
    expect(references(await search('tunja')).sort()).toEqual(['MDA-2024-000001', 'MDA-2024-000004']);
    expect(references(await search('tunja -duitama'))).toEqual(['MDA-2024-000004']);

    // A merge moves the articles: their words now find the survivor only.
    await db.query(`UPDATE articles SET ticket_id = $2 WHERE ticket_id = $1`, [ids.ascii, ids.plan]);
    expect(references(await search('recuerdo'))).toEqual(['MDA-2024-000003']);
    await db.query(`DELETE FROM articles WHERE message_id = '<late@test>'`);
    expect(references(await search('presupuesto'))).toEqual([]);
  });

  it('indexes every ticket of a multi-row INSERT, as intake writes a batch', async () => {
    const inserted = await db.query<{ id: string; reference: string }>(
      `INSERT INTO tickets (reference, subject, mailbox_address, queue_mailbox, reply_from, requester_address, requester_name, received_at)
       VALUES ('MDA-2024-000101', 'Lote: ajuste de metas', $1, $1, $1, 'Planeacion@Zipaquira-Cundinamarca.gov.co', 'Planeación', '2024-03-07T14:00:00Z'),
              ('MDA-2024-000102', 'Lote: informe trimestral', $1, $1, $1, NULL, NULL, '2024-03-07T14:01:00Z'),
              ('MDA-2024-000103', 'Lote: cambio de enlace', $1, $1, $1, 'enlace@chia-cundinamarca.gov.co', 'Enlace', '2024-03-07T14:02:00Z')
       RETURNING id, reference`,
      [QUEUE],
    );
    const rows = await db.query<{ ticket_id: string; addresses: string[]; received_at: Date }>(
      `SELECT ticket_id, addresses, received_at FROM ticket_search WHERE ticket_id = ANY ($1::bigint[]) ORDER BY ticket_id`,
      [inserted.rows.map((r) => r.id)],
    );
    expect(rows.rows.map((r) => [r.addresses, r.received_at.toISOString()])).toEqual([
      [['planeacion@zipaquira-cundinamarca.gov.co'], '2024-03-07T14:00:00.000Z'],
      [[], '2024-03-07T14:01:00.000Z'],
      [['enlace@chia-cundinamarca.gov.co'], '2024-03-07T14:02:00.000Z'],
    ]);
    expect(references(await search('lote trimestral'))).toEqual(['MDA-2024-000102']);
    expect(references(await search('zipaquira'))).toEqual(['MDA-2024-000101']);
    expect(references(await search('MDA-2024-000103')).slice(0, 1)).toEqual(['MDA-2024-000103']);
  });

  it('leaves our automatic mail out of the index, on insert and on rebuild, and keeps agent replies in', async () => {
    const id = await insertTicket(db, {
      reference: 'MDA-2024-000005',
      subject: 'Consulta sobre el kit',
      requester: ['planeacion@soata-boyaca.gov.co', 'Planeación Soatá'],
      receivedAt: '2024-03-05T14:00:00Z',
      articles: [{ body: 'Necesitamos orientación con el kit territorial.' }],
    });
    await db.query(
      `INSERT INTO articles (ticket_id, direction, automatic, message_id, from_address, subject, body_text, received_at)
       VALUES ($1, 'outgoing', true, '<ack-5@test>', $2, 'Radicado', 'Su solicitud quedó radicada; horario hábil de atención.', now()),
              ($1, 'outgoing', false, '<reply-5@test>', $2, 'RE: kit', 'Le compartimos el instructivo de armonización.', now())`,
      [id, QUEUE],
    );
    expect(references(await search('radicada'))).toEqual([]);
    expect(references(await search('armonizacion'))).toEqual(['MDA-2024-000005']);
    // Nor is it in the snippet: the template would crowd out what the official wrote.
    const [kit] = (await search('armonizacion')).items;
    expect(kit.snippet).toBe('Necesitamos orientación con el kit territorial. … Le compartimos el instructivo de <mark>armonización</mark>.');
    // A rebuild (merges, edits) gives the same row as the triggers built article by article.
    const before = await db.query(`SELECT doc::text, indexed_chars FROM ticket_search WHERE ticket_id = $1`, [id]);
    await db.query(`SELECT ticket_search_rebuild(ARRAY[$1::bigint])`, [id]);
    const after = await db.query(`SELECT doc::text, indexed_chars FROM ticket_search WHERE ticket_id = $1`, [id]);
    expect(after.rows[0]).toEqual(before.rows[0]);
    expect(references(await search('radicada'))).toEqual([]);
    // Another automatic mail leaves the row as it was: no new row version, no index entries written again.
    const rowVersion = async () => (await db.query(`SELECT ctid::text, xmin::text FROM ticket_search WHERE ticket_id = $1`, [id])).rows[0];
    const unchanged = await rowVersion();
    await db.query(
      `INSERT INTO articles (ticket_id, direction, automatic, message_id, from_address, subject, body_text, received_at)
       VALUES ($1, 'outgoing', true, '<notice-5@test>', $2, 'Aviso', 'Su solicitud fue resuelta.', now())`,
      [id, QUEUE],
    );
    expect(await rowVersion()).toEqual(unchanged);
    // Should a ticket lack its row, even an automatic mail still has it built.
    await db.query(`DELETE FROM ticket_search WHERE ticket_id = $1`, [id]);
    await db.query(
      `INSERT INTO articles (ticket_id, direction, automatic, message_id, from_address, subject, body_text, received_at)
       VALUES ($1, 'outgoing', true, '<notice-5b@test>', $2, 'Aviso', 'Su solicitud fue resuelta.', now())`,
      [id, QUEUE],
    );
    expect(references(await search('armonizacion'))).toEqual(['MDA-2024-000005']);
    // Marking mail automatic after the fact takes its words out too.
    await db.query(`UPDATE articles SET automatic = true WHERE message_id = '<reply-5@test>'`);
    expect(references(await search('armonizacion'))).toEqual([]);
  });

  it('lets intake write a batch\'s rows once, the same rows the triggers build', async () => {
    const twin = (reference: string) => ({
      reference,
      subject: 'Ajuste del plan indicativo',
      requester: ['planeacion@guatavita-cundinamarca.gov.co', 'Planeación Guatavita'] as [string, string],
      entity: 'Guatavita',
      receivedAt: '2024-03-08T14:00:00Z',
      articles: [{ body: 'Remitimos la matriz de indicadores con los ajustes solicitados.' }],
    });
    // Built by the triggers, article by article, as every writer but intake does.
    const byTriggers = await insertTicket(db, twin('MDA-2024-000201'));
    const existing = await insertTicket(db, {
      reference: 'MDA-2024-000202',
      subject: 'Consulta de armonización',
      requester: ['planeacion@sesquile-cundinamarca.gov.co', 'Planeación Sesquilé'],
      receivedAt: '2024-03-08T13:00:00Z',
      articles: [{ body: 'Primera consulta.' }],
    });
    const rowOf = async (id: string) =>
      (await db.query<{ doc: string; indexed_chars: number; addresses: string[] }>(`SELECT doc::text, indexed_chars, addresses FROM ticket_search WHERE ticket_id = $1`, [id])).rows[0];
    const existingBefore = await rowOf(existing);

    // As intake does, in one transaction: defer before the tickets, then from the lowest new id before their articles.
    const batch = twin('MDA-2024-000203');
    await db.query('BEGIN');
    let deferred: string;
    try {
      await deferSearchRows(db);
      deferred = await insertTicketRow(db, batch);
      expect(await rowOf(deferred)).toBeUndefined();
      await deferSearchRows(db, deferred);
      await insertArticles(db, deferred, batch);
      await db.query(
        `INSERT INTO articles (ticket_id, message_id, from_address, from_name, subject, body_text, received_at)
         VALUES ($1, '<reply-202@test>', 'tesoreria@sesquile-cundinamarca.gov.co', 'Tesorería', 'RE: consulta', 'Adjuntamos el cronograma de rendición.', now())`,
        [existing],
      );
      // The new ticket still has no row; the older ticket got the reply's words from its trigger, as always.
      expect(await rowOf(deferred)).toBeUndefined();
      const appended = await rowOf(existing);
      expect(appended.doc).not.toBe(existingBefore.doc);
      expect(appended.addresses).toEqual([...existingBefore.addresses, 'tesoreria@sesquile-cundinamarca.gov.co']);
      await writeSearchRows(db, [deferred]);
      expect((await db.query(`SELECT current_setting($1, true) AS value`, [TICKET_SEARCH_DEFERRED_SETTING])).rows[0].value).toBe('');
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }

    const { doc, indexed_chars, addresses } = await rowOf(deferred);
    const twinRow = await rowOf(byTriggers);
    // The same row, but for the reference.
    expect(doc.replace(/000203/g, '000201')).toBe(twinRow.doc);
    expect({ indexed_chars, addresses }).toEqual({ indexed_chars: twinRow.indexed_chars, addresses: twinRow.addresses });
    expect(references(await search('cronograma rendicion'))).toEqual(['MDA-2024-000202']);
    expect(references(await search('tesoreria@sesquile-cundinamarca.gov.co'))).toEqual(['MDA-2024-000202']);
    // The setting ends with the transaction: the next writer's triggers work as always.
    await db.query(
      `INSERT INTO articles (ticket_id, message_id, from_address, subject, body_text, received_at)
       VALUES ($1, '<late-202@test>', 'planeacion@sesquile-cundinamarca.gov.co', 'RE: consulta', 'Quedamos atentos al concepto técnico.', now())`,
      [existing],
    );
    expect(references(await search('concepto tecnico'))).toEqual(['MDA-2024-000202']);
  });
});
