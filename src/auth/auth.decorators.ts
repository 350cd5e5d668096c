import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role, SessionActor } from './auth.types';

export const PUBLIC_ROUTE = 'mesa:public-route';
export const ROUTE_ROLES = 'mesa:route-roles';

/** The route needs no session (health, login). Everything else does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may use the route (on a method or a whole controller); without it, any signed-in role may. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ROLES, roles);

/** The request's signed-in actor, set by the session guard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): SessionActor => {
  const request = context.switchToHttp().getRequest<{ actor?: SessionActor }>();
  if (!request.actor) throw new Error('CurrentActor used on a route without a session (missing @Public?)');
  return request.actor;
});
