import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'irn_';

/** A new bearer token: 256 random bits, recognisable by its prefix in logs and secret scanners. */
export function newToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** What the registry stores and mirrors: tokens are random, so a plain SHA-256 cannot be reversed. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
