// RFC 9162 proof verification for the browser: the algorithms of libs/ledger's proof-verification.ts
// over WebCrypto's SHA-256, which is asynchronous and has no Node Buffer. libs/ledger hashes with
// node:crypto and cannot go into the console's bundle; its golden vectors check both (merkle.spec.ts).

/** Length in bytes of every hash in the ledger: SHA-256. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

/** Whether a value is a 32-byte hash. */
export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

/** Whether two values are the same 32-byte hash. */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return isHash(a) && isHash(b) && a.every((byte, i) => byte === b[i]);
}

/** The leaf hash of an entry: SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return sha256(input);
}

/** The hash of an interior node: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(1 + 2 * HASH_SIZE);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + HASH_SIZE);
  return sha256(input);
}

// Plain arithmetic, not bit operators: `>>` and `&` truncate to 32 bits and sizes go up to 2^53.
const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;
const lowBit = (n: number) => n % 2;
const half = (n: number) => Math.floor(n / 2);

function isPerfect(n: number): boolean {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}

/** One level climbed by an inclusion proof: the sibling hash, on which side it sits, the parent's hash. */
export interface PathStep {
  sibling: Uint8Array;
  side: 'left' | 'right';
  result: Uint8Array;
}

/**
 * The root an inclusion proof leads to (RFC 9162 section 2.1.3.2), or undefined when the proof
 * cannot belong to a tree of `size` leaves: too few or too many hashes, an index out of range, a
 * value that is not a 32-byte hash. Never throws on malformed input. Each level climbed is pushed
 * onto `trail`, so that a person can follow the computation.
 */
export async function rootFromInclusionProof(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  trail: PathStep[] = [],
): Promise<Uint8Array | undefined> {
  if (!isCount(index) || !isCount(size) || index >= size) return undefined;
  if (!isHash(leaf) || !proof.every(isHash)) return undefined;
  let [fn, sn] = [index, size - 1];
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (lowBit(fn) === 1 || fn === sn) {
      r = await nodeHash(p, r);
      trail.push({ sibling: p, side: 'left', result: r });
      while (lowBit(fn) === 0 && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = await nodeHash(r, p);
      trail.push({ sibling: p, side: 'right', result: r });
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 ? r : undefined;
}

/**
 * Whether `proof` shows that the tree of `to` leaves with root `toRoot` extends the tree of `from`
 * leaves with root `fromRoot` (RFC 9162 section 2.1.4.2). Needs 0 < from <= to; equal sizes hold
 * only with an empty proof and equal roots.
 */
export async function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<boolean> {
  if (!isCount(from) || !isCount(to) || from === 0 || from > to) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !proof.every(isHash)) return false;
  if (from === to) return proof.length === 0 && sameHash(fromRoot, toRoot);
  if (proof.length === 0) return false;
  // A perfect old tree is a node of the new one, so its root is left out of the proof.
  const path = isPerfect(from) ? [fromRoot, ...proof] : proof;
  let [fn, sn] = [from - 1, to - 1];
  while (lowBit(fn) === 1) [fn, sn] = [half(fn), half(sn)];
  let fr = path[0];
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lowBit(fn) === 1 || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      while (lowBit(fn) === 0 && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = await nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && sameHash(fr, fromRoot) && sameHash(sr, toRoot);
}
