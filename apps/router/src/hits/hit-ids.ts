import { createHmac } from 'node:crypto';
import type { HitIdentifier } from '@iren/contracts';
import { identifierKey } from './identifiers';

/**
 * The ids of hits. An id derived from the identifier and the two nodes alone (a name-based UUID, as
 * it once was) could be recomputed by any node that knows the identifier and its own id: trying
 * every other node of the network would tell it which node holds the alert its HIT withholds. So
 * the id is a keyed hash (HMAC-SHA256) under the router's own key. The key is kept in the router's
 * database (`HitsRepository.hitIdKey`), so that every router instance, and one restarted, give a
 * hit the same id: what makes a notice published twice the same HITs.
 */
export class HitIds {
  constructor(private readonly key: Buffer) {}

  /** The id of the hit of an identifier and a pair of nodes (given in the hit's order). */
  of(identifier: HitIdentifier, nodes: readonly [string, string]): string {
    return keyedUuid(this.key, `hit:${identifierKey(identifier)}:${nodes[0]}:${nodes[1]}`);
  }
}

/** A UUID (RFC 9562 version 8, custom) from HMAC-SHA256 of `name` under `key`. */
export function keyedUuid(key: Buffer, name: string): string {
  const hash = createHmac('sha256', key).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
