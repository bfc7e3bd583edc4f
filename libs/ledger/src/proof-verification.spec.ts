import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './proof-verification';
import probes from './testdata/transparency-dev-probes.json';
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, NODE_HASHES, ROOT_HASHES } from './testdata/transparency-dev-vectors';

// transparency-dev/merkle's golden probes (see the "source" member of the JSON file): a valid proof
// and many ways of spoiling it, each with the verdict the Go verifier gives.
const hex = (value: string) => Buffer.from(value, 'hex');
const hexes = (values: string[]) => values.map(hex);
const leaf = (index: number) => hex(NODE_HASHES[0][index]);
const root = (size: number) => hex(ROOT_HASHES[size]);

// The one probe where this verifier is deliberately stricter: it compares two equal roots that are
// not 32 bytes long ("don't care 2"). A root that is not a SHA-256 hash never verifies here.
const STRICTER_THAN_GO = ['testdata/consistency/additional/sizes-are-equal-one-and-proof-is-empty.json'];

describe(verifyInclusion.name, () => {
  it.each(INCLUSION_PROOFS)('accepts the published proof of leaf $index in size $size', (vector) => {
    expect(verifyInclusion(leaf(vector.index), vector.index, vector.size, hexes(vector.proof), root(vector.size))).toBe(
      true,
    );
  });

  it.each(probes.inclusion.map((probe) => [probe.file, probe]))('gives the Go verdict on %s', (_file, probe) => {
    const verdict = verifyInclusion(
      hex(probe.leafHash),
      probe.leafIdx,
      probe.treeSize,
      hexes(probe.proof),
      hex(probe.root),
    );
    expect(verdict).toBe(!probe.wantErr);
  });

  it.each([
    ['a negative index', -1, 8],
    ['a fractional index', 0.5, 8],
    ['a NaN size', 0, Number.NaN],
    ['a size beyond 2^53', 0, 2 ** 60],
  ])('answers false, without throwing, for %s', (_case, index, size) => {
    expect(verifyInclusion(leaf(0), index, size, hexes(INCLUSION_PROOFS[1].proof), root(8))).toBe(false);
  });
});

describe(rootFromInclusionProof.name, () => {
  it('reconstructs the root of the tree the proof belongs to', () => {
    const [, , vector] = INCLUSION_PROOFS;
    expect(rootFromInclusionProof(leaf(vector.index), vector.index, vector.size, hexes(vector.proof))).toEqual(root(8));
  });

  it('answers undefined for a proof one hash short or one hash long', () => {
    const proof = hexes(INCLUSION_PROOFS[1].proof);
    expect(rootFromInclusionProof(leaf(0), 0, 8, proof.slice(1))).toBeUndefined();
    expect(rootFromInclusionProof(leaf(0), 0, 8, [...proof, leaf(1)])).toBeUndefined();
  });
});

describe(verifyConsistency.name, () => {
  it.each(CONSISTENCY_PROOFS)('accepts the published proof from $from to $to', (vector) => {
    expect(verifyConsistency(vector.from, vector.to, root(vector.from), root(vector.to), hexes(vector.proof))).toBe(
      true,
    );
  });

  it.each(probes.consistency.map((probe) => [probe.file, probe]))('gives the Go verdict on %s', (file, probe) => {
    const verdict = verifyConsistency(probe.size1, probe.size2, hex(probe.root1), hex(probe.root2), hexes(probe.proof));
    expect(verdict).toBe(!probe.wantErr && !STRICTER_THAN_GO.includes(file));
  });

  it('accepts equal sizes only with an empty proof and equal roots', () => {
    expect(verifyConsistency(5, 5, root(5), root(5), [])).toBe(true);
    expect(verifyConsistency(5, 5, root(5), root(6), [])).toBe(false);
    expect(verifyConsistency(5, 5, root(5), root(5), [root(5)])).toBe(false);
  });

  it('refuses from = 0, since an empty tree is consistent with everything', () => {
    expect(verifyConsistency(0, 8, root(0), root(8), [root(8)])).toBe(false);
  });
});
