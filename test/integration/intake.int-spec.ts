import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { bogotaYear } from '../../src/common/time/bogota-time';
import { AppConfig } from '../../src/config/app-config';
import { IntakeSupervisor } from '../../src/mail/intake/intake-supervisor.service';
import {
  appendByImap,
  changeUidValidity,
  deliverByLmtp,
  ensureMailServer,
  listMessages,
  startMailServer,
  stopMailServer,
  uniqueTestAccount,
} from '../support/mail-server';
import { SAMPLE_PDF, sampleMail } from '../support/sample-mail';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig, waitFor } from '../support/test-app';

jest.setTimeout(60000);

describe('mail intake against Dovecot and PostgreSQL', () => {
  let databaseUrl: string;
  let db: Client;
  let kpt: string;
  let planeacion: string;
  let config: AppConfig;
  let app: INestApplication | null = null;

  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.query(sql, params)).rows[0].count);
  const articles = () => count(`SELECT count(*) FROM articles WHERE direction = 'incoming'`);
  const sync = () => app!.get(IntakeSupervisor).syncAll();
  const restart = async (cfg: AppConfig = config) => {
    await app?.close();
    app = await startTestApp(cfg);
    await waitFor(async () => app!.get(IntakeSupervisor).status(), (s) => s.every((p) => p.state === 'connected'), 10000);
  };

  beforeAll(async () => {
    await ensureMailServer();
    databaseUrl = await createTestDatabase('intake');
    db = await connectTestDatabase(databaseUrl);
    kpt = await uniqueTestAccount('kpt');
    planeacion = await uniqueTestAccount('pt');
    config = testConfig(databaseUrl, { kpt, planeacion });
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  it('turns new mail in both mailboxes into tickets, with accents intact', async () => {
    await deliverByLmtp(planeacion, sampleMail({ subject: 'Solicitud de usuario SisPT — Alcaldía de Güicán' }).raw);
    await deliverByLmtp(planeacion, sampleMail({ subject: 'Error al cargar el Plan Plurianual de Inversiones', withAttachment: true }).raw);
    await deliverByLmtp(kpt, sampleMail({ to: 'kpt@dnp.gov.co', subject: 'Reporte de avance del PDT en KPT' }).raw);
    await restart();
    await waitFor(articles, (n) => n === 3);

    const tickets = await db.query(`SELECT reference, subject, mailbox_address, status FROM tickets ORDER BY id`);
    expect(tickets.rows.map((t) => t.subject).sort()).toEqual([
      'Error al cargar el Plan Plurianual de Inversiones',
      'Reporte de avance del PDT en KPT',
      'Solicitud de usuario SisPT — Alcaldía de Güicán',
    ]);
    // Year of receipt in Bogotá: LMTP delivery stamps the internal date now.
    for (const ticket of tickets.rows) expect(ticket.reference).toMatch(new RegExp(`^MDA-${bogotaYear(new Date())}-\\d{6}$`));
    expect(new Set(tickets.rows.map((t) => t.reference)).size).toBe(3);
    expect(tickets.rows.map((t) => t.mailbox_address).sort()).toEqual([
      'kpt@dnp.gov.co',
      'planeacionterritorial@dnp.gov.co',
      'planeacionterritorial@dnp.gov.co',
    ]);
    const body = await db.query(`SELECT body_text FROM articles WHERE subject LIKE 'Solicitud%'`);
    expect(body.rows[0].body_text).toContain('María Peña Ñustes');
    const attachment = await db.query(
      `SELECT a.filename, a.content_type, b.size FROM article_attachments a JOIN attachment_blobs b USING (sha256)`,
    );
    expect(attachment.rows).toEqual([{ filename: 'plan-de-desarrollo.pdf', content_type: 'application/pdf', size: SAMPLE_PDF.length }]);
    // Intake writes each new ticket's search row itself, once, at the end of its batch: every ticket has one, body words included.
    expect(await count(`SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_id = t.id)`)).toBe(0);
    expect(
      await count(
        `SELECT count(*) FROM ticket_search s JOIN tickets t ON t.id = s.ticket_id
         WHERE t.subject LIKE 'Solicitud%' AND s.doc @@ plainto_tsquery('es_unaccent', 'Ñustes')`,
      ),
    ).toBe(1);
    // Raw bytes are kept exactly as fetched, and the checkpoint sits on the last committed UID.
    expect(await count('SELECT count(*) FROM raw_messages WHERE article_id IS NOT NULL')).toBe(3);
    const checkpoints = await db.query(`SELECT mailbox_address, last_uid FROM mailbox_checkpoints ORDER BY mailbox_address`);
    expect(checkpoints.rows).toEqual([
      { mailbox_address: 'kpt@dnp.gov.co', last_uid: '1' },
      { mailbox_address: 'planeacionterritorial@dnp.gov.co', last_uid: '2' },
    ]);
  });

  it('notices new mail through IDLE, without waiting for the hourly poll', async () => {
    const before = await articles();
    await deliverByLmtp(planeacion, sampleMail({ subject: 'No puedo ingresar a SisPT' }).raw);
    expect(await waitFor(articles, (n) => n === before + 1, 10000)).toBe(before + 1);
  });

  it('threads a reply into its ticket by In-Reply-To, and by the subject token when headers are gone', async () => {
    const original = sampleMail({ subject: 'Consulta sobre metas del cuatrienio' });
    await deliverByLmtp(planeacion, original.raw);
    await waitFor(() => count(`SELECT count(*) FROM tickets WHERE subject = 'Consulta sobre metas del cuatrienio'`), (n) => n === 1);
    const ticket = (await db.query(`SELECT id, reference FROM tickets WHERE subject = 'Consulta sobre metas del cuatrienio'`)).rows[0];

    await db.query(`UPDATE tickets SET status = 'waiting' WHERE id = $1`, [ticket.id]);
    await deliverByLmtp(planeacion, sampleMail({ subject: 'RE: Consulta sobre metas del cuatrienio', inReplyTo: original.messageId! }).raw);
    await deliverByLmtp(planeacion, sampleMail({ subject: `Otra pregunta [${ticket.reference}]` }).raw);
    const inTicket = () => count(`SELECT count(*) FROM articles WHERE ticket_id = $1 AND direction = 'incoming'`, [ticket.id]);
    expect(await waitFor(inTicket, (n) => n === 3)).toBe(3);
    // The replies' words and senders reach the ticket's search row (rebuilt by intake, not appended by the trigger).
    const row = await db.query(`SELECT indexed_chars FROM ticket_search WHERE ticket_id = $1`, [ticket.id]);
    const bodies = await db.query(`SELECT sum(length(body_text))::int AS chars FROM articles WHERE ticket_id = $1 AND NOT automatic`, [ticket.id]);
    expect(row.rows[0].indexed_chars).toBe(bodies.rows[0].chars);
    // The entity answered: the ticket goes back to the agents.
    expect((await db.query(`SELECT status FROM tickets WHERE id = $1`, [ticket.id])).rows[0].status).toBe('open');
  });

  it('makes one article, with two receipts, of one message sent to both mailboxes', async () => {
    const both = sampleMail({ to: 'kpt@dnp.gov.co, planeacionterritorial@dnp.gov.co', subject: 'Usuario KPT y SisPT' });
    await deliverByLmtp([kpt, planeacion], both.raw);
    const receipts = () =>
      db.query(
        `SELECT r.mailbox_address FROM article_receipts r JOIN articles a ON a.id = r.article_id WHERE a.message_id = $1 ORDER BY 1`,
        [both.messageId],
      );
    const found = await waitFor(receipts, (r) => r.rowCount === 2);
    expect(found.rows.map((r) => r.mailbox_address)).toEqual(['kpt@dnp.gov.co', 'planeacionterritorial@dnp.gov.co']);
    expect(await count(`SELECT count(*) FROM articles WHERE message_id = $1`, [both.messageId])).toBe(1);
    expect(await count(`SELECT count(*) FROM raw_messages WHERE article_id = (SELECT id FROM articles WHERE message_id = $1)`, [both.messageId])).toBe(2);
  });

  it('gives a message without Message-ID a stable id, the same in both mailboxes', async () => {
    const anonymous = sampleMail({ messageId: null, subject: 'Mensaje sin identificador' });
    await deliverByLmtp([kpt, planeacion], anonymous.raw);
    const rows = await waitFor(
      () => db.query(`SELECT a.message_id, a.message_id_synthetic, count(r.*) AS receipts FROM articles a JOIN article_receipts r ON r.article_id = a.id WHERE a.subject = 'Mensaje sin identificador' GROUP BY a.id`),
      (r) => r.rowCount === 1 && Number(r.rows[0].receipts) === 2,
    );
    expect(rows.rows[0].message_id_synthetic).toBe(true);
    expect(rows.rows[0].message_id).toMatch(/^<[0-9a-f]{64}\.generated@/);
  });

  it('keeps a broken MIME message raw, with its article, and keeps going', async () => {
    const before = await articles();
    const garbage = Buffer.concat([
      Buffer.from('Subject: =?utf-8?B?\r\nContent-Type: multipart/mixed; boundary=\r\nContent-Transfer-Encoding: base64\r\n\r\n', 'latin1'),
      Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x81, 0x0d, 0x0a, 0x00]),
      Buffer.from('\r\n--\r\n--', 'latin1'),
    ]);
    await appendByImap(planeacion, 'INBOX', garbage);
    await deliverByLmtp(planeacion, sampleMail({ subject: 'Después del mensaje dañado' }).raw);
    expect(await waitFor(articles, (n) => n === before + 2)).toBe(before + 2);
    expect(await count(`SELECT count(*) FROM tickets WHERE subject = 'Después del mensaje dañado'`)).toBe(1);
    // The server may normalize line endings on APPEND; the marker shows the broken mail is kept raw, with its article.
    const raw = await db.query(`SELECT article_id FROM raw_messages WHERE position('boundary=' IN encode(content, 'escape')) > 0 AND position('=?utf-8?B?' IN encode(content, 'escape')) > 0`);
    expect(raw.rowCount).toBe(1);
    expect(raw.rows[0].article_id).not.toBeNull();
  });

  it('ingests nothing twice after a restart and a re-sync', async () => {
    const before = { articles: await articles(), raw: await count('SELECT count(*) FROM raw_messages') };
    await restart();
    await sync();
    await sync();
    expect(await articles()).toBe(before.articles);
    expect(await count('SELECT count(*) FROM raw_messages')).toBe(before.raw);
  });

  it('survives a UIDVALIDITY change without duplicating articles', async () => {
    const before = await articles();
    await app!.close();
    app = null;
    await changeUidValidity(planeacion, 'INBOX');
    await restart();
    await sync();
    expect(await articles()).toBe(before);
    const serverCount = (await listMessages(planeacion, 'INBOX')).length;
    const checkpoint = (await db.query(`SELECT last_uid FROM mailbox_checkpoints WHERE mailbox_address = 'planeacionterritorial@dnp.gov.co'`)).rows[0];
    expect(Number(checkpoint.last_uid)).toBeGreaterThanOrEqual(serverCount);
    await deliverByLmtp(planeacion, sampleMail({ subject: 'Después del cambio de UIDVALIDITY' }).raw);
    expect(await waitFor(articles, (n) => n === before + 1)).toBe(before + 1);
  });

  it('resumes after the IMAP server goes down and comes back', async () => {
    const before = await articles();
    await stopMailServer();
    await waitFor(async () => app!.get(IntakeSupervisor).status(), (s) => s.every((p) => p.state !== 'connected'), 10000);
    await startMailServer();
    await deliverByLmtp(planeacion, sampleMail({ subject: 'Tras la caída del servidor de correo' }).raw);
    expect(await waitFor(articles, (n) => n === before + 1, 20000)).toBe(before + 1);
  });

  it('marks mail \\Seen only after commit, and finishes a flag a crash left pending', async () => {
    await restart(testConfig(databaseUrl, { kpt, planeacion }, { MAILBOX_PLANEACION_AFTER_INTAKE: 'seen' }));
    const mail = sampleMail({ subject: 'Marcar como leído' });
    await deliverByLmtp(planeacion, mail.raw);
    const seen = async () => (await listMessages(planeacion, 'INBOX')).find((m) => m.messageId === mail.messageId);
    expect((await waitFor(seen, (m) => !!m && m.flags.includes('\\Seen')))?.flags).toContain('\\Seen');
    expect(await count(`SELECT count(*) FROM raw_messages WHERE post_action_pending`)).toBe(0);

    // State a crash between commit and STORE leaves behind: committed, flag still pending.
    await app!.close();
    app = null;
    const uid = (await seen())!.uid;
    await db.query(`UPDATE raw_messages SET post_action_pending = true WHERE uid = $1 AND mailbox_address = 'planeacionterritorial@dnp.gov.co'`, [uid]);
    await appendByImap(planeacion, 'INBOX', sampleMail({ subject: 'Otro mensaje' }).raw);
    await removeSeenFlag(planeacion, uid);
    await restart(testConfig(databaseUrl, { kpt, planeacion }, { MAILBOX_PLANEACION_AFTER_INTAKE: 'seen' }));
    expect((await waitFor(seen, (m) => !!m && m.flags.includes('\\Seen')))?.flags).toContain('\\Seen');
    expect(await waitFor(() => count(`SELECT count(*) FROM raw_messages WHERE post_action_pending`), (n) => n === 0)).toBe(0);
  });
});

