import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const ROLES_KEY = 'iren:roles';
export const PUBLIC_KEY = 'iren:public';

/** Roles allowed on a route; without it any authenticated caller may pass. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A route open without a token (health, OpenAPI). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);

export const CorrelationId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest().correlationId,
);
