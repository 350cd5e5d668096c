import type { OpenAPIObject } from '@nestjs/swagger';

/** Security scheme names in the document. */
export const SESSION_SCHEME = 'session';
export const CSRF_SCHEME = 'csrf';

const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } },
});

/**
 * Adds what the guard enforces to each operation, from the same metadata the guard
 * reads: public operations need nothing; the others need the session cookie, and
 * state-changing ones also the CSRF header. Their 401/403 answers are listed too,
 * in the API's one error shape. Pure: the caller says which operations are public.
 */
export function applySecurity(document: OpenAPIObject, publicOperationIds: ReadonlySet<string>): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = {
    ...document.components.schemas,
    ApiErrorBody: {
      type: 'object',
      required: ['statusCode', 'code', 'message'],
      properties: {
        statusCode: { type: 'integer', example: 401 },
        code: { type: 'string', description: 'Código estable para programas (UPPER_SNAKE).', example: 'UNAUTHENTICATED' },
        message: { type: 'string', description: 'Mensaje en español para personas.', example: 'Debe iniciar sesión.' },
        details: { description: 'Detalle por campo, cuando lo hay (p. ej. VALIDATION_FAILED).' },
      },
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation: Operation | undefined = item[method];
      if (!operation) continue;
      if (operation.operationId !== undefined && publicOperationIds.has(operation.operationId)) {
        operation.security = [];
        continue;
      }
      const changing = STATE_CHANGING.has(method);
      operation.security = [changing ? { [SESSION_SCHEME]: [], [CSRF_SCHEME]: [] } : { [SESSION_SCHEME]: [] }];
      operation.responses = {
        ...operation.responses,
        401: errorResponse('Sin sesión o sesión vencida (UNAUTHENTICATED).'),
        403: errorResponse(changing ? 'Falta o no corresponde la cabecera X-CSRF-Token (CSRF_INVALID), o el rol no alcanza (FORBIDDEN).' : 'El rol no alcanza (FORBIDDEN).'),
      };
    }
  }
  return document;
}

/** Routes as `GET /api/tickets/:reference`, from the document's `/api/tickets/{reference}`. */
export function documentedRoutes(document: OpenAPIObject): string[] {
  const routes: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      if (item[method]) routes.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
  }
  return routes.sort((a, b) => a.localeCompare(b));
}