async function removeSeenFlag(account: string, uid: number): Promise<void> {
  const { ImapFlow } = await import('imapflow');
  const { mailServerConfig } = await import('../support/mail-server');
  const settings = mailServerConfig();
  const client = new ImapFlow({ host: settings.host, port: settings.imapPort, secure: false, auth: { user: account, pass: settings.password }, logger: false });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.mailboxOpen('INBOX');
    await client.messageFlagsRemove(String(uid), ['\\Seen'], { uid: true });
  } finally {
    await client.logout();
  }
}

describe('bounces', () => {
  it('attaches a bounce of one of our messages to that message\'s ticket', async () => {
    await ensureMailServer();
    const databaseUrl = await createTestDatabase('intake_bounce');
    const db = await connectTestDatabase(databaseUrl);
    const kpt = await uniqueTestAccount('b-kpt');
    const planeacion = await uniqueTestAccount('b-pt');
    const app = await startTestApp(testConfig(databaseUrl, { kpt, planeacion }));
    try {
      await deliverByLmtp(planeacion, sampleMail({ subject: 'Solicitud que será respondida' }).raw);
      const ticket = await waitFor(
        async () => (await db.query(`SELECT id, reference FROM tickets`)).rows[0],
        (row) => !!row,
      );
      const ourMessageId = `<${ticket.reference.toLowerCase()}.01HMX7Q2@dnp.gov.co>`;
      const bounce = [
        'Return-Path: <>',
        'From: MAILER-DAEMON@mx.dnp.gov.co (Mail Delivery System)',
        'To: planeacionterritorial@dnp.gov.co',
        'Subject: Undelivered Mail Returned to Sender',
        'Message-ID: <rebote-1@mx.dnp.gov.co>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="R"',
        '',
        '--R',
        'Content-Type: text/plain; charset=us-ascii',
        '',
        'Your message could not be delivered.',
        '--R',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.dnp.gov.co',
        '',
        'Final-Recipient: rfc822; planeacion@municipio-inexistente.gov.co',
        'Action: failed',
        'Status: 5.1.1',
        '--R',
        'Content-Type: message/rfc822',
        '',
        'From: Mesa de Ayuda <planeacionterritorial@dnp.gov.co>',
        'To: planeacion@municipio-inexistente.gov.co',
        `Subject: RE: Solicitud que será respondida [${ticket.reference}]`,
        `Message-ID: ${ourMessageId}`,
        '',
        'Respuesta.',
        '--R--',
        '',
      ].join('\r\n');
      await deliverByLmtp(planeacion, bounce);
      const bounced = await waitFor(
        async () => (await db.query(`SELECT ticket_id, auto_generated FROM articles WHERE message_id = '<rebote-1@mx.dnp.gov.co>'`)).rows[0],
        (row) => !!row,
      );
      expect(bounced).toEqual({ ticket_id: ticket.id, auto_generated: 'bounce' });
      expect(Number((await db.query(`SELECT count(*) FROM tickets`)).rows[0].count)).toBe(1);
    } finally {
      await app.close();
      await db.end();
    }
  });
});

