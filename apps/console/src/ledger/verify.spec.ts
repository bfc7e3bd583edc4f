import { keyIdOf, MerkleTree, signCheckpoint } from '@iren/ledger';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { toAuditEventItem } from '../../../audit/src/events-query/audit-events.service';
import { entryLeafHash, sealBatch } from '../../../audit/src/ledger/ledger-hashing';
import {
  type LedgerEntry,
  type InclusionProofAnswer,
  type PublishedKey,
  type SignedCheckpoint,
  verifyCheckpointConsistency,
  verifyEntryInclusion,
} from './verify';

// Entries sealed by the audit service's code and answered as GET /audit/events answers them, real
// proofs from libs/ledger's MerkleTree over their leaf hashes and checkpoints signed by libs/ledger's
// signCheckpoint, as the audit service makes them, checked by the browser's code on Node's WebCrypto.
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const key: PublishedKey = {
  keyId: keyIdOf(publicKey),
  publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
};
const drafts = Array.from({ length: 13 }, (_, i) => ({
  sourceId: `event:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  type: i % 2 ? 'message.delivered' : 'message.routed',
  at: new Date(Date.UTC(2026, 10, 30, 9, 0, i)).toISOString(),
  node: 'KZ-PCU-AKTAU',
  nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
  country: 'KZ',
  messageId: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  kind: 'ALERT',
  correlationId: i % 3 ? null : `req-${i}`,
  data: { kind: 'ALERT', attempt: i, note: 'Актау' },
}));
const sealed = sealBatch(drafts, new Set(), null, new Date('2026-11-30T09:01:00.000Z'));
const entries: LedgerEntry[] = JSON.parse(JSON.stringify(sealed.map(toAuditEventItem)));
const tree = new MerkleTree();
for (const entry of entries) tree.append(Buffer.from(entry.leafHash, 'hex'));

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const checkpointAt = (size: number, signer = privateKey, rootHash = hex(tree.root(size))): SignedCheckpoint =>
  signCheckpoint(signer, keyIdOf(createPublicKey(signer)), size, rootHash, '2026-11-30T12:00:00.000Z');
const entry = (index: number): LedgerEntry => ({ ...entries[index] });
/** An entry changed and given the leaf hash of its new content: coherent, but not what the ledger holds. */
const forged = (index: number, change: Partial<LedgerEntry>): LedgerEntry => {
  const fields = { ...sealed[index], ...change };
  return { ...entry(index), ...change, leafHash: entryLeafHash(fields) };
};
const proofOf = (index: number, size: number): InclusionProofAnswer => ({
  leafIndex: index,
  treeSize: size,
  hashes: tree.inclusionProof(index, size).map(hex),
});
const flip = (hash: string) => (hash[0] === '0' ? '1' : '0') + hash.slice(1);
const failure = (result: { verified: boolean; checks: { ok: boolean; name: string; reason?: string }[] }) => {
  const failed = result.checks.find((check) => !check.ok);
  return result.verified ? undefined : `${failed?.name}: ${failed?.reason}`;
};

describe(verifyEntryInclusion.name, () => {
  const checkpoint = checkpointAt(13);

  it('verifies every entry of a signed tree, with each check passed', async () => {
    for (let index = 0; index < 13; index++) {
      const result = await verifyEntryInclusion(entry(index), checkpoint, key, proofOf(index, 13));
      expect(failure(result)).toBeUndefined();
      expect(result.checks.map((check) => check.name)).toEqual([
        'entry',
        'key',
        'signature',
        'covered',
        'proof',
        'root',
      ]);
      expect(tree.leaf(index).toString('hex')).toBe(entries[index].leafHash);
    }
  });

  it('shows the path climbed from the leaf to the root', async () => {
    const result = await verifyEntryInclusion(entry(5), checkpoint, key, proofOf(5, 13));
    const root = result.checks.find((check) => check.name === 'root')!;
    expect(root.path).toHaveLength(proofOf(5, 13).hashes.length);
    expect(root.path!.at(-1)!.result).toBe(checkpoint.rootHash);
    expect(root.values.computed).toBe(checkpoint.rootHash);
  });

  it.each<[string, () => Parameters<typeof verifyEntryInclusion>, string]>([
    [
      'a tampered leaf hash',
      () => [{ ...entry(4), leafHash: flip(entry(4).leafHash) }, checkpoint, key, proofOf(4, 13)],
      'entry: entryAltered',
    ],
    [
      'an entry whose shown node was altered',
      () => [{ ...entry(4), node: 'AZ-PCU-BAKU' }, checkpoint, key, proofOf(4, 13)],
      'entry: entryAltered',
    ],
    [
      'an entry whose data was altered',
      () => [{ ...entry(4), data: { ...entry(4).data, attempt: 5 } }, checkpoint, key, proofOf(4, 13)],
      'entry: entryAltered',
    ],
    [
      'an entry without the source id its leaf covers',
      () => [{ ...entry(4), sourceId: undefined as never }, checkpoint, key, proofOf(4, 13)],
      'entry: entryIncomplete',
    ],
    [
      'an entry marked redacted',
      () => [{ ...entry(4), redacted: true }, checkpoint, key, proofOf(4, 13)],
      'entry: entryRedacted',
    ],
    [
      'an altered entry given the leaf hash of its new content',
      () => [forged(4, { node: 'AZ-PCU-BAKU' }), checkpoint, key, proofOf(4, 13)],
      'root: rootMismatch',
    ],
    [
      'a tampered proof hash',
      () => {
        const proof = proofOf(4, 13);
        proof.hashes[1] = flip(proof.hashes[1]);
        return [entry(4), checkpoint, key, proof];
      },
      'root: rootMismatch',
    ],
    ['the proof of another index', () => [entry(4), checkpoint, key, proofOf(5, 13)], 'proof: proofOtherEntry'],
    [
      'another entry at the index',
      () => [forged(5, { index: 4 }), checkpoint, key, proofOf(4, 13)],
      'root: rootMismatch',
    ],
    ['the proof for another size', () => [entry(4), checkpoint, key, proofOf(4, 12)], 'proof: proofOtherSize'],
    [
      'another size claimed for the proof',
      () => [entry(4), checkpoint, key, { ...proofOf(4, 12), treeSize: 13 }],
      'root: rootMismatch',
    ],
    [
      'a proof one hash short',
      () => {
        const proof = proofOf(4, 13);
        return [entry(4), checkpoint, key, { ...proof, hashes: proof.hashes.slice(1) }];
      },
      'root: proofWrongLength',
    ],
    [
      'a hash that is not hex',
      () => [entry(4), checkpoint, key, { ...proofOf(4, 13), hashes: ['zz'] }],
      'proof: hashMalformed',
    ],
    [
      'a tampered root in the checkpoint',
      () => [entry(4), { ...checkpoint, rootHash: flip(checkpoint.rootHash) }, key, proofOf(4, 13)],
      'signature: signatureInvalid',
    ],
    [
      'a signed checkpoint of another tree',
      () => [entry(4), checkpointAt(13, privateKey, hex(randomBytes(32))), key, proofOf(4, 13)],
      'root: rootMismatch',
    ],
    [
      'a tampered size in the checkpoint',
      () => [entry(4), { ...checkpoint, size: 12 }, key, proofOf(4, 12)],
      'signature: signatureInvalid',
    ],
    [
      'a tampered signature',
      () => {
        const signature = Buffer.from(checkpoint.signature, 'base64');
        signature[10] ^= 1;
        return [entry(4), { ...checkpoint, signature: signature.toString('base64') }, key, proofOf(4, 13)];
      },
      'signature: signatureInvalid',
    ],
    [
      'a signature that is not base64 of 64 bytes',
      () => [entry(4), { ...checkpoint, signature: 'AAAA' }, key, proofOf(4, 13)],
      'signature: signatureMalformed',
    ],
    [
      'a timestamp written another way',
      () => [entry(4), { ...checkpoint, timestamp: '2026-11-30T12:00:00Z' }, key, proofOf(4, 13)],
      'signature: checkpointMalformed',
    ],
    [
      'a checkpoint signed by another key',
      () => {
        const other = generateKeyPairSync('ed25519').privateKey;
        return [entry(4), checkpointAt(13, other), key, proofOf(4, 13)];
      },
      'key: checkpointOtherKey',
    ],
    [
      "a key id that is not the key's",
      () => [entry(4), checkpoint, { ...key, keyId: 'aaaaaaaaaaaaaaaa' }, proofOf(4, 13)],
      'key: keyIdMismatch',
    ],
    [
      'a key that is not Ed25519 PEM',
      () => [entry(4), checkpoint, { ...key, publicKey: 'not a key' }, proofOf(4, 13)],
      'key: keyUnreadable',
    ],
    [
      'an entry the checkpoint does not cover yet',
      () => [entry(12), checkpointAt(12), key, proofOf(11, 12)],
      'covered: notYetCovered',
    ],
  ])('refuses %s', async (_case, args, expected) => {
    expect(failure(await verifyEntryInclusion(...args()))).toBe(expected);
  });

  it('refuses an RSA key', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' });
    const result = await verifyEntryInclusion(
      entry(1),
      checkpoint,
      { ...key, publicKey: rsa.toString() },
      proofOf(1, 13),
    );
    expect(failure(result)).toBe('key: keyUnreadable');
  });
});

describe(verifyCheckpointConsistency.name, () => {
  const consistency = (from: number, to: number) => ({
    first: from,
    second: to,
    hashes: tree.consistencyProof(from, to).map(hex),
  });

  it('verifies that every later checkpoint extends every earlier one', async () => {
    for (let from = 1; from <= 13; from++) {
      for (const to of [from, 13]) {
        const result = await verifyCheckpointConsistency(
          checkpointAt(from),
          checkpointAt(to),
          key,
          consistency(from, to),
        );
        expect(failure(result)).toBeUndefined();
      }
    }
  });

  it('needs no proof for the same checkpoint', async () => {
    expect(
      failure(await verifyCheckpointConsistency(checkpointAt(9), checkpointAt(9), key, undefined)),
    ).toBeUndefined();
  });

  it.each<[string, () => Parameters<typeof verifyCheckpointConsistency>, string]>([
    [
      'a tampered proof hash',
      () => {
        const proof = consistency(5, 13);
        proof.hashes[0] = flip(proof.hashes[0]);
        return [checkpointAt(5), checkpointAt(13), key, proof];
      },
      'consistency: notConsistent',
    ],
    [
      'the proof between other sizes',
      () => [checkpointAt(5), checkpointAt(13), key, consistency(6, 13)],
      'consistency: notConsistent',
    ],
    ['no proof', () => [checkpointAt(5), checkpointAt(13), key, undefined], 'consistency: notConsistent'],
    [
      'a rewritten ledger',
      () => [checkpointAt(5), checkpointAt(13, privateKey, hex(randomBytes(32))), key, consistency(5, 13)],
      'consistency: notConsistent',
    ],
    ['a smaller ledger', () => [checkpointAt(13), checkpointAt(5), key, undefined], 'order: rolledBack'],
    [
      'another root at the same size',
      () => [checkpointAt(8), checkpointAt(8, privateKey, hex(randomBytes(32))), key, undefined],
      'order: forked',
    ],
    [
      'a tampered earlier checkpoint',
      () => [{ ...checkpointAt(5), size: 4 }, checkpointAt(13), key, consistency(4, 13)],
      'earlierSignature: signatureInvalid',
    ],
    [
      'a tampered later checkpoint',
      () => [checkpointAt(5), { ...checkpointAt(13), size: 12 }, key, consistency(5, 12)],
      'signature: signatureInvalid',
    ],
  ])('refuses %s', async (_case, args, expected) => {
    expect(failure(await verifyCheckpointConsistency(...args()))).toBe(expected);
  });
});
