import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiError } from '../common/errors/api-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';
import type { Role, SessionActor } from './auth.types';
import { clientAddress } from './client-address';
import { CSRF_HEADER, csrfTokenMatches, isStateChanging, SESSION_COOKIE } from './session-token';
import { SessionStore } from './session.store';

export const unauthenticated = (message = 'Debe iniciar sesión.'): ApiError => new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', message);

/**
 * Global guard: every route needs a live session unless marked @Public. It checks, in
 * order, the session (401), the CSRF header on state-changing methods (403 CSRF_INVALID)
 * and the route's @Roles (403 FORBIDDEN), then puts the actor on the request. The role
 * is read from the account on every request, so a re-role applies at once.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & { actor?: SessionActor }>();
    const cookies = request.cookies as Record<string, unknown> | undefined;
    const token = cookies?.[SESSION_COOKIE];
    if (typeof token !== 'string' || token === '') throw unauthenticated();
    const session = await this.sessions.authenticate(token, this.config.auth.sessionIdleHours);
    if (!session) {
      context.switchToHttp().getResponse<Response>().clearCookie(SESSION_COOKIE, { path: '/' });
      throw unauthenticated('Su sesión terminó o no es válida; inicie sesión de nuevo.');
    }
    if (isStateChanging(request.method) && !csrfTokenMatches(session.csrfToken, request.headers[CSRF_HEADER])) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'CSRF_INVALID', 'Falta la cabecera X-CSRF-Token o no corresponde a la sesión; recargue la página e intente de nuevo.');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    if (roles && !roles.includes(session.role)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'No tiene permiso para esta acción.');
    }
    request.actor = {
      userId: session.userId,
      email: session.email,
      name: session.name,
      role: session.role,
      address: clientAddress(request),
      sessionId: session.id,
    };
    return true;
  }
}