describe('messages the parser cannot finish', () => {
  it('become unreadable tickets with their headers, kept raw, and the mailbox goes on', async () => {
    await ensureMailServer();
    const databaseUrl = await createTestDatabase('intake_unreadable');
    const db = await connectTestDatabase(databaseUrl);
    const kpt = await uniqueTestAccount('u-kpt');
    const planeacion = await uniqueTestAccount('u-pt');
    // A real fault: the parse of every message overruns a 1 ms limit and its worker is terminated.
    const app = await startTestApp(testConfig(databaseUrl, { kpt, planeacion }, { PARSER_TIME_LIMIT_MS: '1', PARSER_WORKERS: '1' }));
    try {
      const huge = sampleMail({ subject: 'Anexo muy pesado del PDT', withAttachment: true, body: 'Adjunto.\r\n'.repeat(200000) });
      await deliverByLmtp(planeacion, huge.raw);
      await deliverByLmtp(planeacion, sampleMail({ subject: 'Mensaje siguiente' }).raw);
      const rows = await waitFor(
        async () => (await db.query(`SELECT t.subject, t.unreadable, a.body_text, a.parse_problems, a.message_id FROM tickets t JOIN articles a ON a.ticket_id = t.id AND a.direction = 'incoming' ORDER BY t.id`)).rows,
        (r) => r.length === 2,
        20000,
      );
      expect(rows[0]).toMatchObject({ subject: 'Anexo muy pesado del PDT', unreadable: true, body_text: null, message_id: huge.messageId });
      expect(rows[0].parse_problems.join(' ')).toMatch(/analizador/);
      expect(rows[1].subject).toBe('Mensaje siguiente');
      const raw = await db.query(`SELECT size FROM raw_messages ORDER BY id LIMIT 1`);
      expect(raw.rows[0].size).toBeGreaterThan(2_000_000);
    } finally {
      await app.close();
      await db.end();
    }
  });
});

