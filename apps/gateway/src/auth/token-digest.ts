import { createHash } from 'node:crypto';

/** SHA-256 of a bearer token: what the registry stores and mirrors instead of the token. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
