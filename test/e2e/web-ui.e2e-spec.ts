import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import express from 'express';
import request from 'supertest';
import { UI_CONTENT_SECURITY_POLICY, spaStatic } from '../../src/web/spa-static';
import { ENDPOINTS } from '../../web/src/api/endpoints';
import { signIn } from '../support/auth-session';
import { createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig } from '../support/test-app';

jest.setTimeout(120000);

/** A built UI in a temporary folder, as `vite build` lays it out. */
function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesa-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Mesa de Ayuda</title><div id="root"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

describe('the web UI as the service serves it', () => {
  const dir = fakeBuild();
  const server = express();
  server.use(spaStatic(dir));
  server.use((_request, response) => response.status(404).json({ code: 'NOT_FOUND' }));

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers deep links with index.html, never cached, under the strict policy', async () => {
    for (const url of ['/', '/tickets/MDA-2024-000123', '/admin/buzones?x=1']) {
      const response = await request(server).get(url).expect(200);
      expect(response.text).toContain('<div id="root">');
      expect(response.headers['content-security-policy']).toBe(UI_CONTENT_SECURITY_POLICY);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
    expect(UI_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(UI_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('caches hashed assets for a year and 404s a missing file instead of sending the app', async () => {
    const asset = await request(server).get('/assets/index-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await request(server).get('/assets/missing.js').expect(404);
  });

  it('leaves /api and non-GET requests alone', async () => {
    await request(server).get('/api/tickets').expect(404, { code: 'NOT_FOUND' });
    await request(server).post('/tickets/MDA-2024-000123').expect(404);
  });

  it('says in Spanish when the UI is not built', async () => {
    const bare = express();
    bare.use(spaStatic(path.join(dir, 'no-existe')));
    const response = await request(bare).get('/').expect(503);
    expect(response.text).toContain('npm run build:web');
  });
});

describe('the UI’s API client against the OpenAPI document', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('web_api_contract');
    app = await startTestApp(testConfig(databaseUrl, { kpt: 'contract-kpt', planeacion: 'contract-pt' }, { INTAKE_ENABLED: 'false', OUTBOUND_ENABLED: 'false' }));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('calls only documented routes, with documented query parameters', async () => {
    const admin = await signIn(app, 'admin');
    const document = (await admin.get('/api/docs-json').expect(200)).body as OpenAPIObject;
    const problems: string[] = [];
    for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
      const operation = document.paths[endpoint.path]?.[endpoint.method.toLowerCase() as 'get'];
      if (!operation) {
        problems.push(`${name}: ${endpoint.method} ${endpoint.path} no está en el documento`);
        continue;
      }
      const documented = new Set((operation.parameters ?? []).map((parameter) => ('in' in parameter && parameter.in === 'query' ? parameter.name : null)));
      for (const parameter of 'query' in endpoint && endpoint.query !== '*' ? endpoint.query : []) {
        if (!documented.has(parameter)) problems.push(`${name}: el parámetro ${parameter} no está documentado`);
      }
    }
    expect(problems).toEqual([]);
  });
});
