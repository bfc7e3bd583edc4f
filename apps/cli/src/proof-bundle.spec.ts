import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf, leafHash, MerkleTree, signCheckpoint } from '@iren/ledger';
import { toAuditEventItem } from '../../audit/src/events-query/audit-events.service';
import { sealBatch } from '../../audit/src/ledger/ledger-hashing';
import { PROOF_BUNDLE_FORMAT, verifyBundle, type ProofBundle } from './proof-bundle';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A real ledger of 11 entries, checkpoints at 6 and 11, and a bundle proving entries 3 and 9 and 6 -> 11. */
function bundle() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  const tree = new MerkleTree();
  for (let i = 0; i < 11; i++) tree.append(leafHash(Buffer.from(`entry ${i}`)));
  const at = (size: number) =>
    signCheckpoint(privateKey, keyId, size, hex(tree.root(size)), new Date(Date.UTC(2026, 10, size)).toISOString());
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const proof: ProofBundle = {
    format: PROOF_BUNDLE_FORMAT,
    checkpoint: at(11),
    publicKey: { keyId, publicKey: pem },
    inclusions: [3, 9].map((i) => ({
      leafIndex: i,
      leafHash: hex(tree.leaf(i)),
      type: 'message.routed',
      hashes: tree.inclusionProof(i, 11).map(hex),
    })),
    consistency: { earlier: at(6), hashes: tree.consistencyProof(6, 11).map(hex) },
  };
  return { proof, pem };
}

describe(verifyBundle.name, () => {
  it('accepts a true bundle: the signature, each inclusion and the consistency', () => {
    const { proof, pem } = bundle();
    const verdict = verifyBundle(JSON.parse(JSON.stringify(proof)), pem);
    expect(verdict.valid).toBe(true);
    expect(verdict.checks.map((c) => c.what)).toEqual([
      'the checkpoint of size 11 is consistent with the earlier checkpoint of size 6: nothing recorded was changed',
      'entry 3 (message.routed) is in the checkpoint of size 11',
      'entry 9 (message.routed) is in the checkpoint of size 11',
    ]);
  });

  it.each([
    ['a hash of an inclusion proof', (p: ProofBundle) => (p.inclusions[1].hashes[0] = `${'0'.repeat(63)}1`)],
    ['the leaf hash', (p: ProofBundle) => (p.inclusions[0].leafHash = p.inclusions[1].leafHash)],
    ['the leaf index', (p: ProofBundle) => (p.inclusions[0].leafIndex = 4)],
    ['the root', (p: ProofBundle) => (p.checkpoint.rootHash = `${'a'.repeat(64)}`)],
    ['the signed size', (p: ProofBundle) => (p.checkpoint.size = 12)],
    ['the consistency proof', (p: ProofBundle) => p.consistency!.hashes.pop()],
    ['the earlier checkpoint', (p: ProofBundle) => (p.consistency!.earlier.rootHash = p.checkpoint.rootHash)],
  ])('refuses a bundle whose %s was altered', (_what, tamper) => {
    const { proof, pem } = bundle();
    tamper(proof);
    expect(verifyBundle(proof, pem).valid).toBe(false);
  });

  it('refuses a bundle signed by another key than the one trusted, though coherent with its own', () => {
    const { proof } = bundle();
    const other = bundle();
    expect(verifyBundle(proof).valid).toBe(true);
    const verdict = verifyBundle(proof, other.pem);
    expect(verdict.valid).toBe(false);
    expect(verdict.checks[0].what).toBe("the checkpoint of size 11's signature does not verify");
  });

  it('recomputes the leaf hash of each entry the bundle holds, and refuses one altered', () => {
    const { proof, pem } = entriesBundle();
    const verdict = verifyBundle(JSON.parse(JSON.stringify(proof)), pem);
    expect(verdict).toEqual({
      valid: true,
      checks: [
        expect.objectContaining({ ok: true }),
        { ok: true, what: 'entry 1 (message.feedback) hashes to its leaf hash: it is what the ledger recorded' },
        { ok: true, what: 'entry 1 (message.feedback) is in the checkpoint of size 4' },
        { ok: true, what: 'entry 2 (message.feedback) hashes to its leaf hash: it is what the ledger recorded' },
        { ok: true, what: 'entry 2 (message.feedback) is in the checkpoint of size 4' },
      ],
    });
    for (const [field, value] of [
      ['node', 'AZ-PCU-BAKU'],
      ['recordedAt', '2026-11-30T09:02:00.000Z'],
      ['data', { outcome: 'NOTHING_FOUND' }],
      ['index', 2],
    ] as const) {
      const tampered = entriesBundle();
      tampered.proof.inclusions[0].entry![field] = value;
      const failed = verifyBundle(tampered.proof, tampered.pem);
      expect(failed.valid).toBe(false);
      // The inclusion of the genuine leaf still holds: only the entry's content fails.
      expect(failed.checks.filter((c) => !c.ok)).toEqual([
        {
          ok: false,
          what: expect.stringMatching(
            /^entry 1 \(message\.feedback\) (hashes to [0-9a-f]{64}, not to its leaf hash [0-9a-f]{64}: the entry was altered|holds the entry of index 2, not its own)$/,
          ),
        },
      ]);
    }
  });

  it('says which entries it could not check, redacted for the node or absent, without failing them', () => {
    const { proof, pem } = entriesBundle();
    delete proof.inclusions[0].entry;
    proof.inclusions[0].redacted = true;
    delete proof.inclusions[1].entry;
    const verdict = verifyBundle(proof, pem);
    expect(verdict.valid).toBe(true);
    expect(verdict.notes).toEqual([
      'entry 1 (message.feedback) was redacted for your node: its leaf hash is proved, not what it records',
      'entry 2 (message.feedback) is not in the proof file: its leaf hash is proved, not what it records',
    ]);
    const incomplete = entriesBundle();
    delete incomplete.proof.inclusions[1].entry!.sourceId;
    expect(verifyBundle(incomplete.proof, incomplete.pem).checks[3]).toEqual({
      ok: false,
      what: 'entry 2 (message.feedback) cannot be checked against its leaf hash: it lacks sourceId, which its leaf hash covers',
    });
  });

  it('answers a malformed file with a failed verdict naming what is wrong, never an exception', () => {
    expect(verifyBundle(null).checks[0].what).toBe('the proof file does not hold a JSON object');
    expect(verifyBundle({ format: 'x' }).checks[0].what).toMatch(/is not iren-proof\/v1/);
    const { proof } = bundle();
    expect(verifyBundle({ ...proof, inclusions: [{ leafIndex: 'one' }] }).valid).toBe(false);
    expect(verifyBundle({ ...proof, checkpoint: { size: 'big' } }).valid).toBe(false);
  });
});

