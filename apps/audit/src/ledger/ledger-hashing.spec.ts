import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from '@iren/contracts';
import { draft } from '../testing/fixtures';
import type { LedgerEntryDraft, SealedLedgerEntry } from './ledger-entry';
import { GENESIS_CHAIN_HASH, chainHash, entryLeafHash, firstBrokenEntry, sealBatch, sealEntry } from './ledger-hashing';

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest('hex');
const at = new Date('2026-03-01T12:00:00.000Z');

function sealAll(drafts: LedgerEntryDraft[]): SealedLedgerEntry[] {
  const sealed: SealedLedgerEntry[] = [];
  for (const d of drafts) sealed.push(sealEntry(d, sealed.at(-1) ?? null, at));
  return sealed;
}

describe(sealEntry.name, () => {
  it('puts the first entry at index 0, chained from 64 zeros', () => {
    const entry = sealEntry(draft(), null, at);
    expect(entry).toMatchObject({ index: 0, prevHash: GENESIS_CHAIN_HASH, recordedAt: at.toISOString() });
    expect(entry.chainHash).toBe(sha256(Buffer.alloc(32), Buffer.from(entry.leafHash, 'hex')));
  });

  it('hashes the canonical JSON of the fields as an RFC 6962 leaf', () => {
    const entry = sealEntry(draft(), null, at);
    const { leafHash: _l, prevHash: _p, chainHash: _c, ...fields } = entry;
    expect(entry.leafHash).toBe(sha256(Buffer.from([0]), Buffer.from(canonicalJson(fields))));
  });

  it('places the next entry after the head and links it to the head chain hash', () => {
    const [first, second] = sealAll([draft(), draft()]);
    expect(second.index).toBe(1);
    expect(second.prevHash).toBe(first.chainHash);
    expect(second.chainHash).toBe(chainHash(first.chainHash, second.leafHash));
  });
});

describe(sealBatch.name, () => {
  it('seals a batch as one by one in its order, after the head', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 12 }), (before, size) => {
        const ledger = sealAll(Array.from({ length: before + size }, (_, i) => draft({ data: { i } })));
        const batch = ledger
          .slice(before)
          .map(({ index: _i, recordedAt: _r, leafHash: _l, prevHash: _p, chainHash: _c, ...d }) => d);
        const sealed = sealBatch(batch, new Set(), ledger[before - 1] ?? null, at);
        expect(sealed).toEqual(ledger.slice(before));
        expect(firstBrokenEntry([...ledger.slice(0, before), ...sealed])).toBeNull();
      }),
    );
  });

  it('records each source once: not one already recorded, nor the second draft of a source', () => {
    const [a, b, c] = [draft(), draft(), draft()];
    const head = sealEntry(draft(), null, at);
    const sealed = sealBatch([a, b, { ...a, data: { again: true } }, c, b], new Set([c.sourceId]), head, at);
    expect(sealed.map((e) => [e.index, e.sourceId, e.data])).toEqual([
      [1, a.sourceId, a.data],
      [2, b.sourceId, b.data],
    ]);
    expect(sealed[0].prevHash).toBe(head.chainHash);
    expect(sealed[1].prevHash).toBe(sealed[0].chainHash);
  });

  it('seals nothing when every source is recorded', () => {
    const d = draft();
    expect(sealBatch([d, d], new Set([d.sourceId]), null, at)).toEqual([]);
  });
});

describe(entryLeafHash.name, () => {
  it('does not depend on the key order of data', () => {
    const entry = sealEntry(draft({ data: { a: 1, b: { c: 2, d: 3 } } }), null, at);
    expect(entryLeafHash({ ...entry, data: { b: { d: 3, c: 2 }, a: 1 } })).toBe(entry.leafHash);
  });
});

describe(firstBrokenEntry.name, () => {
  const drafts = fc.array(
    fc.record({
      type: fc.constantFrom('message.routed', 'message.delivered'),
      attempt: fc.nat(),
      node: fc.constantFrom(null, 'KZ-PCU-AKTAU'),
    }),
    { minLength: 1, maxLength: 20 },
  );
  const asDrafts = (xs: { type: string; attempt: number; node: string | null }[]) =>
    xs.map((x) => draft({ type: x.type, node: x.node, data: { attempt: x.attempt } }));

  it('accepts every ledger built by sealing in order', () => {
    fc.assert(fc.property(drafts, (xs) => firstBrokenEntry(sealAll(asDrafts(xs))) === null));
  });

  it('names the first entry whose stored fields were altered', () => {
    fc.assert(
      fc.property(drafts, fc.nat(), (xs, pick) => {
        const ledger = sealAll(asDrafts(xs));
        const victim = pick % ledger.length;
        ledger[victim] = { ...ledger[victim], data: { attempt: -1 } };
        return firstBrokenEntry(ledger) === victim;
      }),
    );
  });

  it('finds a removed entry and a re-hashed forgery', () => {
    const ledger = sealAll([draft(), draft(), draft()]);
    expect(firstBrokenEntry([ledger[0], ledger[2]])).toBe(1);
    const forged = { ...ledger[1], node: 'UZ-HQ-TASHKENT' };
    forged.leafHash = entryLeafHash(forged);
    // The forger recomputed the leaf but cannot keep the later links without rewriting them all.
    expect(firstBrokenEntry([ledger[0], forged, ledger[2]])).toBe(1);
  });
});
