import { BadRequestException, ForbiddenException, HttpException, HttpStatus, InternalServerErrorException, NotFoundException, ServiceUnavailableException, ValidationPipe } from '@nestjs/common';
import { IsInt, IsString, Max } from 'class-validator';
import { ApiError, conflict } from './api-error';
import { toApiErrorBody } from './api-exception.filter';

class SampleBody {
  @IsString()
  name!: string;

  @IsInt({ message: 'limit debe ser un número entero' })
  @Max(50)
  limit!: number;
}

/** What Nest's ValidationPipe really throws for a body, so the test follows class-validator's wording. */
async function validationError(value: Record<string, unknown>): Promise<unknown> {
  const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  return pipe.transform(value, { type: 'body', metatype: SampleBody }).then(
    () => {
      throw new Error('se esperaba un error de validación');
    },
    (error: unknown) => error,
  );
}

/** A body-parser error as Express hands it to the filter (the shape of http-errors). */
function parserError(type: string, status: number, message: string): Error {
  return Object.assign(new SyntaxError(message), { type, status, statusCode: status, expose: true, body: '{"a":' });
}

describe('toApiErrorBody', () => {
  it('turns a validation list into VALIDATION_FAILED with Spanish details', async () => {
    const body = toApiErrorBody(await validationError({ name: 7, limit: 80, extra: true }));
    expect(body.statusCode).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details).toEqual(expect.arrayContaining(['el campo extra no está permitido', 'name debe ser un texto', 'limit no puede ser mayor que 50']));
    expect(body.message).toMatch(/^Datos no válidos: /);
    expect(body.message).not.toMatch(/should|must/);
  });

  it('keeps the DTO\'s own Spanish messages as they are', async () => {
    const body = toApiErrorBody(await validationError({ name: 'x', limit: 1.5 }));
    expect(body.details).toEqual(['limit debe ser un número entero']);
  });

  it('passes an ApiError through with its code, message and details', () => {
    expect(toApiErrorBody(conflict('TICKET_VERSION_CONFLICT', 'El ticket cambió.', { version: 3 }))).toEqual({
      statusCode: 409,
      code: 'TICKET_VERSION_CONFLICT',
      message: 'El ticket cambió.',
      details: { version: 3 },
    });
    expect(toApiErrorBody(new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'DOCS_UNAVAILABLE', 'No disponible.'))).toEqual({
      statusCode: 503,
      code: 'DOCS_UNAVAILABLE',
      message: 'No disponible.',
    });
  });

  it('replaces Nest\'s English default messages with Spanish ones and a stable code', () => {
    expect(toApiErrorBody(new NotFoundException('Cannot GET /api/nada'))).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'No se encontró lo solicitado.' });
    expect(toApiErrorBody(new ForbiddenException('Forbidden resource'))).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: 'No tiene permiso para esta acción.' });
    expect(toApiErrorBody(new BadRequestException())).toEqual({ statusCode: 400, code: 'BAD_REQUEST', message: 'La solicitud no es válida.' });
    expect(toApiErrorBody(new ServiceUnavailableException())).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'El servicio no está disponible en este momento; intente de nuevo en unos minutos.' });
    expect(toApiErrorBody(new BadRequestException('Validation failed (numeric string is expected)')).message).toBe('La solicitud no es válida.');
    expect(toApiErrorBody(new HttpException("I'm a Teapot", 418))).toEqual({ statusCode: 418, code: 'HTTP_ERROR', message: 'La solicitud no se pudo atender.' });
  });

  it('keeps a client error\'s own (Spanish) message', () => {
    expect(toApiErrorBody(new BadRequestException('Falta el archivo.'))).toEqual({ statusCode: 400, code: 'BAD_REQUEST', message: 'Falta el archivo.' });
  });

  it('turns invalid JSON, as Nest hands it over (a 400 with JSON.parse\'s text), into INVALID_JSON', () => {
    for (const text of ['{"email": "a@b.co",', '{nope', '{"a":1}x', '', '"sin cerrar']) {
      let parseMessage = '';
      try {
        JSON.parse(text);
      } catch (error: unknown) {
        parseMessage = (error as Error).message;
      }
      expect({ text, body: toApiErrorBody(new BadRequestException(parseMessage)) }).toEqual({
        text,
        body: { statusCode: 400, code: 'INVALID_JSON', message: 'El cuerpo de la solicitud no es JSON válido.' },
      });
    }
    // body-parser's strict mode builds its own message for a body that is not an object or array.
    expect(toApiErrorBody(new BadRequestException('Unexpected token n in JSON at position 0')).code).toBe('INVALID_JSON');
    expect(toApiErrorBody(new BadRequestException("Failed to decode param '%FF'"))).toEqual({
      statusCode: 400,
      code: 'BAD_REQUEST',
      message: 'La dirección de la solicitud tiene una codificación no válida.',
    });
  });

  it('turns raw body-parser errors into INVALID_JSON, 413 and 415', () => {
    expect(toApiErrorBody(parserError('entity.parse.failed', 400, 'Unexpected end of JSON input'))).toEqual({
      statusCode: 400,
      code: 'INVALID_JSON',
      message: 'El cuerpo de la solicitud no es JSON válido.',
    });
    expect(toApiErrorBody(parserError('entity.too.large', 413, 'request entity too large'))).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(toApiErrorBody(parserError('charset.unsupported', 415, 'unsupported charset "X"'))).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers 500 INTERNAL_ERROR to anything unexpected, without its message', () => {
    const leaky = [
      new Error('connect ECONNREFUSED 10.0.0.5:5432 password=secreto'),
      Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { code: '23505' }),
      new InternalServerErrorException('SELECT * FROM users falló'),
      new ServiceUnavailableException('redis://:secreto@10.0.0.6:6379 no responde'),
      'texto suelto',
      null,
    ];
    for (const error of leaky) {
      const body = toApiErrorBody(error);
      expect(body.code).toBe(body.statusCode === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR');
      expect(body.statusCode === 500 || body.statusCode === 503).toBe(true);
      expect(JSON.stringify(body)).not.toMatch(/secreto|ECONNREFUSED|users|SELECT|texto suelto/);
    }
    expect(toApiErrorBody(new Error('x'))).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'Error interno del servidor; el equipo técnico puede revisarlo en los registros.',
    });
  });
});
