import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { RegistryDirectory } from '@iren/messaging';
import { PLACEMENT, type Placement, UnavailableError } from '@iren/platform';
import type { Principal } from './principal';
import { nodePrincipal } from './principal-check';
import { tokenDigest } from './token-digest';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/** Who a caller is, for logs: the registry's id of its token, the admin, or only its address. */
export type CallerRef = { tokenId: string } | { admin: true } | { address: string };

/**
 * Tells who presents a token, given its SHA-256: the configured admin, or a node's officer or
 * coordinator per the registry copy — but only while that copy follows the registry, since a
 * frozen copy would still admit a token revoked since (503 until it follows again).
 */
@Injectable()
export class Authenticator {
  private readonly adminDigest: Buffer;

  constructor(
    private readonly directory: RegistryDirectory,
    @Inject(ADMIN_TOKEN) adminToken: string,
    @Inject(PLACEMENT) private readonly placement: Placement,
  ) {
    this.adminDigest = tokenDigest(adminToken);
  }

  /** The principal of the token with this digest; throws 401, 403, or 503 when it cannot be checked. */
  authenticate(digest: Buffer): Principal {
    if (this.isAdmin(digest)) return { role: 'admin' };
    if (!this.directory.following()) {
      throw new UnavailableError('the registry cannot be followed now, so tokens cannot be checked; retry shortly');
    }
    return nodePrincipal(digest.toString('hex'), this.directory.registry, this.placement);
  }

  /** True for the admin's token and every token the registry copy holds, revoked or not. */
  knows(digest: Buffer): boolean {
    return this.isAdmin(digest) || this.directory.registry.token(digest.toString('hex')) !== undefined;
  }

  /** How to name the caller in a log: never by its token or the token's digest. */
  callerRef(digest: Buffer | undefined, address: string): CallerRef {
    if (digest && this.isAdmin(digest)) return { admin: true };
    const tokenId = digest && this.directory.registry.token(digest.toString('hex'))?.id;
    return tokenId ? { tokenId } : { address };
  }

  private isAdmin(digest: Buffer): boolean {
    return timingSafeEqual(digest, this.adminDigest);
  }
}
