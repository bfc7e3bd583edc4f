import { generateKeyPairSync } from 'node:crypto';
import { MerkleTree, keyIdOf, signCheckpoint, type Checkpoint } from '@iren/ledger';
import type { LedgerEntryDraft, SealedLedgerEntry } from '../ledger/ledger-entry';
import { chainHash, entryLeafHash, sealEntry } from '../ledger/ledger-hashing';
import { draft } from '../testing/fixtures';
import { LedgerInspector } from './inspect-ledger';

const at = new Date('2026-03-01T12:00:00.000Z');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');

function sealAll(drafts: LedgerEntryDraft[]): SealedLedgerEntry[] {
  const sealed: SealedLedgerEntry[] = [];
  for (const d of drafts) sealed.push(sealEntry(d, sealed.at(-1) ?? null, at));
  return sealed;
}

function checkpointOf(entries: SealedLedgerEntry[]): Checkpoint {
  const tree = new MerkleTree();
  for (const e of entries) tree.append(Buffer.from(e.leafHash, 'hex'));
  return signCheckpoint(privateKey, keyIdOf(publicKey), tree.size, tree.root().toString('hex'), at.toISOString());
}

function inspect(rows: SealedLedgerEntry[], checkpoint: Checkpoint | null, batch = 2) {
  const inspector = new LedgerInspector(checkpoint);
  for (let i = 0; i < rows.length && !inspector.failed; i += batch) inspector.add(rows.slice(i, i + batch));
  return inspector.result();
}

describe(LedgerInspector.name, () => {
  const ledger = sealAll(Array.from({ length: 6 }, (_, i) => draft({ data: { n: i } })));
  const checkpoint = checkpointOf(ledger);

  it('finds intact rows intact, and matching the checkpoint', () => {
    expect(inspect(ledger, checkpoint)).toMatchObject({ intact: true, entries: 6, fault: null });
    expect(inspect(ledger, null).message).toBe('the 6 entries are intact');
  });

  it('names an altered row', () => {
    const rows = ledger.map((e) => (e.index === 3 ? { ...e, data: { n: 99 } } : e));
    expect(inspect(rows, checkpoint).fault).toEqual({ index: 3, problem: expect.stringMatching(/leaf hash/) });
  });

  it('names a deleted row', () => {
    const rows = ledger.filter((e) => e.index !== 2);
    expect(inspect(rows, checkpoint).fault).toEqual({ index: 2, problem: expect.stringMatching(/missing/) });
  });

  it('names the first of two rows whose indexes were swapped', () => {
    const rows = ledger.map((e) =>
      e.index === 1 ? { ...ledger[4], index: 1 } : e.index === 4 ? { ...ledger[1], index: 4 } : e,
    );
    expect(inspect(rows, checkpoint).fault?.index).toBe(1);
  });

  it('finds a forged row inserted with well-formed hashes, at the first entry it displaced', () => {
    const forged = { ...sealEntry(draft({ node: 'UZ-HQ-TASHKENT' }), ledger[1], at) };
    const shifted = ledger.slice(2).map((e) => ({ ...e, index: e.index + 1 }));
    expect(inspect([ledger[0], ledger[1], forged, ...shifted], checkpoint).fault?.index).toBe(3);
  });

  it('names a row appended without its chain link', () => {
    const bogus = { ...sealEntry(draft(), ledger[5], at), prevHash: '1'.repeat(64) };
    bogus.chainHash = chainHash(bogus.prevHash, bogus.leafHash);
    expect(inspect([...ledger, bogus], checkpoint).fault).toEqual({ index: 6, problem: expect.stringMatching(/link/) });
  });

  it('finds rows removed from the end against the checkpoint', () => {
    expect(inspect(ledger.slice(0, 4), checkpoint).fault).toEqual({ index: 4, problem: expect.stringMatching(/6/) });
  });

  it('finds a consistent rewrite of every row against the checkpoint root', () => {
    const rewritten = sealAll(Array.from({ length: 6 }, (_, i) => draft({ data: { n: i + 100 } })));
    expect(rewritten.every((e, i) => e.leafHash === entryLeafHash(e) && e.index === i)).toBe(true);
    expect(inspect(rewritten, checkpoint)).toMatchObject({ intact: false, fault: { index: 5 } });
  });
});
