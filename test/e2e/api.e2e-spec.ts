import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { deliverByLmtp, ensureMailServer, uniqueTestAccount } from '../support/mail-server';
import { sampleMail } from '../support/sample-mail';
import { createTestDatabase } from '../support/test-database';
import { testConfig, waitFor } from '../support/test-app';

jest.setTimeout(60000);

async function startHttpApp(env: Record<string, string>, databaseUrl: string, accounts: { kpt: string; planeacion: string }): Promise<INestApplication> {
  const app = configureApp(await NestFactory.create(AppModule.forRoot(testConfig(databaseUrl, accounts, env)), { logger: ['error'] }));
  await app.init();
  return app;
}

describe('HTTP API', () => {
  let databaseUrl: string;
  let accounts: { kpt: string; planeacion: string };

  beforeAll(async () => {
    await ensureMailServer();
    databaseUrl = await createTestDatabase('api');
    accounts = { kpt: await uniqueTestAccount('api-kpt'), planeacion: await uniqueTestAccount('api-pt') };
  });

  it('lists tickets and shows one with its articles and receipts', async () => {
    const app = await startHttpApp({}, databaseUrl, accounts);
    try {
      await deliverByLmtp(accounts.planeacion, sampleMail({ subject: 'Consulta por API — Tunja' }).raw);
      const list = await waitFor(
        async () => (await request(app.getHttpServer()).get('/api/tickets').expect(200)).body as Array<{ reference: string; subject: string }>,
        (body) => body.length === 1,
      );
      expect(list[0].subject).toBe('Consulta por API — Tunja');
      const detail = await request(app.getHttpServer()).get(`/api/tickets/${list[0].reference.toLowerCase()}`).expect(200);
      // The official's message, and the acknowledgement we queued for it.
      expect(detail.body.articles.map((a: { direction: string }) => a.direction)).toEqual(['incoming', 'outgoing']);
      expect(detail.body.articles[0].receipts.map((r: { mailboxAddress: string }) => r.mailboxAddress)).toEqual(['planeacionterritorial@dnp.gov.co']);
      const missing = await request(app.getHttpServer()).get('/api/tickets/MDA-1999-000001').expect(404);
      expect(missing.body.message).toBe('No existe el ticket MDA-1999-000001');
      const bad = await request(app.getHttpServer()).get('/api/tickets?limit=muchos').expect(400);
      expect(bad.body.message).toContain('limit debe ser un número entero');
      await request(app.getHttpServer()).get('/api/tickets?desconocido=1').expect(400);
    } finally {
      await app.close();
    }
  });

  it('lets an agent recategorize a ticket and set its entity, keeping the history', async () => {
    const app = await startHttpApp({}, databaseUrl, accounts);
    const http = () => request(app.getHttpServer());
    try {
      await deliverByLmtp(
        accounts.planeacion,
        sampleMail({ subject: 'Error al subir el archivo del plan plurianual', body: 'Sale un error al subir el archivo en SisPT.\r\n', from: 'Ana <ana@gmail.com>' }).raw,
      );
      const list = await waitFor(
        async () => (await http().get('/api/tickets').expect(200)).body as Array<{ reference: string; subject: string; category: string }>,
        (body) => body.some((t) => t.subject === 'Error al subir el archivo del plan plurianual'),
      );
      const routed = list.find((t) => t.subject === 'Error al subir el archivo del plan plurianual')!;
      expect(routed.category).toBe('tech');

      const changed = await http()
        .patch(`/api/tickets/${routed.reference}/category`)
        .send({ category: 'users', changedBy: 'agente1@dnp.gov.co', reason: 'pide acceso' })
        .expect(200);
      expect(changed.body).toEqual({ reference: routed.reference, category: 'users', changed: true });
      // Same category again: nothing to record.
      await http().patch(`/api/tickets/${routed.reference}/category`).send({ category: 'users', changedBy: 'agente1@dnp.gov.co' }).expect(200, {
        reference: routed.reference,
        category: 'users',
        changed: false,
      });
      const bad = await http().patch(`/api/tickets/${routed.reference}/category`).send({ category: 'ventas', changedBy: 'x' }).expect(400);
      expect(bad.body.message.join(' ')).toContain('category debe ser una de: users, tech, formulation, unclassified');
      await http().patch(`/api/tickets/${routed.reference}/category`).send({ category: 'tech' }).expect(400);

      const entity = await http().patch(`/api/tickets/${routed.reference}/entity`).send({ code: '05001', changedBy: 'agente1@dnp.gov.co' }).expect(200);
      expect(entity.body.entity).toMatchObject({ kind: 'municipality', code: '05001', name: 'Medellín', departmentCode: '05' });
      const unknown = await http().patch(`/api/tickets/${routed.reference}/entity`).send({ code: '05999', changedBy: 'agente1@dnp.gov.co' }).expect(400);
      expect(unknown.body.message).toBe('El código DIVIPOLA 05999 no existe en la lista del DANE');
      await http().patch(`/api/tickets/${routed.reference}/entity`).send({ code: 5001, changedBy: 'agente1@dnp.gov.co' }).expect(400);

      const history = await http().get(`/api/tickets/${routed.reference}/history`).expect(200);
      expect(history.body.categoryChanges).toEqual([
        expect.objectContaining({ fromCategory: 'tech', toCategory: 'users', changedBy: 'agente1@dnp.gov.co', reason: 'pide acceso', matchedRule: expect.stringMatching(/^tech\./) }),
      ]);
      expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual(['category-changed', 'entity-changed']);
      const detail = await http().get(`/api/tickets/${routed.reference}`).expect(200);
      // Now a users request from gmail: tagged for the institutional-address notice.
      expect(detail.body).toMatchObject({ category: 'users', entityCode: '05001', entityEvidence: 'agent', tags: ['non-institutional-users-request'] });
      await http().patch('/api/tickets/MDA-1999-000001/category').send({ category: 'tech', changedBy: 'a' }).expect(404);
    } finally {
      await app.close();
    }
  });

  it('moves the SLA clocks with agent actions and the official\'s reply', async () => {
    const app = await startHttpApp({}, databaseUrl, accounts);
    const http = () => request(app.getHttpServer());
    try {
      const opening = sampleMail({ subject: 'Consulta sobre metas del plan — ANS', body: 'Tenemos dudas sobre las metas e indicadores del plan de desarrollo.\r\n' });
      await deliverByLmtp(accounts.planeacion, opening.raw);
      const list = await waitFor(
        async () => (await http().get('/api/tickets').expect(200)).body as Array<{ reference: string; subject: string }>,
        (body) => body.some((t) => t.subject === 'Consulta sobre metas del plan — ANS'),
      );
      const reference = list.find((t) => t.subject === 'Consulta sobre metas del plan — ANS')!.reference;
      const initial = (await http().get(`/api/tickets/${reference}/sla`).expect(200)).body;
      expect(initial).toMatchObject({ legal: { legalKind: 'petition', termDays: 15, paused: false }, firstResponse: { paused: false, stoppedAt: null } });
      expect(initial.legal.due).toMatch(/T16:00:00-05:00$/);

      // Waiting on the official: first response given, resolution paused, legal term running.
      const waiting = (await http().patch(`/api/tickets/${reference}/status`).send({ status: 'waiting', changedBy: 'agente@dnp.gov.co' }).expect(200)).body;
      expect(waiting.firstResponse.stoppedAt).not.toBeNull();
      expect(waiting.resolution).toMatchObject({ paused: true, due: null });
      expect(waiting.legal.paused).toBe(false);

      // The official replies by mail: the ticket reopens and the clocks resume.
      await deliverByLmtp(accounts.planeacion, sampleMail({ subject: `RE: Consulta sobre metas del plan — ANS [${reference}]`, inReplyTo: opening.messageId! }).raw);
      const resumed = await waitFor(
        async () => (await http().get(`/api/tickets/${reference}/sla`).expect(200)).body,
        (body) => body.events.some((e: { kind: string }) => e.kind === 'resumed'),
      );
      expect(resumed.resolution.paused).toBe(false);
      expect(resumed.resolution.due).not.toBeNull();
      expect((await http().get(`/api/tickets/${reference}`).expect(200)).body.status).toBe('open');

      const consultation = (await http().patch(`/api/tickets/${reference}/legal-kind`).send({ legalKind: 'consultation', changedBy: 'agente@dnp.gov.co' }).expect(200)).body;
      expect(consultation.legal.termDays).toBe(30);
      const extended = (await http().post(`/api/tickets/${reference}/legal-extension`).send({ days: 20, reason: 'Se consultó a otra dependencia', changedBy: 'agente@dnp.gov.co' }).expect(200)).body;
      expect(extended.legal.extendedDays).toBe(20);
      const tooLong = await http().post(`/api/tickets/${reference}/legal-extension`).send({ days: 11, reason: 'más', changedBy: 'agente@dnp.gov.co' }).expect(400);
      expect(tooLong.body.message).toBe('La prórroga no puede superar el doble del término inicial: quedan 10 días hábiles por prorrogar');
      await http().post(`/api/tickets/${reference}/legal-extension`).send({ days: 5, changedBy: 'agente@dnp.gov.co' }).expect(400);

      const incomplete = (await http().post(`/api/tickets/${reference}/incomplete`).send({ reason: 'Falta el acto administrativo', changedBy: 'agente@dnp.gov.co' }).expect(200)).body;
      expect(incomplete.legal).toMatchObject({ paused: true, due: null });
      const resolved = (await http().patch(`/api/tickets/${reference}/status`).send({ status: 'resolved', changedBy: 'agente@dnp.gov.co' }).expect(200)).body;
      expect(resolved.resolution.stoppedAt).not.toBeNull();
      expect(resolved.resolution.met).toBe(true);
      const stored = (await http().get(`/api/tickets/${reference}`).expect(200)).body;
      expect(stored).toMatchObject({ status: 'resolved', legalKind: 'consultation', slaResolutionMet: true });
      await http().patch(`/api/tickets/${reference}/status`).send({ status: 'archivado', changedBy: 'a' }).expect(400);
    } finally {
      await app.close();
    }
  });

  it('reports health, and says degraded when Redis cannot be reached', async () => {
    const healthy = await startHttpApp({}, databaseUrl, accounts);
    try {
      const ok = await request(healthy.getHttpServer()).get('/api/health').expect(200);
      expect(ok.body).toMatchObject({ status: 'ok', database: 'ok', redis: 'ok' });
      expect(ok.body.mailboxes.map((m: { mailbox: string }) => m.mailbox)).toEqual(['kpt@dnp.gov.co', 'planeacionterritorial@dnp.gov.co']);
    } finally {
      await healthy.close();
    }
    // A Redis that is down: nothing listens on this loopback port.
    const degraded = await startHttpApp({ REDIS_URL: 'redis://127.0.0.1:6390' }, databaseUrl, accounts);
    try {
      const response = await request(degraded.getHttpServer()).get('/api/health').expect(200);
      expect(response.body.status).toBe('degraded');
      expect(response.body.database).toBe('ok');
      expect(response.body.redis).not.toBe('ok');
    } finally {
      await degraded.close();
    }
  });
});
