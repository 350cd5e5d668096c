import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { signIn, TestSession } from '../support/auth-session';
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
      const agent = await signIn(app, 'agent');
      await request(app.getHttpServer()).get('/api/tickets').expect(401);
      await deliverByLmtp(accounts.planeacion, sampleMail({ subject: 'Consulta por API — Tunja' }).raw);
      const list = await waitFor(
        async () => (await agent.get('/api/tickets').expect(200)).body.items as Array<{ reference: string; subject: string }>,
        (items) => items.length === 1,
      );
      expect(list[0].subject).toBe('Consulta por API — Tunja');
      const detail = await agent.get(`/api/tickets/${list[0].reference.toLowerCase()}`).expect(200);
      // The official's message, and the acknowledgement we queued for it.
      const mail = detail.body.conversation.filter((e: { type: string }) => e.type === 'incoming' || e.type === 'outgoing');
      expect(mail.map((a: { type: string }) => a.type)).toEqual(['incoming', 'outgoing']);
      expect(mail[0].receivedBy).toEqual(['planeacionterritorial@dnp.gov.co']);
      const missing = await agent.get('/api/tickets/MDA-1999-000001').expect(404);
      expect(missing.body.message).toBe('No existe el ticket MDA-1999-000001');
      const bad = await agent.get('/api/tickets?limit=muchos').expect(400);
      expect(bad.body.message).toContain('limit debe ser un número entero');
      await agent.get('/api/tickets?desconocido=1').expect(400);
    } finally {
      await app.close();
    }
  });

  it('lets an agent recategorize a ticket and set its entity, keeping the history', async () => {
    const app = await startHttpApp({}, databaseUrl, accounts);
    try {
      const agent = await signIn(app, 'agent', 'agente1@dnp.gov.co');
      await deliverByLmtp(
        accounts.planeacion,
        sampleMail({ subject: 'Error al subir el archivo del plan plurianual', body: 'Sale un error al subir el archivo en SisPT.\r\n', from: 'Ana <ana@gmail.com>' }).raw,
      );
      const list = await waitFor(
        async () => (await agent.get('/api/tickets').expect(200)).body.items as Array<{ reference: string; subject: string; category: string; version: number }>,
        (items) => items.some((t) => t.subject === 'Error al subir el archivo del plan plurianual'),
      );
      const routed = list.find((t) => t.subject === 'Error al subir el archivo del plan plurianual')!;
      expect(routed.category).toBe('tech');
      const version = routed.version;

      const changed = await agent.patch(`/api/tickets/${routed.reference}/category`).send({ category: 'users', reason: 'pide acceso', version }).expect(200);
      expect(changed.body).toEqual({ reference: routed.reference, category: 'users', changed: true, version: version + 1 });
      // Same category again: nothing to record, the version stays.
      await agent.patch(`/api/tickets/${routed.reference}/category`).send({ category: 'users', version: version + 1 }).expect(200, {
        reference: routed.reference,
        category: 'users',
        changed: false,
        version: version + 1,
      });
      const bad = await agent.patch(`/api/tickets/${routed.reference}/category`).send({ category: 'ventas', version: version + 1 }).expect(400);
      expect(bad.body.message).toContain('category debe ser una de: users, tech, formulation, unclassified');
      await agent.patch(`/api/tickets/${routed.reference}/category`).send({ category: 'tech' }).expect(400);
      // Who acts comes from the session: the old changedBy field is refused.
      await agent.patch(`/api/tickets/${routed.reference}/category`).send({ category: 'tech', version: version + 1, changedBy: 'otro@dnp.gov.co' }).expect(400);

      const entity = await agent.patch(`/api/tickets/${routed.reference}/entity`).send({ code: '05001', version: version + 1 }).expect(200);
      expect(entity.body.entity).toMatchObject({ kind: 'municipality', code: '05001', name: 'Medellín', departmentCode: '05' });
      expect(entity.body.version).toBe(version + 2);
      const unknown = await agent.patch(`/api/tickets/${routed.reference}/entity`).send({ code: '05999', version: version + 2 }).expect(400);
      expect(unknown.body.message).toBe('El código DIVIPOLA 05999 no existe en la lista del DANE');
      await agent.patch(`/api/tickets/${routed.reference}/entity`).send({ code: 5001, version: version + 2 }).expect(400);

      const history = await agent.get(`/api/tickets/${routed.reference}/history`).expect(200);
      expect(history.body.categoryChanges).toEqual([
        expect.objectContaining({ fromCategory: 'tech', toCategory: 'users', changedBy: 'agente1@dnp.gov.co', reason: 'pide acceso', matchedRule: expect.stringMatching(/^tech\./) }),
      ]);
      expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual(['category-changed', 'entity-changed']);
      const detail = await agent.get(`/api/tickets/${routed.reference}`).expect(200);
      // Now a users request from gmail: tagged for the institutional-address notice.
      expect(detail.body).toMatchObject({ category: 'users', entity: { code: '05001', evidence: 'agent' }, tags: ['non-institutional-users-request'] });
      await agent.patch('/api/tickets/MDA-1999-000001/category').send({ category: 'tech', version: 1 }).expect(404);
    } finally {
      await app.close();
    }
  });

  it('moves the SLA clocks with agent actions and the official\'s reply', async () => {
    const app = await startHttpApp({}, databaseUrl, accounts);
    try {
      const agent: TestSession = await signIn(app, 'agent', 'agente@dnp.gov.co');
      const versionOf = async (reference: string): Promise<number> => (await agent.get(`/api/tickets/${reference}/sla`).expect(200)).body.version;
      const opening = sampleMail({ subject: 'Consulta sobre metas del plan — ANS', body: 'Tenemos dudas sobre las metas e indicadores del plan de desarrollo.\r\n' });
      await deliverByLmtp(accounts.planeacion, opening.raw);
      const list = await waitFor(
        async () => (await agent.get('/api/tickets').expect(200)).body.items as Array<{ reference: string; subject: string }>,
        (items) => items.some((t) => t.subject === 'Consulta sobre metas del plan — ANS'),
      );
      const reference = list.find((t) => t.subject === 'Consulta sobre metas del plan — ANS')!.reference;
      const initial = (await agent.get(`/api/tickets/${reference}/sla`).expect(200)).body;
      expect(initial).toMatchObject({ legal: { legalKind: 'petition', termDays: 15, paused: false }, firstResponse: { paused: false, stoppedAt: null } });
      expect(initial.legal.due).toMatch(/T16:00:00-05:00$/);

      // Waiting on the official: first response given, resolution paused, legal term running.
      const waiting = (await agent.patch(`/api/tickets/${reference}/status`).send({ status: 'waiting', version: initial.version }).expect(200)).body;
      expect(waiting).toMatchObject({ status: 'waiting', version: initial.version + 1 });
      expect(waiting.firstResponse.stoppedAt).not.toBeNull();
      expect(waiting.resolution).toMatchObject({ paused: true, due: null });
      expect(waiting.legal.paused).toBe(false);

      // The official replies by mail: the ticket reopens and the clocks resume.
      await deliverByLmtp(accounts.planeacion, sampleMail({ subject: `RE: Consulta sobre metas del plan — ANS [${reference}]`, inReplyTo: opening.messageId! }).raw);
      const resumed = await waitFor(
        async () => (await agent.get(`/api/tickets/${reference}/sla`).expect(200)).body,
        (body) => body.events.some((e: { kind: string }) => e.kind === 'resumed'),
      );
      expect(resumed.resolution.paused).toBe(false);
      expect(resumed.resolution.due).not.toBeNull();
      // The official's mail changed the ticket: a client still holding the old version must reload.
      expect(resumed.status).toBe('open');
      expect(resumed.version).toBeGreaterThan(waiting.version);
      const stale = await agent.patch(`/api/tickets/${reference}/status`).send({ status: 'resolved', version: waiting.version }).expect(409);
      expect(stale.body).toMatchObject({ code: 'TICKET_VERSION_CONFLICT', details: { currentVersion: resumed.version } });

      const consultation = (await agent.patch(`/api/tickets/${reference}/legal-kind`).send({ legalKind: 'consultation' }).expect(200)).body;
      expect(consultation.legal.termDays).toBe(30);
      // Extending the legal term is a supervisor's decision.
      const refused = await agent.post(`/api/tickets/${reference}/legal-extension`).send({ days: 20, reason: 'Se consultó a otra dependencia', version: consultation.version }).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      const supervisor = await signIn(app, 'supervisor', 'supervisora@dnp.gov.co');
      const extended = (await supervisor.post(`/api/tickets/${reference}/legal-extension`).send({ days: 20, reason: 'Se consultó a otra dependencia', version: consultation.version }).expect(200)).body;
      expect(extended.legal.extendedDays).toBe(20);
      const tooLong = await supervisor.post(`/api/tickets/${reference}/legal-extension`).send({ days: 11, reason: 'más' }).expect(400);
      expect(tooLong.body.message).toBe('La prórroga no puede superar el doble del término inicial: quedan 10 días hábiles por prorrogar');
      await supervisor.post(`/api/tickets/${reference}/legal-extension`).send({ days: 5 }).expect(400);

      const incomplete = (await agent.post(`/api/tickets/${reference}/incomplete`).send({ reason: 'Falta el acto administrativo' }).expect(200)).body;
      expect(incomplete.legal).toMatchObject({ paused: true, due: null });
      const resolved = (await agent.patch(`/api/tickets/${reference}/status`).send({ status: 'resolved', version: await versionOf(reference) }).expect(200)).body;
      expect(resolved.resolution.stoppedAt).not.toBeNull();
      expect(resolved.resolution.met).toBe(true);
      // The SLA history names the signed-in account.
      expect(resolved.events.filter((e: { actor: string }) => e.actor === 'agente@dnp.gov.co').map((e: { kind: string }) => e.kind)).toEqual(
        expect.arrayContaining(['answered', 'waiting', 'legal-kind', 'incomplete', 'resolved']),
      );
      expect(resolved.events.filter((e: { actor: string }) => e.actor === 'supervisora@dnp.gov.co').map((e: { kind: string }) => e.kind)).toEqual(['extended']);
      const stored = (await agent.get(`/api/tickets/${reference}`).expect(200)).body;
      expect(stored).toMatchObject({ status: 'resolved', legalKind: 'consultation', sla: { resolution: { met: true } } });
      await agent.patch(`/api/tickets/${reference}/status`).send({ status: 'archivado', version: resolved.version }).expect(400);
    } finally {
      await app.close();
    }
  });
  // Health (terminus shape, 503 when degraded) is covered by docs-health.e2e-spec.ts.
});