describe('moving mail after commit', () => {
  it('moves each message to the configured folder once its ticket is committed, and never deletes it', async () => {
    await ensureMailServer();
    const databaseUrl = await createTestDatabase('intake_move');
    const db = await connectTestDatabase(databaseUrl);
    const kpt = await uniqueTestAccount('m-kpt');
    const planeacion = await uniqueTestAccount('m-pt');
    const app = await startTestApp(
      testConfig(databaseUrl, { kpt, planeacion }, { MAILBOX_PLANEACION_AFTER_INTAKE: 'move', MAILBOX_PLANEACION_MOVE_TO: 'Procesados' }),
    );
    try {
      const mails = [sampleMail({ subject: 'Primero' }), sampleMail({ subject: 'Segundo' })];
      for (const mail of mails) await deliverByLmtp(planeacion, mail.raw);
      const moved = await waitFor(() => listMessages(planeacion, 'Procesados'), (m) => m.length === 2, 15000);
      expect(moved.map((m) => m.messageId).sort()).toEqual(mails.map((m) => m.messageId).sort());
      expect(await listMessages(planeacion, 'INBOX')).toEqual([]);
      expect(Number((await db.query(`SELECT count(*) FROM articles WHERE direction = 'incoming'`)).rows[0].count)).toBe(2);
      expect(Number((await db.query(`SELECT count(*) FROM raw_messages WHERE post_action_pending`)).rows[0].count)).toBe(0);
    } finally {
      await app.close();
      await db.end();
    }
  });
});
