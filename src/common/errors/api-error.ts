import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * The one error shape of the API: `message` in Spanish for people, `code` stable for
 * programs (the UI switches on it), `details` for field-level problems.
 */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

/** Throw this from services for any error a client should see; the filter renders it as ApiErrorBody. */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, readonly code: string, message: string, readonly details?: unknown) {
    super({ statusCode: status, code, message, ...(details === undefined ? {} : { details }) } satisfies ApiErrorBody, status);
  }
}

export const notFound = (code: string, message: string): ApiError => new ApiError(HttpStatus.NOT_FOUND, code, message);
export const conflict = (code: string, message: string, details?: unknown): ApiError => new ApiError(HttpStatus.CONFLICT, code, message, details);
export const badRequest = (code: string, message: string, details?: unknown): ApiError => new ApiError(HttpStatus.BAD_REQUEST, code, message, details);
