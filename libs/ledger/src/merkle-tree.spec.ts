import { leafHash } from './hashing';
import {
  ConsistencyRangeError,
  InvalidHashError,
  LeafIndexOutOfRangeError,
  TreeSizeOutOfRangeError,
} from './ledger.errors';
import { MerkleTree } from './merkle-tree';
import { referencePath, referenceProof, referenceRoot } from './testing/rfc9162-reference';
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, LEAF_INPUTS, ROOT_HASHES } from './testdata/transparency-dev-vectors';

const toHex = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('hex'));

function treeOf(leaves: Buffer[]): MerkleTree {
  const tree = new MerkleTree();
  leaves.forEach((leaf) => tree.append(leaf));
  return tree;
}

const vectorLeaves = LEAF_INPUTS.map((input) => leafHash(Buffer.from(input, 'hex')));

describe(MerkleTree.name, () => {
  describe('against the transparency-dev vectors', () => {
    it('has the published root after each append', () => {
      const tree = new MerkleTree();
      expect(tree.root().toString('hex')).toBe(ROOT_HASHES[0]);
      vectorLeaves.forEach((leaf, i) => {
        expect(tree.append(leaf)).toBe(i);
        expect(tree.root().toString('hex')).toBe(ROOT_HASHES[i + 1]);
      });
    });

    it('has the published root for every earlier size', () => {
      const tree = treeOf(vectorLeaves);
      ROOT_HASHES.forEach((root, size) => expect(tree.root(size).toString('hex')).toBe(root));
    });

    it.each(INCLUSION_PROOFS)('gives the published inclusion proof of leaf $index in size $size', (vector) => {
      expect(toHex(treeOf(vectorLeaves).inclusionProof(vector.index, vector.size))).toEqual(vector.proof);
    });

    it.each(CONSISTENCY_PROOFS)('gives the published consistency proof from $from to $to', (vector) => {
      expect(toHex(treeOf(vectorLeaves).consistencyProof(vector.from, vector.to))).toEqual(vector.proof);
    });
  });

  describe('against the RFC 9162 definitions', () => {
    const leaves = Array.from({ length: 48 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    const tree = treeOf(leaves);

    it('answers MTH, PATH and PROOF of the RFC for every size, index and pair up to 48 leaves', () => {
      const mismatches: string[] = [];
      const same = (got: Buffer[], want: Buffer[]) => toHex(got).join() === toHex(want).join();
      for (let size = 1; size <= leaves.length; size++) {
        const prefix = leaves.slice(0, size);
        if (!tree.root(size).equals(referenceRoot(prefix))) mismatches.push(`MTH(${size})`);
        for (let index = 0; index < size; index++) {
          if (!same(tree.inclusionProof(index, size), referencePath(index, prefix))) {
            mismatches.push(`PATH(${index}, ${size})`);
          }
        }
        for (let from = 1; from <= size; from++) {
          if (!same(tree.consistencyProof(from, size), referenceProof(from, prefix))) {
            mismatches.push(`PROOF(${from}, ${size})`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('defaults to the current size', () => {
      expect(tree.size).toBe(48);
      expect(tree.inclusionProof(5)).toEqual(tree.inclusionProof(5, 48));
      expect(tree.consistencyProof(5)).toEqual(tree.consistencyProof(5, 48));
    });

    it('hands out copies, so a caller cannot alter the stored hashes', () => {
      const root = tree.root(13);
      tree.root(13).fill(0);
      tree.inclusionProof(3, 13).forEach((hash) => hash.fill(0));
      tree.consistencyProof(3, 13).forEach((hash) => hash.fill(0));
      tree.leaf(3).fill(0);
      expect(tree.root(13)).toEqual(root);
      expect(tree.leaf(3)).toEqual(leaves[3]);
    });
  });

  describe('refusals', () => {
    const tree = treeOf(vectorLeaves);

    it.each([0, 31, 33])('refuses a %i-byte leaf hash and stays unchanged', (length) => {
      const before = tree.root();
      expect(() => tree.append(Buffer.alloc(length))).toThrow(InvalidHashError);
      expect(tree.size).toBe(8);
      expect(tree.root()).toEqual(before);
    });

    it('refuses a batch holding one bad leaf hash and appends none of it', () => {
      const before = tree.root();
      expect(() => tree.appendAll([leafHash(Buffer.from('ok')), Buffer.alloc(31)])).toThrow(InvalidHashError);
      expect(tree.size).toBe(8);
      expect(tree.root()).toEqual(before);
    });

    it.each([
      [8, 8],
      [3, 3],
      [0, 0],
      [-1, 8],
      [1.5, 8],
      [Number.NaN, 8],
    ])('refuses an inclusion proof of index %p in size %p', (index, size) => {
      expect(() => tree.inclusionProof(index, size)).toThrow(LeafIndexOutOfRangeError);
    });

    it.each([9, -1, 2.5, Number.POSITIVE_INFINITY])('refuses the size %p', (size) => {
      expect(() => tree.root(size)).toThrow(TreeSizeOutOfRangeError);
      expect(() => tree.inclusionProof(0, size)).toThrow(TreeSizeOutOfRangeError);
      expect(() => tree.consistencyProof(1, size)).toThrow(TreeSizeOutOfRangeError);
    });

    it.each([
      [0, 5],
      [0, 0],
      [6, 5],
      [-1, 5],
      [1.5, 5],
    ])('refuses a consistency proof from %p to %p', (from, to) => {
      expect(() => tree.consistencyProof(from, to)).toThrow(ConsistencyRangeError);
    });

    it('refuses a leaf beyond the tree, with a code', () => {
      expect(() => tree.leaf(8)).toThrow(expect.objectContaining({ code: 'LEAF_INDEX_OUT_OF_RANGE' }));
    });

    it('refuses every proof of an empty tree but answers its root', () => {
      const empty = new MerkleTree();
      expect(empty.root().toString('hex')).toBe(ROOT_HASHES[0]);
      expect(() => empty.inclusionProof(0, 0)).toThrow(LeafIndexOutOfRangeError);
      expect(() => empty.consistencyProof(0, 0)).toThrow(ConsistencyRangeError);
    });
  });
});
