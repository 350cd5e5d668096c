import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '../../src/config/app-config';
import { CutoverService } from '../../src/cutover/cutover.service';
import { IntakeSupervisor } from '../../src/mail/intake/intake-supervisor.service';
import { deliverByLmtp, ensureMailServer, uniqueTestAccount } from '../support/mail-server';
import { sampleMail } from '../support/sample-mail';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig, waitFor } from '../support/test-app';

jest.setTimeout(90000);

const KPT = 'kpt@dnp.gov.co';
const PT = 'planeacionterritorial@dnp.gov.co';

interface TicketRow {
  id: string;
  subject: string;
  category: string;
  matched_rule: string | null;
  queue_mailbox: string;
  reply_from: string;
  institutional_sender: boolean;
  entity_code: string | null;
  entity_name: string | null;
  acknowledge: boolean;
  acknowledgement_skipped: string | null;
  kpt_notice: string | null;
  tags: string[];
}

/**
 * Routing and the February cutover against real Dovecot, PostgreSQL and Redis:
 * mail arrives before a cutover set a few seconds ahead, the service is down at the
 * cutover instant, and the scheduled BullMQ job runs late when it comes back.
 */
describe('routing, queues and the scheduled mailbox cutover', () => {
  let db: Client;
  let kpt: string;
  let planeacion: string;
  let config: AppConfig;
  let app: INestApplication | null = null;
  const cutoverAt = new Date(Date.now() + 60 * 60 * 1000);

  const ticket = async (subject: string): Promise<TicketRow> =>
    (await db.query(`SELECT * FROM tickets WHERE subject = $1`, [subject])).rows[0];
  const articleCount = async () => Number((await db.query(`SELECT count(*) FROM articles WHERE direction = 'incoming'`)).rows[0].count);
  const start = async (cfg: AppConfig) => {
    app = await startTestApp(cfg);
    await waitFor(async () => app!.get(IntakeSupervisor).status(), (s) => s.every((p) => p.state === 'connected'), 10000);
  };

  beforeAll(async () => {
    await ensureMailServer();
    const databaseUrl = await createTestDatabase('routing_cutover');
    db = await connectTestDatabase(databaseUrl);
    kpt = await uniqueTestAccount('kpt-cut');
    planeacion = await uniqueTestAccount('pt-cut');
    // The cutover is set once the "before" mail is in (see below); the prefix is shared by both boots.
    config = testConfig(databaseUrl, { kpt, planeacion }, { CUTOVER_AT: cutoverAt.toISOString() });
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  it('routes, recognises the sender and queues mail by the mailbox it reached before the cutover', async () => {
    const soon = new Date(Date.now() + 8000);
    config = { ...config, cutover: { ...config.cutover, at: soon } };
    await start(config);

    const report = sampleMail({
      to: KPT,
      subject: 'Reporte de avance del plan de desarrollo 2020-2023 en KPT',
      body: 'Buenos días,\r\nEnviamos el reporte de avance de metas del plan de desarrollo en KPT.\r\n\r\nCordialmente,\r\nSecretaría de Planeación\r\nAlcaldía de Tuluá\r\n',
      from: 'Planeación Tuluá <planeacion@tulua-valle.gov.co>',
    });
    const both = sampleMail({
      to: `${KPT}, ${PT}`,
      subject: 'No carga la plataforma SisPT, sale error 500',
      body: 'La plataforma SisPT no carga y sale un error 500 al subir el archivo.\r\n',
      from: 'Oficina TIC <tic@medellin.gov.co>',
    });
    const gmailUsers = sampleMail({
      to: PT,
      subject: 'Solicitud de usuario SisPT',
      body: 'Buenas tardes, solicito la creación de usuario y contraseña en SisPT para el municipio.\r\n',
      from: 'Pedro Pérez <pedro.perez1980@gmail.com>',
    });
    await deliverByLmtp(kpt, report.raw);
    await deliverByLmtp([kpt, planeacion], both.raw);
    await deliverByLmtp(planeacion, gmailUsers.raw);
    await waitFor(articleCount, (n) => n === 3, 15000);
    await waitFor(async () => (await ticket('No carga la plataforma SisPT, sale error 500'))?.queue_mailbox, (q) => q === PT, 5000);

    const kptTicket = await ticket('Reporte de avance del plan de desarrollo 2020-2023 en KPT');
    expect(kptTicket).toMatchObject({
      category: 'formulation',
      queue_mailbox: KPT,
      reply_from: KPT,
      institutional_sender: true,
      entity_code: '76834',
      entity_name: 'Tuluá',
      acknowledge: true,
    });
    expect(kptTicket.matched_rule).toMatch(/^formulation\./);

    const bothTicket = await ticket('No carga la plataforma SisPT, sale error 500');
    expect(bothTicket).toMatchObject({ category: 'tech', queue_mailbox: PT, reply_from: PT, entity_code: '05001' });
    const receipts = await db.query(
      `SELECT r.mailbox_address FROM article_receipts r JOIN articles a ON a.id = r.article_id WHERE a.ticket_id = $1 ORDER BY 1`,
      [bothTicket.id],
    );
    expect(receipts.rows.map((r) => r.mailbox_address)).toEqual([KPT, PT]);

    const gmailTicket = await ticket('Solicitud de usuario SisPT');
    expect(gmailTicket).toMatchObject({ category: 'users', institutional_sender: false, queue_mailbox: PT, acknowledge: true });
    expect(gmailTicket.tags).toEqual(['non-institutional-users-request']);

    // The service goes down before the cutover instant and comes back after it.
    await app!.close();
    app = null;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, soon.getTime() - Date.now() + 500)));
    await start(config);

    const moved = await waitFor(
      async () => (await ticket('Reporte de avance del plan de desarrollo 2020-2023 en KPT')).queue_mailbox,
      (queue) => queue === PT,
      20000,
    );
    expect(moved).toBe(PT);
    expect((await ticket('Reporte de avance del plan de desarrollo 2020-2023 en KPT')).reply_from).toBe(PT);
    const events = await db.query(`SELECT ticket_id, kind, actor, detail FROM ticket_events WHERE actor = 'cutover'`);
    expect(events.rows).toEqual([
      { ticket_id: kptTicket.id, kind: 'queue-moved', actor: 'cutover', detail: expect.objectContaining({ from: KPT, to: PT, reason: 'cutover' }) },
    ]);
    const runs = await db.query(`SELECT runs, detail FROM scheduled_runs WHERE name = 'mailbox-cutover'`);
    expect(runs.rows).toEqual([{ runs: 1, detail: expect.objectContaining({ moved: 1 }) }]);

    // Safe to run twice: nothing more moves, no duplicate events.
    expect(await app!.get(CutoverService).run()).toEqual({ due: true, moved: 0 });
    expect(Number((await db.query(`SELECT count(*) FROM ticket_events WHERE actor = 'cutover'`)).rows[0].count)).toBe(1);

    // After the cutover, new kpt@ mail goes to planeacion@ with the "kpt@ no longer attended" notice,
    // and a reply to the moved ticket (dated in January, sent to kpt@) joins it and keeps its queue.
    const late = sampleMail({ to: KPT, subject: 'Consulta sobre el cierre del reporte en KPT', from: 'Planeación Pasto <planeacion@pasto-narino.gov.co>' });
    const reply = sampleMail({
      to: KPT,
      subject: 'RE: Reporte de avance del plan de desarrollo 2020-2023 en KPT',
      body: 'Adjuntamos la corrección del reporte de avance de metas.\r\n',
      inReplyTo: report.messageId!,
      references: [report.messageId!],
      date: new Date('2024-01-30T10:00:00-05:00'),
      from: 'Planeación Tuluá <planeacion@tulua-valle.gov.co>',
    });
    await deliverByLmtp(kpt, late.raw);
    await deliverByLmtp(kpt, reply.raw);
    await waitFor(articleCount, (n) => n === 5, 15000);
    expect(await ticket('Consulta sobre el cierre del reporte en KPT')).toMatchObject({
      queue_mailbox: PT,
      reply_from: PT,
      kpt_notice: 'kpt-retired',
      entity_code: '52001',
    });
    const thread = await db.query(`SELECT count(*) FROM articles WHERE ticket_id = $1 AND direction = 'incoming'`, [kptTicket.id]);
    expect(Number(thread.rows[0].count)).toBe(2);
    expect((await ticket('Reporte de avance del plan de desarrollo 2020-2023 en KPT')).queue_mailbox).toBe(PT);
  });

  it('acknowledges at most three new tickets per sender in ten minutes, and still tickets the rest', async () => {
    const robot = 'Sistema <notificaciones@municipio-ejemplo.gov.co>';
    for (let i = 1; i <= 5; i++) {
      await deliverByLmtp(planeacion, sampleMail({ to: PT, from: robot, subject: `Notificación número ${i}` }).raw);
    }
    const rows = await waitFor(
      async () => (await db.query(`SELECT subject, acknowledge, acknowledgement_skipped FROM tickets WHERE subject LIKE 'Notificación%' ORDER BY subject`)).rows,
      (r) => r.length === 5,
      15000,
    );
    expect(rows.map((r) => [r.acknowledge, r.acknowledgement_skipped])).toEqual([
      [true, null],
      [true, null],
      [true, null],
      [false, 'rate-limited'],
      [false, 'rate-limited'],
    ]);
  });
});
