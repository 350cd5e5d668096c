import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import request from 'supertest';
import { PUBLIC_ROUTE, ROUTE_ROLES } from '../../src/auth/auth.decorators';
import { Role, ROLES } from '../../src/auth/auth.types';
import { signIn, TestSession } from '../support/auth-session';
import { servedRoutes } from '../support/served-routes';
import { createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig } from '../support/test-app';

jest.setTimeout(120000);

interface RouteInfo {
  /** `GET /api/tickets/:reference` */
  key: string;
  method: string;
  path: string;
  isPublic: boolean;
  /** Null: any signed-in role. */
  roles: Role[] | null;
}

function joinPath(...parts: string[]): string {
  return `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '').join('/')}`;
}

/** Every HTTP route the app's controllers declare, with the guard metadata of each (method over class, as the guard reads it). */
function declaredRoutes(app: INestApplication): RouteInfo[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
    if (!controller) continue;
    const rawPrefixes: unknown = Reflect.getMetadata(PATH_METADATA, controller);
    const prefixes = Array.isArray(rawPrefixes) ? (rawPrefixes as string[]) : [String(rawPrefixes ?? '')];
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
      const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
      if (method === undefined) continue;
      const rawPaths: unknown = Reflect.getMetadata(PATH_METADATA, handler);
      const paths = Array.isArray(rawPaths) ? (rawPaths as string[]) : [String(rawPaths ?? '')];
      const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, [handler, controller]) === true;
      const roles = reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, [handler, controller]) ?? null;
      for (const prefix of prefixes) {
        for (const path of paths) {
          const full = joinPath(prefix, path);
          const verb = RequestMethod[method as RequestMethod];
          routes.push({ key: `${verb} ${full}`, method: verb, path: full, isPublic, roles });
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

/** A concrete URL for a route pattern; the guard answers before any lookup, so the values need not exist. */
function sampleUrl(path: string): string {
  return path.replace(/:(\w+)/g, (_match, name: string) => (name === 'reference' ? 'MDA-2024-000001' : '1'));
}

/**
 * Status and error code of one request. A handler that runs when it should not may never
 * answer (the ticket stream), so a request gets 5 s and reports `timeout` instead of hanging.
 */
async function send(app: INestApplication, route: RouteInfo, session?: TestSession): Promise<{ status: number | 'timeout'; code: unknown }> {
  const url = sampleUrl(route.path);
  const verb = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const test = session ? session[verb](url) : request(app.getHttpServer())[verb](url);
  try {
    const response = await test.timeout({ response: 5000, deadline: 5000 });
    return { status: response.status, code: (response.body as { code?: unknown }).code };
  } catch (error: unknown) {
    if ((error as { timeout?: unknown }).timeout !== undefined) return { status: 'timeout', code: undefined };
    throw error;
  }
}

describe('every route is guarded', () => {
  let app: INestApplication;
  let routes: RouteInfo[];
  const sessions = new Map<Role, TestSession>();

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('route_guard');
    app = await startTestApp(
      testConfig(databaseUrl, { kpt: 'guard-unused-kpt', planeacion: 'guard-unused-pt' }, { INTAKE_ENABLED: 'false', OUTBOUND_ENABLED: 'false', JOBS_ENABLED: 'false' }),
    );
    routes = declaredRoutes(app);
    for (const role of ROLES) sessions.set(role, await signIn(app, role));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('finds the routes from Nest metadata, the same set Express serves', () => {
    // Positive controls: the walk sees controllers from several modules, with their metadata.
    expect(routes).toEqual(
      expect.arrayContaining([
        { key: 'GET /api/health', method: 'GET', path: '/api/health', isPublic: true, roles: null },
        { key: 'PATCH /api/users/:id', method: 'PATCH', path: '/api/users/:id', isPublic: false, roles: ['admin'] },
        { key: 'GET /api/users/agents', method: 'GET', path: '/api/users/agents', isPublic: false, roles: null },
        expect.objectContaining({ key: 'GET /api/tickets' }),
      ]),
    );
    expect(servedRoutes(app)).toEqual(routes.map((r) => r.key));
  });

  it('leaves exactly health and login public', () => {
    expect(routes.filter((r) => r.isPublic).map((r) => r.key)).toEqual(['GET /api/health', 'POST /api/auth/login']);
  });

  it('declares only known roles, never an empty list', () => {
    for (const route of routes) {
      if (route.roles === null) continue;
      expect({ route: route.key, roles: route.roles.length > 0 && route.roles.every((r) => ROLES.includes(r)) }).toEqual({ route: route.key, roles: true });
    }
  });

  it('answers 401 UNAUTHENTICATED on every other route without a session', async () => {
    const results: Array<{ route: string; status: number | 'timeout'; code: unknown }> = [];
    for (const route of routes.filter((r) => !r.isPublic)) results.push({ route: route.key, ...(await send(app, route)) });
    expect(results.length).toBeGreaterThan(5);
    expect(results).toEqual(results.map((r) => ({ route: r.route, status: 401, code: 'UNAUTHENTICATED' })));
  });

  it('answers 403 FORBIDDEN to every role a route\'s @Roles leaves out', async () => {
    const results: Array<{ route: string; role: Role; status: number | 'timeout'; code: unknown }> = [];
    for (const route of routes.filter((r) => !r.isPublic && r.roles !== null)) {
      for (const role of ROLES.filter((r) => !route.roles!.includes(r))) results.push({ route: route.key, role, ...(await send(app, route, sessions.get(role))) });
    }
    // At least the admin-only account routes, refused to agents and supervisors.
    expect(results.filter((r) => r.route === 'POST /api/users').map((r) => r.role)).toEqual(['agent', 'supervisor']);
    expect(results).toEqual(results.map((r) => ({ route: r.route, role: r.role, status: 403, code: 'FORBIDDEN' })));
  });
});
