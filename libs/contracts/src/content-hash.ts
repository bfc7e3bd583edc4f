import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** SHA-256, hex, of the UTF-8 bytes of `canonicalJson(value)`. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
