import { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { documentedRoutes } from '../../src/docs/openapi-document';
import { signIn, TestSession } from '../support/auth-session';
import { servedRoutes } from '../support/served-routes';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig } from '../support/test-app';

jest.setTimeout(120000);

const ERROR_KEYS = ['code', 'message', 'statusCode'];

describe('API documentation, health and the error shape', () => {
  let databaseUrl: string;
  let app: INestApplication;
  let agent: TestSession;
  const accounts = { kpt: 'docs-unused-kpt', planeacion: 'docs-unused-pt' };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('docs_health');
    app = await startTestApp(testConfig(databaseUrl, accounts, { INTAKE_ENABLED: 'false', OUTBOUND_ENABLED: 'false' }));
    agent = await signIn(app, 'agent');
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('OpenAPI', () => {
    it('refuses the document and the UI without a session', async () => {
      for (const url of ['/api/docs', '/api/docs-json', '/api/docs/swagger-ui-bundle.js']) {
        const response = await request(app.getHttpServer()).get(url).expect(401);
        expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      }
    });

    it('serves Swagger UI and its assets to a signed-in user', async () => {
      const page = await agent.get('/api/docs').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('/api/docs/swagger-ui-bundle.js');
      const bundle = await agent.get('/api/docs/swagger-ui-bundle.js').expect(200);
      expect(bundle.headers['content-type']).toMatch(/^text\/javascript/);
      expect(bundle.text ?? bundle.body.toString()).toContain('SwaggerUIBundle');
      const init = await agent.get('/api/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toContain("url: '/api/docs-json'");
      const missing = await agent.get('/api/docs/package.json').expect(404);
      expect(missing.body.code).toBe('DOCS_ASSET_NOT_FOUND');
    });

    it('documents every route the app serves, with the cookie scheme and the CSRF header', async () => {
      const document = (await agent.get('/api/docs-json').expect(200)).body as OpenAPIObject;
      const served = servedRoutes(app);
      // Positive control: routes from several modules, this one included.
      expect(served).toEqual(expect.arrayContaining(['GET /api/health', 'POST /api/auth/login', 'GET /api/search', 'GET /api/tickets', 'GET /api/docs-json']));
      expect(documentedRoutes(document)).toEqual(served);

      expect(document.components?.securitySchemes).toEqual({
        session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'mesa_session' }),
        csrf: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }),
      });
      expect(document.paths['/api/health'].get?.security).toEqual([]);
      expect(document.paths['/api/auth/login'].post?.security).toEqual([]);
      expect(document.paths['/api/search'].get?.security).toEqual([{ session: [] }]);
      expect(document.paths['/api/auth/logout'].post?.security).toEqual([{ session: [], csrf: [] }]);
      expect(document.paths['/api/search'].get?.tags).toEqual(['search']);
      expect(document.paths['/api/search'].get?.parameters?.map((p) => ('name' in p ? p.name : ''))).toEqual(expect.arrayContaining(['q', 'limit']));
    });
  });

  describe('health', () => {
    it('answers 200 in terminus\' shape without a session, with mailboxes and the outbound queue', async () => {
      const db = await connectTestDatabase(databaseUrl);
      try {
        await db.query(`
          INSERT INTO outgoing_messages (kind, source_key, status, message_id, from_address, to_addresses, subject, automatic, body_text)
          VALUES ('acknowledgement', 'health-1', 'queued', '<h1@test>', 'kpt@dnp.gov.co', '{a@b.co}', 'x', true, 'x'),
                 ('acknowledgement', 'health-2', 'failed', '<h2@test>', 'kpt@dnp.gov.co', '{a@b.co}', 'x', true, 'x'),
                 ('acknowledgement', 'health-3', 'failed', '<h3@test>', 'kpt@dnp.gov.co', '{a@b.co}', 'x', true, 'x'),
                 ('acknowledgement', 'health-4', 'sent', '<h4@test>', 'kpt@dnp.gov.co', '{a@b.co}', 'x', true, 'x')`);
      } finally {
        await db.end();
      }
      const response = await request(app.getHttpServer()).get('/api/health').expect(200);
      expect(response.headers['cache-control']).toContain('no-store');
      expect(response.body).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, redis: { status: 'up' }, mailboxes: { status: 'up' }, outbound: { status: 'up' } },
        error: {},
      });
      expect(response.body.details).toEqual(response.body.info);
      const { mailboxes, outbound } = response.body.info;
      expect(mailboxes.intakeEnabled).toBe(false);
      expect(mailboxes.pollers.map((p: { mailbox: string }) => p.mailbox)).toEqual(['kpt@dnp.gov.co', 'planeacionterritorial@dnp.gov.co']);
      expect(mailboxes.pollers[0]).toMatchObject({ state: 'stopped', lastSuccessAt: null, stale: false, message: expect.stringContaining('desactivada') });
      expect(outbound.messages).toEqual({ queued: 1, sending: 0, failed: 2 });
      expect(outbound.queue).toEqual(expect.objectContaining({ waiting: expect.any(Number), active: 0, delayed: expect.any(Number), failed: 0 }));
    });

    it('answers 503 with the details when Redis is down, still in terminus\' shape', async () => {
      // Nothing listens on this loopback port.
      const degraded = await startTestApp(testConfig(databaseUrl, accounts, { INTAKE_ENABLED: 'false', OUTBOUND_ENABLED: 'false', JOBS_ENABLED: 'false', REDIS_URL: 'redis://127.0.0.1:6390' }));
      try {
        const response = await request(degraded.getHttpServer()).get('/api/health').expect(503);
        expect(response.body).toMatchObject({
          status: 'error',
          info: { database: { status: 'up' } },
          error: { redis: { status: 'down', message: expect.stringMatching(/^No se pudo contactar Redis: /) } },
          details: { database: { status: 'up' }, redis: { status: 'down' }, outbound: { status: 'up', queue: null, messages: { queued: 1, sending: 0, failed: 2 } } },
        });
        expect(response.body.details.outbound.queueError).toMatch(/^No se pudo leer la cola de envío/);
        expect(response.body.code).toBeUndefined();
      } finally {
        await degraded.close();
      }
    });

    it('answers 503 when PostgreSQL cannot be queried', async () => {
      const lost = await startTestApp(testConfig(databaseUrl, accounts, { INTAKE_ENABLED: 'false', OUTBOUND_ENABLED: 'false', JOBS_ENABLED: 'false' }));
      try {
        // The pool's connections are the app's only way to the database; closing them stands in for a lost server.
        await lost.get(DataSource).destroy();
        const response = await request(lost.getHttpServer()).get('/api/health').expect(503);
        expect(response.body).toMatchObject({ status: 'error', error: { database: { status: 'down', message: expect.stringMatching(/^No se pudo consultar PostgreSQL/) } }, info: { redis: { status: 'up' } } });
      } finally {
        await lost.close().catch(() => undefined);
      }
    });
  });

  describe('error shape', () => {
    it('answers a malformed JSON body with INVALID_JSON in the API\'s shape', async () => {
      const response = await request(app.getHttpServer()).post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.co",').expect(400);
      expect(response.body).toEqual({ statusCode: 400, code: 'INVALID_JSON', message: 'El cuerpo de la solicitud no es JSON válido.' });
      const signedIn = await agent.post('/api/auth/logout').set('Content-Type', 'application/json').send('{nope').expect(400);
      expect(signedIn.body.code).toBe('INVALID_JSON');
    });

    it('answers an unknown route with NOT_FOUND in Spanish, with or without a session', async () => {
      for (const response of [await request(app.getHttpServer()).get('/api/no-existe').expect(404), await agent.delete('/api/tickets/x/y/z').expect(404)]) {
        expect(Object.keys(response.body).sort()).toEqual(ERROR_KEYS);
        expect(response.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'No se encontró lo solicitado.' });
      }
    });

    it('answers invalid query parameters with VALIDATION_FAILED and Spanish details', async () => {
      const response = await agent.get('/api/search?q=clave&limit=500&otro=1').expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.details).toEqual(expect.arrayContaining(['limit no puede pasar de 50', 'el campo otro no está permitido']));
    });
  });
});
