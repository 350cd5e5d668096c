import { STATUS_CODES } from 'http';
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
  406: { code: 'NOT_ACCEPTABLE', message: 'No se puede responder en el formato pedido.' },
  408: { code: 'REQUEST_TIMEOUT', message: 'La solicitud tardó demasiado.' },
  409: { code: 'CONFLICT', message: 'La solicitud choca con el estado actual.' },
  410: { code: 'GONE', message: 'Lo solicitado ya no existe.' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'La solicitud es demasiado grande.' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Tipo de contenido no admitido.' },
  422: { code: 'UNPROCESSABLE_ENTITY', message: 'No se pudo procesar la solicitud.' },
  429: { code: 'RATE_LIMITED', message: 'Demasiadas solicitudes; intente de nuevo más tarde.' },
  500: { code: 'INTERNAL_ERROR', message: 'Error interno del servidor; el equipo técnico puede revisarlo en los registros.' },
  502: { code: 'SERVICE_UNAVAILABLE', message: 'Un servicio del que dependemos no respondió; intente de nuevo en unos minutos.' },
  503: { code: 'SERVICE_UNAVAILABLE', message: 'El servicio no está disponible en este momento; intente de nuevo en unos minutos.' },
  504: { code: 'SERVICE_UNAVAILABLE', message: 'Un servicio del que dependemos tardó demasiado; intente de nuevo en unos minutos.' },
};

const INTERNAL: ApiErrorBody = { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, ...CODE_BY_STATUS[500] };
const INVALID_JSON: ApiErrorBody = { statusCode: HttpStatus.BAD_REQUEST, code: 'INVALID_JSON', message: 'El cuerpo de la solicitud no es JSON válido.' };

/** Every standard reason phrase: what Nest's built-in exceptions say when thrown without a message. */
const REASON_PHRASES = new Set(Object.values(STATUS_CODES).filter((phrase): phrase is string => typeof phrase === 'string'));

/** Other messages Nest and Express produce in English (routes not found, guards, built-in pipes). */
const NEST_DEFAULT_MESSAGE = /^(Cannot [A-Z]+ \S*$|Forbidden resource$|Validation failed\b|Payload Too Large$|Too Many Requests$)/;

/**
 * Nest maps body-parser's SyntaxError to `new BadRequestException(err.message)` before any
 * filter runs (RoutesResolver.mapExternalException), so invalid JSON arrives as a 400 whose
 * message is JSON.parse's English text; a URIError (a bad %-escape in the path) likewise.
 */
const JSON_SYNTAX_MESSAGE = /(\bin JSON at position \d+|\bJSON input$|is not valid JSON$|\bafter JSON\b|^Unexpected token\b)/;
const URI_ERROR_MESSAGE = /^Failed to decode param\b|^URI malformed$/;

function isNestDefault(message: string): boolean {
  return REASON_PHRASES.has(message) || NEST_DEFAULT_MESSAGE.test(message);
}

/**
 * class-validator's built-in messages for the decorators our DTOs use, for the (few)
 * properties whose DTO does not give a Spanish message of its own. Anything not listed
 * here is shown as written: our DTOs' own messages are Spanish already.
 */
const VALIDATION_TRANSLATIONS: Array<[RegExp, string]> = [
  [/^property (\S+) should not exist$/, 'el campo $1 no está permitido'],
  [/^(\S+) should not be empty$/, '$1 es obligatorio'],
  [/^(\S+) should not be null or undefined$/, '$1 es obligatorio'],
  [/^(\S+) must be a string$/, '$1 debe ser un texto'],
  [/^(\S+) must be a boolean value$/, '$1 debe ser verdadero o falso'],
  [/^(\S+) must be an integer number$/, '$1 debe ser un número entero'],
  [/^(\S+) must be a number conforming to the specified constraints$/, '$1 debe ser un número'],
  [/^(\S+) must not be greater than (\S+)$/, '$1 no puede ser mayor que $2'],
  [/^(\S+) must not be less than (\S+)$/, '$1 no puede ser menor que $2'],
  [/^(\S+) must be shorter than or equal to (\d+) characters$/, '$1 no puede pasar de $2 caracteres'],
  [/^(\S+) must be longer than or equal to (\d+) characters$/, '$1 debe tener al menos $2 caracteres'],
  [/^(\S+) must be one of the following values: (.*)$/, '$1 debe ser uno de: $2'],
  [/^(\S+) must be an email$/, '$1 debe ser una dirección de correo'],
  [/^(\S+) must be an array$/, '$1 debe ser una lista'],
  [/^(\S+) must be a valid ISO 8601 date string$/, '$1 debe ser una fecha ISO-8601'],
  [/^(\S+) must match (.*) regular expression$/, '$1 no tiene el formato esperado'],
  [/^nested property (\S+) must be either object or array$/, '$1 debe ser un objeto o una lista'],
  [/^an unknown value was passed to the validate function$/, 'el cuerpo de la solicitud no es válido'],
];

function translateProblem(problem: string): string {
  for (const [pattern, spanish] of VALIDATION_TRANSLATIONS) {
    if (pattern.test(problem)) return problem.replace(pattern, spanish);
  }
  return problem;
}

function known(status: number): { code: string; message: string } {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? CODE_BY_STATUS[500] : { code: 'HTTP_ERROR', message: 'La solicitud no se pudo atender.' });
}

/** Turns any thrown error into the API's one JSON shape; unexpected errors are logged, never shown. */
export function toApiErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const fallback = { statusCode: status, ...known(status) };
    if (typeof response === 'object' && response !== null) {
      const body = response as { code?: unknown; message?: unknown; details?: unknown };
      // Ours (ApiError): code and Spanish message chosen where it was thrown.
      if (typeof body.code === 'string' && typeof body.message === 'string') {
        return { statusCode: status, code: body.code, message: body.message, ...(body.details === undefined ? {} : { details: body.details }) };
      }
      // ValidationPipe: message is the list of field problems.
      if (Array.isArray(body.message)) {
        const problems = body.message.map((problem) => translateProblem(String(problem)));
        return { statusCode: status, code: 'VALIDATION_FAILED', message: `Datos no válidos: ${problems.join('; ')}`, details: problems };
      }
    }
    const message = typeof response === 'string' ? response : (response as { message?: unknown } | null)?.message;
    if (status === HttpStatus.BAD_REQUEST && typeof message === 'string') {
      if (JSON_SYNTAX_MESSAGE.test(message)) return INVALID_JSON;
      if (URI_ERROR_MESSAGE.test(message)) return { statusCode: 400, code: 'BAD_REQUEST', message: 'La dirección de la solicitud tiene una codificación no válida.' };
    }
    // A server error's own text can name internals (hosts, SQL); a client error's text is ours unless it is Nest's English default.
    if (status < 500 && typeof message === 'string' && message !== '' && !isNestDefault(message)) {
      return { statusCode: status, code: fallback.code, message };
    }
    return fallback;
  }
  // body-parser errors carry an HTTP status and a type.
  const parserError = error as { status?: unknown; type?: unknown } | null;
  if (typeof parserError?.status === 'number' && typeof parserError.type === 'string') {
    if (parserError.type === 'entity.parse.failed') return INVALID_JSON;
    if (parserError.type === 'entity.too.large') return { statusCode: 413, ...CODE_BY_STATUS[413] };
    if (parserError.type === 'encoding.unsupported' || parserError.type === 'charset.unsupported') return { statusCode: 415, ...CODE_BY_STATUS[415] };
    if (parserError.status >= 400 && parserError.status < 500) return { statusCode: parserError.status, ...known(parserError.status) };
  }
  return INTERNAL;
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