/** A ledger of 4 entries sealed by the audit service's code; the bundle holds entries 1 and 2 as the API answers them. */
function entriesBundle() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  const sealed = sealBatch(
    [0, 1, 2, 3].map((i) => ({
      sourceId: `event:00000000-0000-4000-8000-00000000000${i}`,
      type: 'message.feedback',
      at: `2026-11-30T09:00:0${i}.000Z`,
      node: 'KZ-PCU-AKTAU',
      nodes: ['KZ-PCU-AKTAU'],
      country: 'KZ',
      messageId: null,
      kind: 'ALERT',
      correlationId: null,
      data: { outcome: 'SEIZURE', note: 'Актау' },
    })),
    new Set(),
    null,
    new Date('2026-11-30T09:01:00.000Z'),
  );
  const tree = new MerkleTree();
  for (const entry of sealed) tree.append(Buffer.from(entry.leafHash, 'hex'));
  const items = JSON.parse(JSON.stringify(sealed.map(toAuditEventItem))) as Record<string, unknown>[];
  const proof: ProofBundle = {
    format: PROOF_BUNDLE_FORMAT,
    checkpoint: signCheckpoint(privateKey, keyId, 4, hex(tree.root(4)), '2026-11-30T09:05:00.000Z'),
    publicKey: { keyId, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    inclusions: [1, 2].map((i) => ({
      leafIndex: i,
      leafHash: sealed[i].leafHash,
      type: 'message.feedback',
      entry: items[i],
      hashes: tree.inclusionProof(i, 4).map(hex),
    })),
  };
  return { proof, pem: proof.publicKey.publicKey };
}
