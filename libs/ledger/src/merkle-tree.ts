import { assertHash, emptyRoot, nodeHash } from './hashing';
import { HashLevel } from './hash-level';
import { ConsistencyRangeError, LeafIndexOutOfRangeError, TreeSizeOutOfRangeError } from './ledger.errors';
import { isCount, perfectHeight, splitPoint } from './tree-math';

/**
 * An append-only RFC 9162 (RFC 6962) Merkle tree over leaf hashes, answering roots and proofs for
 * the current size and for every earlier size.
 *
 * It keeps the hash of every complete (perfect) subtree: level h holds the subtrees of 2^h leaves.
 * Every subtree met by RFC 9162's MTH, PATH and SUBPROOF recursions is either perfect and aligned,
 * so read from its level in O(1), or lies on the right edge of the requested tree, so it splits
 * into a perfect left part and a shorter right edge. Hence, for n leaves:
 * - `append`: amortised O(1) hashes (at most log2 n); `appendAll` of k leaves: about k hashes;
 * - `root(size)`: O(log size) hashes;
 * - `inclusionProof`, `consistencyProof`: O(log size) hashes, since once a recursion descends into
 *   a perfect subtree every further sibling is perfect too, and only one right-edge sibling is hashed;
 * - memory: about 2n hashes, 64 bytes a leaf, plus up to double that in growth slack.
 */
export class MerkleTree {
  private readonly levels: HashLevel[] = [new HashLevel()];

  /** The number of leaves appended. */
  get size(): number {
    return this.levels[0].length;
  }

  /** Appends a 32-byte leaf hash (see `leafHash`) and answers the new leaf's index. */
  append(leafHash: Uint8Array): number {
    assertHash(leafHash, 'leaf hash');
    this.levels[0].push(leafHash);
    // A hash landing at an odd position completes its parent: hash upwards while that holds.
    let position = this.size - 1;
    for (let height = 0; position % 2 === 1; height++) {
      const level = this.levels[height];
      const parent = nodeHash(level.at(position - 1), level.at(position));
      (this.levels[height + 1] ??= new HashLevel()).push(parent);
      position = (position - 1) / 2;
    }
    return this.size - 1;
  }

  /**
   * Appends 32-byte leaf hashes in order, as many `append` calls would, in one pass: the leaves
   * first, then each level's newly completed parents, left to right, up to the first level the batch
   * leaves unchanged. The same hashes as one at a time (a batch completes no parent twice), without
   * re-walking the right edge after every leaf. Answers the index of the first leaf appended.
   */
  appendAll(leafHashes: readonly Uint8Array[]): number {
    leafHashes.forEach((hash, i) => assertHash(hash, `leaf hash ${i}`));
    const first = this.size;
    for (const hash of leafHashes) this.levels[0].push(hash);
    // Level h + 1 always holds floor(length / 2) of level h: fill it up to that, then go up.
    for (let height = 0; this.levels[height].length >= 2; height++) {
      const level = this.levels[height];
      const above = (this.levels[height + 1] ??= new HashLevel());
      const complete = Math.floor(level.length / 2);
      if (above.length === complete) break;
      for (let parent = above.length; parent < complete; parent++) {
        above.push(nodeHash(level.at(2 * parent), level.at(2 * parent + 1)));
      }
    }
    return first;
  }

  /** The leaf hash at an index, copied. */
  leaf(index: number): Buffer {
    if (!isCount(index) || index >= this.size) throw new LeafIndexOutOfRangeError(index, this.size);
    return Buffer.from(this.levels[0].at(index));
  }

  /** MTH(D[0:size]): the root of the tree as it stood at `size` leaves (the empty root at 0). */
  root(size: number = this.size): Buffer {
    this.assertSize(size);
    return size === 0 ? emptyRoot() : Buffer.from(this.subtreeHash(0, size));
  }

  /** PATH(index, D[0:size]) of RFC 9162 section 2.1.3.1: sibling hashes from the leaf upwards. */
  inclusionProof(index: number, size: number = this.size): Buffer[] {
    this.assertSize(size);
    if (!isCount(index) || index >= size) throw new LeafIndexOutOfRangeError(index, size);
    const path: Buffer[] = [];
    let [start, end] = [0, size];
    while (end - start > 1) {
      const middle = start + splitPoint(end - start);
      if (index < middle) {
        path.push(this.subtreeHash(middle, end));
        end = middle;
      } else {
        path.push(this.subtreeHash(start, middle));
        start = middle;
      }
    }
    // Collected from the root down; the proof runs from the leaf up.
    return path.reverse().map((hash) => Buffer.from(hash));
  }

  /** PROOF(from, D[0:to]) of RFC 9162 section 2.1.4.1; empty when from = to. Needs 0 < from <= to. */
  consistencyProof(from: number, to: number = this.size): Buffer[] {
    this.assertSize(to);
    if (!isCount(from) || from === 0 || from > to) throw new ConsistencyRangeError(from, to);
    const proof: Buffer[] = [];
    // SUBPROOF(m, D[start:end], startsAtOldRoot), unrolled: m counts the old leaves in the subtree.
    let [start, end, m, startsAtOldRoot] = [0, to, from, true];
    while (m !== end - start) {
      const k = splitPoint(end - start);
      if (m <= k) {
        proof.push(this.subtreeHash(start + k, end));
        end = start + k;
      } else {
        proof.push(this.subtreeHash(start, start + k));
        [start, m, startsAtOldRoot] = [start + k, m - k, false];
      }
    }
    // The old tree's own root is left out only when the verifier already holds it (RFC: b = true).
    if (!startsAtOldRoot) proof.push(this.subtreeHash(start, end));
    return proof.reverse().map((hash) => Buffer.from(hash));
  }

  /** MTH(D[start:end]) for a subtree of the RFC recursion; a view into storage when perfect. */
  private subtreeHash(start: number, end: number): Buffer {
    const width = end - start;
    const height = perfectHeight(width);
    // The recursion aligns every perfect subtree to its width, so it is stored at start / width.
    if (height >= 0) return this.levels[height].at(start / width);
    const middle = start + splitPoint(width);
    return nodeHash(this.subtreeHash(start, middle), this.subtreeHash(middle, end));
  }

  private assertSize(size: number): void {
    if (!isCount(size) || size > this.size) throw new TreeSizeOutOfRangeError(size, this.size);
  }
}
