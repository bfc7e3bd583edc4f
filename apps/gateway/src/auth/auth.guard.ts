import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { ForbiddenError, HealthController, UnauthorizedError } from '@iren/platform';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { type Principal, type Role, roleOfNodeType } from './principal';
import { tokenDigest } from './token-digest';
import { RegistryDirectory } from '@iren/messaging';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/**
 * Authenticates bearer tokens: the configured admin token, or a node's token looked up by its
 * SHA-256 in the registry mirror. A revoked token or a suspended node's token is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly adminDigest: Buffer;

  constructor(
    private readonly reflector: Reflector,
    private readonly directory: RegistryDirectory,
    @Inject(ADMIN_TOKEN) adminToken: string,
  ) {
    this.adminDigest = tokenDigest(adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (context.getClass() === HealthController) return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const principal = this.authenticate(request.headers.authorization);
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenError(`this action needs the role ${roles.join(' or ')}`);
    }
    request.principal = principal;
    return true;
  }

  private authenticate(header: string | undefined): Principal {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new UnauthorizedError();
    const digest = tokenDigest(token);
    if (timingSafeEqual(digest, this.adminDigest)) return { role: 'admin' };
    const record = this.directory.registry.token(digest.toString('hex'));
    if (!record || record.revokedAt) throw new UnauthorizedError('the token is unknown or revoked');
    const node = this.directory.registry.node(record.nodeId);
    if (!node) throw new UnauthorizedError('the token is unknown or revoked');
    if (node.status !== 'ACTIVE') throw new ForbiddenError(`node ${node.id} is suspended`);
    return { role: roleOfNodeType(node.type), nodeId: node.id, nodeType: node.type, tokenId: record.id };
  }
}
