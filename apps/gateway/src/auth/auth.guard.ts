import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ForbiddenError, HealthController, UnauthorizedError } from '@iren/platform';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { Authenticator } from './authenticator';
import { DoorRefusals } from './door-refusals';
import type { Principal, Role } from './principal';
import { type CallerRequest, clientAddress, presentedDigest } from './request-credentials';

type GuardedRequest = CallerRequest & { method?: string; url?: string; correlationId?: string; principal?: Principal };

/**
 * Authenticates bearer tokens (the configured admin token, or a node's token looked up by its
 * SHA-256 in the registry copy) and checks the route's roles. A revoked token or a suspended
 * node's token is refused; every refusal is counted and logged (DoorRefusals).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly refusals: DoorRefusals,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (context.getClass() === HealthController) return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const digest = presentedDigest(request);
    try {
      if (!digest) throw new UnauthorizedError();
      const principal = this.authenticator.authenticate(digest);
      const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
      if (roles && !roles.includes(principal.role)) {
        throw new ForbiddenError(`this action needs the role ${roles.join(' or ')}`);
      }
      request.principal = principal;
      return true;
    } catch (error) {
      if (error instanceof DomainError && (error.status === 401 || error.status === 403)) {
        this.refusals.authFailed(error, this.authenticator.callerRef(digest, clientAddress(request)), request);
      }
      throw error;
    }
  }
}
