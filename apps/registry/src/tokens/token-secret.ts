import { createHash, createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'irn_';

/** A new bearer token: 256 random bits, recognisable by its prefix in logs and secret scanners. */
export function newToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** What the registry stores and mirrors: tokens are random, so a plain SHA-256 cannot be reversed. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The demo region's officer tokens are derived from the admin token, so every start of the demo
 * can print them again without storing them anywhere. Never used outside the demo seed.
 */
export function demoToken(adminToken: string, nodeId: string): string {
  return PREFIX + createHmac('sha256', adminToken).update(`demo-officer:${nodeId}`).digest('base64url');
}
