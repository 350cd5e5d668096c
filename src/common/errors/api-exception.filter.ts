import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { describeError } from './describe-error';
import type { ApiErrorBody } from './api-error';

/** Stable codes for errors Nest or Express raise without one of ours. */
const CODE_BY_STATUS: Record<number, { code: string; message: string }> = {
  400: { code: 'BAD_REQUEST', message: 'La solicitud no es válida.' },
  401: { code: 'UNAUTHENTICATED', message: 'Debe iniciar sesión.' },
  403: { code: 'FORBIDDEN', message: 'No tiene permiso para esta acción.' },
  404: { code: 'NOT_FOUND', message: 'No se encontró lo solicitado.' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'Método no permitido.' },
  409: { code: 'CONFLICT', message: 'La solicitud choca con el estado actual.' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'La solicitud es demasiado grande.' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Tipo de contenido no admitido.' },
  429: { code: 'RATE_LIMITED', message: 'Demasiadas solicitudes; intente de nuevo más tarde.' },
};

/** Messages Nest and Express produce in English (routes not found, guards, bare exceptions). */
const NEST_DEFAULT_MESSAGE = /^(Cannot [A-Z]+ |Forbidden resource$|Unauthorized$|Not Found$|Bad Request$|Conflict$|Too Many Requests$|Internal Server Error$|Payload Too Large$|Method Not Allowed$)/i;

/** Turns any thrown error into the API's one JSON shape; unexpected errors are logged, never shown. */
export function toApiErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const fallback = CODE_BY_STATUS[status] ?? { code: status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR', message: error.message };
    if (typeof response === 'object' && response !== null) {
      const body = response as { code?: unknown; message?: unknown; details?: unknown };
      if (typeof body.code === 'string' && typeof body.message === 'string') {
        return { statusCode: status, code: body.code, message: body.message, ...(body.details === undefined ? {} : { details: body.details }) };
      }
      // ValidationPipe: message is the list of field problems (our DTO messages are Spanish).
      if (Array.isArray(body.message)) {
        const problems = body.message.map((problem) => String(problem).replace(/^property (\S+) should not exist$/, 'el campo $1 no está permitido'));
        return { statusCode: status, code: 'VALIDATION_FAILED', message: `Datos no válidos: ${problems.join('; ')}`, details: problems };
      }
      // Our own exceptions carry Spanish messages; Nest's defaults are English and get ours instead.
      if (typeof body.message === 'string' && !NEST_DEFAULT_MESSAGE.test(body.message)) {
        return { statusCode: status, code: fallback.code, message: body.message };
      }
    }
    return { statusCode: status, code: fallback.code, message: fallback.message };
  }
  // body-parser errors carry an HTTP status and a type.
  const parserError = error as { status?: unknown; type?: unknown };
  if (typeof parserError?.status === 'number' && typeof parserError.type === 'string') {
    if (parserError.type === 'entity.parse.failed') return { statusCode: 400, code: 'INVALID_JSON', message: 'El cuerpo de la solicitud no es JSON válido.' };
    if (parserError.type === 'entity.too.large') return { statusCode: 413, ...CODE_BY_STATUS[413] };
    const known = CODE_BY_STATUS[parserError.status];
    if (known) return { statusCode: parserError.status, ...known };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'Error interno del servidor; el equipo técnico puede revisarlo en los registros.' };
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = toApiErrorBody(error);
    if (body.statusCode >= 500) this.logger.error(describeError(error), error instanceof Error ? error.stack : undefined);
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }
}
