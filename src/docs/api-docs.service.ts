import { readFileSync } from 'fs';
import { join } from 'path';
import { Injectable, INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_ROUTE } from '../auth/auth.decorators';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/session-token';
import { applySecurity, CSRF_SCHEME, SESSION_SCHEME } from './openapi-document';

function packageVersion(): string {
  try {
    // src/docs and dist/docs both sit two levels under the project root.
    const parsed: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const version = (parsed as { version?: unknown }).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Holds the OpenAPI document, generated from the controllers' decorators on the first
 * request for it, not at start-up (the worker process and most test apps never serve
 * it). SwaggerModule needs the application itself, which providers cannot inject, so
 * configureApp hands it over.
 */
@Injectable()
export class ApiDocsService {
  private app: INestApplication | null = null;
  private document: OpenAPIObject | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  publish(app: INestApplication): void {
    this.app = app;
  }

  current(): OpenAPIObject | null {
    if (!this.document && this.app) this.document = this.build(this.app);
    return this.document;
  }

  private build(app: INestApplication): OpenAPIObject {
    const config = new DocumentBuilder()
      .setTitle('Mesa de Ayuda — API')
      .setDescription(
        'API de la Mesa de Ayuda de planeación territorial (DNP). Todas las rutas piden sesión salvo /api/health y ' +
          '/api/auth/login: inicie sesión con POST /api/auth/login, que fija la cookie de sesión y devuelve el csrfToken. ' +
          'Las solicitudes que cambian datos (POST, PUT, PATCH, DELETE) deben enviar ese token en la cabecera X-CSRF-Token. ' +
          'Los errores tienen siempre la forma {statusCode, code, message, details?}, con el mensaje en español.',
      )
      .setVersion(packageVersion())
      .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Cookie httpOnly fijada por POST /api/auth/login.' }, SESSION_SCHEME)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: `Token CSRF de la sesión (cabecera ${CSRF_HEADER}), devuelto por el inicio de sesión y por GET /api/auth/session.` }, CSRF_SCHEME)
      .build();
    return applySecurity(SwaggerModule.createDocument(app, config), this.publicOperationIds());
  }

  /** `Controller_method` (SwaggerModule's default operationId) of every @Public handler. */
  private publicOperationIds(): Set<string> {
    const scanner = new MetadataScanner();
    const ids = new Set<string>();
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, [handler, controller])) ids.add(`${controller.name}_${name}`);
      }
    }
    return ids;
  }
}
