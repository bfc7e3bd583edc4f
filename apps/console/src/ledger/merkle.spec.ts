import { leafHash as ledgerLeafHash, MerkleTree } from '@iren/ledger';
import { randomBytes } from 'node:crypto';
import probes from '../../../../libs/ledger/src/testdata/transparency-dev-probes.json';
import {
  CONSISTENCY_PROOFS,
  INCLUSION_PROOFS,
  NODE_HASHES,
  ROOT_HASHES,
} from '../../../../libs/ledger/src/testdata/transparency-dev-vectors';
import { leafHash, type PathStep, rootFromInclusionProof, verifyConsistency } from './merkle';

// The browser's verifiers against the same golden vectors as libs/ledger's, and against proofs of
// libs/ledger's MerkleTree: the two implementations must never disagree.
const hex = (value: string) => new Uint8Array(Buffer.from(value, 'hex'));
const hexes = (values: string[]) => values.map(hex);
const root = (size: number) => hex(ROOT_HASHES[size]);
// The one probe where both verifiers are stricter than Go's: equal roots that are not 32 bytes long.
const STRICTER_THAN_GO = ['testdata/consistency/additional/sizes-are-equal-one-and-proof-is-empty.json'];

function treeOf(size: number): MerkleTree {
  const tree = new MerkleTree();
  for (let i = 0; i < size; i++) tree.append(randomBytes(32));
  return tree;
}

describe('browser Merkle verification', () => {
  it('hashes a leaf as libs/ledger does', async () => {
    const data = new Uint8Array(randomBytes(50));
    expect(Buffer.from(await leafHash(data))).toEqual(ledgerLeafHash(data));
  });

  it.each(INCLUSION_PROOFS)('leads the published proof of leaf $index to the root of size $size', async (vector) => {
    const computed = await rootFromInclusionProof(
      hex(NODE_HASHES[0][vector.index]),
      vector.index,
      vector.size,
      hexes(vector.proof),
    );
    expect(computed).toEqual(root(vector.size));
  });

  it.each(probes.inclusion.map((probe) => [probe.file, probe]))('gives the Go verdict on %s', async (_file, probe) => {
    const computed = await rootFromInclusionProof(
      hex(probe.leafHash),
      probe.leafIdx,
      probe.treeSize,
      hexes(probe.proof),
    );
    const verdict = computed !== undefined && Buffer.from(computed).equals(Buffer.from(hex(probe.root)));
    expect(verdict).toBe(!probe.wantErr);
  });

  it.each(CONSISTENCY_PROOFS)('accepts the published consistency proof from $from to $to', async (vector) => {
    await expect(
      verifyConsistency(vector.from, vector.to, root(vector.from), root(vector.to), hexes(vector.proof)),
    ).resolves.toBe(true);
  });

  it.each(probes.consistency.map((probe) => [probe.file, probe]))('gives the Go verdict on %s', async (file, probe) => {
    const verdict = await verifyConsistency(
      probe.size1,
      probe.size2,
      hex(probe.root1),
      hex(probe.root2),
      hexes(probe.proof),
    );
    expect(verdict).toBe(!probe.wantErr && !STRICTER_THAN_GO.includes(file));
  });

  it('verifies every proof of MerkleTree up to 33 leaves, and no proof of another leaf', async () => {
    const tree = treeOf(33);
    for (let size = 1; size <= 33; size++) {
      for (let index = 0; index < size; index++) {
        const proof = tree.inclusionProof(index, size);
        const computed = await rootFromInclusionProof(tree.leaf(index), index, size, proof);
        expect(computed && Buffer.from(computed)).toEqual(tree.root(size));
        if (size > 1) {
          const other = (index + 1) % size;
          const wrong = await rootFromInclusionProof(tree.leaf(other), index, size, proof);
          expect(wrong && Buffer.from(wrong)).not.toEqual(tree.root(size));
        }
      }
      for (let from = 1; from <= size; from++) {
        await expect(
          verifyConsistency(from, size, tree.root(from), tree.root(size), tree.consistencyProof(from, size)),
        ).resolves.toBe(true);
      }
    }
  });

  it('records each level it climbs, ending at the root', async () => {
    const tree = treeOf(7);
    const trail: PathStep[] = [];
    await rootFromInclusionProof(tree.leaf(6), 6, 7, tree.inclusionProof(6, 7), trail);
    expect(trail.map((step) => step.side)).toEqual(['left', 'left']);
    expect(Buffer.from(trail.at(-1)!.result)).toEqual(tree.root(7));
  });

  it.each([
    ['a negative index', -1, 8],
    ['an index past the size', 8, 8],
    ['a fractional index', 0.5, 8],
    ['a size beyond 2^53', 0, 2 ** 60],
  ])('answers undefined, without throwing, for %s', async (_case, index, size) => {
    const tree = treeOf(8);
    await expect(rootFromInclusionProof(tree.leaf(0), index, size, tree.inclusionProof(0, 8))).resolves.toBeUndefined();
  });

  it('refuses a proof with a hash that is not 32 bytes', async () => {
    const tree = treeOf(8);
    const proof = tree.inclusionProof(3, 8).map((h) => new Uint8Array(h));
    proof[1] = proof[1].slice(1);
    await expect(rootFromInclusionProof(tree.leaf(3), 3, 8, proof)).resolves.toBeUndefined();
  });
});
