import fc from 'fast-check';
import { leafHash } from './hashing';
import { LeafIndexOutOfRangeError } from './ledger.errors';
import { MerkleTree } from './merkle-tree';
import { verifyConsistency, verifyInclusion } from './proof-verification';
import { referenceRoot } from './testing/rfc9162-reference';

// The exhaustive properties check every proof of every size of a history, O(n^2) proofs a run;
// a dozen histories of up to 200 leaves (drawn across the whole range) keep them to seconds.
const EXHAUSTIVE_RUNS = { numRuns: 12 };
const histories = fc.array(fc.uint8Array({ maxLength: 24 }), { minLength: 1, maxLength: 200, size: 'max' });

function treeOf(entries: Uint8Array[]): MerkleTree {
  const tree = new MerkleTree();
  entries.forEach((entry) => tree.append(leafHash(entry)));
  return tree;
}

/** A copy of the hash with one bit flipped. */
function flipped(hash: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(hash);
  copy[Math.floor(bit / 8) % copy.length] ^= 1 << (bit % 8);
  return copy;
}

/** A history, a size within it, an index below that size and a bit to flip. */
const pointsInHistory = histories.chain((entries) =>
  fc.record({
    entries: fc.constant(entries),
    size: fc.integer({ min: 1, max: entries.length }),
    pick: fc.nat(),
    bit: fc.nat({ max: 255 }),
  }),
);

describe(MerkleTree.name, () => {
  describe('with random append histories', () => {
    it('has the RFC root and a verifying inclusion proof for every index below every size', () => {
      fc.assert(
        fc.property(histories, (entries) => {
          const tree = treeOf(entries);
          const leaves = entries.map((entry) => leafHash(entry));
          const failures: string[] = [];
          for (let size = 1; size <= tree.size; size++) {
            const root = tree.root(size);
            if (!root.equals(referenceRoot(leaves.slice(0, size)))) failures.push(`root(${size})`);
            for (let index = 0; index < size; index++) {
              const proof = tree.inclusionProof(index, size);
              if (!verifyInclusion(leaves[index], index, size, proof, root)) failures.push(`${index} in ${size}`);
            }
          }
          expect(failures).toEqual([]);
        }),
        EXHAUSTIVE_RUNS,
      );
    });

    it('has a verifying consistency proof for every pair 0 < m <= n', () => {
      fc.assert(
        fc.property(histories, (entries) => {
          const tree = treeOf(entries);
          const roots = Array.from({ length: tree.size + 1 }, (_, size) => tree.root(size));
          const failures: string[] = [];
          for (let to = 1; to <= tree.size; to++) {
            for (let from = 1; from <= to; from++) {
              const proof = tree.consistencyProof(from, to);
              if (!verifyConsistency(from, to, roots[from], roots[to], proof)) failures.push(`${from} to ${to}`);
            }
          }
          expect(failures).toEqual([]);
        }),
        EXHAUSTIVE_RUNS,
      );
    });

    it('is the same tree whether the leaves come one by one or in batches of any sizes', () => {
      const batched = histories.chain((entries) =>
        fc.record({ entries: fc.constant(entries), cuts: fc.array(fc.nat({ max: entries.length }), { maxLength: 8 }) }),
      );
      fc.assert(
        fc.property(batched, ({ entries, cuts }) => {
          const leaves = entries.map((entry) => leafHash(entry));
          const bounds = [...new Set([0, ...cuts, leaves.length])].sort((a, b) => a - b);
          const tree = new MerkleTree();
          for (let i = 1; i < bounds.length; i++) {
            const batch = leaves.slice(bounds[i - 1], bounds[i]);
            // A batch of one goes through `append`: the two paths mix.
            const first = batch.length === 1 ? tree.append(batch[0]) : tree.appendAll(batch);
            expect(first).toBe(bounds[i - 1]);
          }
          const single = treeOf(entries);
          expect(tree.size).toBe(single.size);
          for (let size = 1; size <= tree.size; size++) {
            expect(tree.root(size)).toEqual(single.root(size));
            expect(tree.consistencyProof(size)).toEqual(single.consistencyProof(size));
            expect(tree.inclusionProof(size - 1)).toEqual(single.inclusionProof(size - 1));
          }
        }),
      );
    });

    it('refuses a proof for index = size, and no proof of the last leaf passes for the next index', () => {
      fc.assert(
        fc.property(pointsInHistory, ({ entries, size }) => {
          const tree = treeOf(entries);
          expect(() => tree.inclusionProof(size, size)).toThrow(LeafIndexOutOfRangeError);
          const proof = tree.inclusionProof(size - 1, size);
          expect(verifyInclusion(tree.leaf(size - 1), size, size, proof, tree.root(size))).toBe(false);
        }),
      );
    });

    it('fails inclusion when the leaf, one proof hash or the root has a flipped bit', () => {
      fc.assert(
        fc.property(pointsInHistory, ({ entries, size, pick, bit }) => {
          const tree = treeOf(entries);
          const index = pick % size;
          const [leaf, proof, root] = [tree.leaf(index), tree.inclusionProof(index, size), tree.root(size)];
          expect(verifyInclusion(flipped(leaf, bit), index, size, proof, root)).toBe(false);
          expect(verifyInclusion(leaf, index, size, proof, flipped(root, bit))).toBe(false);
          if (proof.length > 0) {
            const spoilt = proof.map((hash, i) => (i === pick % proof.length ? flipped(hash, bit) : hash));
            expect(verifyInclusion(leaf, index, size, spoilt, root)).toBe(false);
          }
        }),
      );
    });

    it('fails consistency when either root or one proof hash has a flipped bit', () => {
      fc.assert(
        fc.property(pointsInHistory, ({ entries, size, pick, bit }) => {
          const tree = treeOf(entries);
          const from = 1 + (pick % size);
          const [proof, fromRoot, toRoot] = [tree.consistencyProof(from, size), tree.root(from), tree.root(size)];
          expect(verifyConsistency(from, size, flipped(fromRoot, bit), toRoot, proof)).toBe(false);
          expect(verifyConsistency(from, size, fromRoot, flipped(toRoot, bit), proof)).toBe(false);
          if (proof.length > 0) {
            const spoilt = proof.map((hash, i) => (i === pick % proof.length ? flipped(hash, bit) : hash));
            expect(verifyConsistency(from, size, fromRoot, toRoot, spoilt)).toBe(false);
          }
        }),
      );
    });
  });
});
