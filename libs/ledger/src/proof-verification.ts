import { isHash, nodeHash, sameHash } from './hashing';
import { half, isCount, lowBit, perfectHeight } from './tree-math';

// Verifiers run on clients that hold nothing but hashes, so they answer false (or undefined) on
// any malformed input instead of throwing: a bad proof is an answer, not a programming error.

/**
 * The root that an inclusion proof leads to, per RFC 9162 section 2.1.3.2 steps 1 to 4 and the
 * `sn = 0` check of step 5; undefined when the proof cannot belong to a tree of `size` leaves.
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Buffer | undefined {
  if (!isCount(index) || !isCount(size) || index >= size) return undefined;
  if (!isHash(leafHash) || !proof.every(isHash)) return undefined;
  let [fn, sn] = [index, size - 1];
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) return undefined; // more hashes than levels
    if (lowBit(fn) === 1 || fn === sn) {
      r = nodeHash(p, r);
      // On the right edge the tree has no node at some levels: climb past them.
      while (lowBit(fn) === 0 && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 ? r : undefined; // sn > 0: too few hashes
}

/** Whether `proof` shows the leaf with hash `leafHash` at `index` in the tree of `size` leaves with root `root`. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafHash, index, size, proof);
  return computed !== undefined && sameHash(computed, root);
}

/**
 * Whether `proof` shows that the tree of `to` leaves with root `toRoot` extends the tree of `from`
 * leaves with root `fromRoot` (RFC 9162 section 2.1.4.2). Needs 0 < from <= to; for from = to,
 * where the RFC's generator yields an empty proof, it holds iff the proof is empty and the roots equal.
 */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isCount(from) || !isCount(to) || from === 0 || from > to) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !proof.every(isHash)) return false;
  if (from === to) return proof.length === 0 && sameHash(fromRoot, toRoot);
  if (proof.length === 0) return false;
  // Step 2: a perfect old tree is a node of the new one, so its root is left out of the proof.
  const path = perfectHeight(from) >= 0 ? [fromRoot, ...proof] : proof;
  let [fn, sn] = [from - 1, to - 1];
  while (lowBit(fn) === 1) [fn, sn] = [half(fn), half(sn)];
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lowBit(fn) === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (lowBit(fn) === 0 && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && sameHash(fr, fromRoot) && sameHash(sr, toRoot);
}
