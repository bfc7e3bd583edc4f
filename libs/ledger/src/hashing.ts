import { hash } from 'node:crypto';
import { InvalidHashError } from './ledger.errors';

/** Length in bytes of every hash in the ledger: SHA-256, the RFC 6962 hash. */
export const HASH_SIZE = 32;

// RFC 6962 section 2.1 domain separation: a leaf can never be passed off as an interior node
// (the second-preimage attack on plain Merkle trees).
const LEAF_PREFIX = Buffer.from([0x00]);
const EMPTY_ROOT = hash('sha256', Buffer.alloc(0), 'buffer');

// nodeHash is the hot path of appends, proofs and verification. Assembling 0x01 || left || right in
// one reused buffer and hashing it in one shot costs about half of three incremental updates on a
// createHash object. Safe to reuse because hashing is synchronous.
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);

/** The leaf hash of an entry: SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, data]), 'buffer');
}

/** The hash of an interior node: SHA-256(0x01 || left || right), both children 32-byte hashes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  assertHash(left, 'left child');
  assertHash(right, 'right child');
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return hash('sha256', NODE_INPUT, 'buffer');
}

/** The root of the empty tree: SHA-256 of the empty string (RFC 9162 section 2.1.1). */
export function emptyRoot(): Buffer {
  // A copy, so that no caller can alter the constant for everyone else.
  return Buffer.from(EMPTY_ROOT);
}

/** Whether a value is a 32-byte hash; verifiers use it to refuse malformed input instead of throwing. */
export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

/** Throws {@link InvalidHashError} unless the value is a 32-byte hash. */
export function assertHash(value: unknown, what: string): asserts value is Uint8Array {
  if (!isHash(value)) throw new InvalidHashError(what, value instanceof Uint8Array ? value.length : -1);
}

/** Whether two values are the same 32-byte hash. */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return isHash(a) && isHash(b) && Buffer.compare(a, b) === 0;
}
