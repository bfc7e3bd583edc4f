import { generateKeyPairSync } from 'node:crypto';
import { signCheckpoint, type Checkpoint } from './checkpoint';
import { leafHash } from './hashing';
import { hashesFromHex, verifyLedgerView } from './ledger-view';
import { MerkleTree } from './merkle-tree';
import { keyIdOf } from './signing-key';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const keyId = keyIdOf(publicKey);
const AT = '2026-03-01T12:00:00.000Z';

function treeOf(size: number, salt = ''): MerkleTree {
  const tree = new MerkleTree();
  for (let i = 0; i < size; i += 1) tree.append(leafHash(Buffer.from(`${salt}entry ${i}`)));
  return tree;
}

function checkpointOf(tree: MerkleTree, size: number): Checkpoint {
  return signCheckpoint(privateKey, keyId, size, tree.root(size).toString('hex'), AT);
}

const hex = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex'));

describe(verifyLedgerView.name, () => {
  const tree = treeOf(13);
  const old = checkpointOf(tree, 5);
  const current = checkpointOf(tree, 13);

  it('accepts a checkpoint signed by the key', () => {
    expect(verifyLedgerView(current, publicKey)).toEqual({ valid: true, reason: expect.stringContaining('signed') });
  });

  it('refuses one signed by another key, or altered after signing', () => {
    expect(verifyLedgerView(current, other.publicKey).valid).toBe(false);
    expect(verifyLedgerView({ ...current, size: 12 }, publicKey).reason).toMatch(/signature does not verify/);
  });

  it('accepts a later checkpoint with a consistency proof from the earlier one', () => {
    const view = verifyLedgerView(current, publicKey, old, hex(tree.consistencyProof(5, 13)));
    expect(view).toEqual({ valid: true, reason: expect.stringContaining('consistent') });
  });

  it('refuses a forked ledger: same old size, different history', () => {
    const fork = treeOf(13, 'forged ');
    const forked = checkpointOf(fork, 13);
    const view = verifyLedgerView(forked, publicKey, old, hex(fork.consistencyProof(5, 13)));
    expect(view.valid).toBe(false);
    expect(view.reason).toMatch(/not consistent/);
  });

  it('refuses a rolled-back ledger, smaller than the earlier checkpoint', () => {
    expect(verifyLedgerView(old, publicKey, current, []).reason).toMatch(/rolled back/);
  });

  it('refuses a missing or malformed proof, and a same-size checkpoint with another root', () => {
    expect(verifyLedgerView(current, publicKey, old, []).valid).toBe(false);
    expect(verifyLedgerView(current, publicKey, old, ['zz']).valid).toBe(false);
    const sameSize = checkpointOf(treeOf(5, 'x'), 5);
    expect(verifyLedgerView(sameSize, publicKey, old, []).valid).toBe(false);
    expect(verifyLedgerView(old, publicKey, old, []).valid).toBe(true);
  });

  it('refuses an earlier checkpoint that is not signed by the key', () => {
    const forged = { ...old, rootHash: '0'.repeat(64) };
    expect(verifyLedgerView(current, publicKey, forged, hex(tree.consistencyProof(5, 13))).reason).toMatch(
      /earlier checkpoint.*signature/,
    );
  });

  it('never throws on garbage', () => {
    const garbage = { size: 'x', rootHash: 1, timestamp: null, keyId, signature: '' } as unknown as Checkpoint;
    expect(verifyLedgerView(garbage, publicKey).valid).toBe(false);
  });

  it('never throws on a size whose toString is no function, and keeps a size that is no number out of the reason', () => {
    for (const size of [{ toString: 1 }, 'x'.repeat(100_000)]) {
      const garbage = { size, rootHash: '0'.repeat(64), timestamp: AT, keyId, signature: '' } as unknown as Checkpoint;
      const verdict = verifyLedgerView(garbage, publicKey);
      expect(verdict).toEqual({
        valid: false,
        reason: "the checkpoint of size (not a number)'s signature does not verify",
      });
    }
  });
});

describe(hashesFromHex.name, () => {
  it('decodes lowercase hex hashes and refuses anything else', () => {
    expect(hashesFromHex(['ab'.repeat(32)])?.[0]).toEqual(Buffer.alloc(32, 0xab));
    expect(hashesFromHex(['AB'.repeat(32)])).toBeUndefined();
    expect(hashesFromHex([42])).toBeUndefined();
  });
});
