import { toAuditEventItem } from '../../../audit/src/events-query/audit-events.service';
import type { LedgerEntryDraft } from '../../../audit/src/ledger/ledger-entry';
import { entryLeafHash as auditEntryLeafHash, sealBatch } from '../../../audit/src/ledger/ledger-hashing';
import { entryLeafHash, LEAF_FIELDS, type LedgerEntry } from './entry-hash';

// Entries sealed by the audit service's own code (sealBatch, as an append does) and answered as
// GET /audit/events answers them (toAuditEventItem, then JSON over the wire): the browser must
// recompute each one's leaf hash from the entry alone.
const DRAFTS: LedgerEntryDraft[] = [
  {
    sourceId: 'exchange:0b5f7a7e-4b0c-4f35-9d55-6a1f1d4c2f10',
    type: 'message.published',
    at: '2026-11-30T09:00:00.000Z',
    node: 'KZ-PCU-AKTAU',
    nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
    country: 'KZ',
    messageId: '0b5f7a7e-4b0c-4f35-9d55-6a1f1d4c2f10',
    kind: 'ALERT',
    correlationId: 'req-7f3a',
    data: {
      kind: 'ALERT',
      tlp: 'AMBER',
      handling: null,
      origin: 'KZ-PCU-AKTAU',
      addressed: { nodes: 1, countries: 0, groups: 0 },
      contentHash: 'c0ffee'.repeat(10) + 'c0ff',
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
    },
  },
  {
    sourceId: 'event:5c3f0d8e-1b7a-4e39-9a0c-2f6d8b1e4a77',
    type: 'message.routed',
    at: '2026-11-30T09:00:01.204Z',
    node: 'KZ-PCU-AKTAU',
    nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU', 'UZ-PCU-TASHKENT'],
    country: 'KZ',
    messageId: '0b5f7a7e-4b0c-4f35-9d55-6a1f1d4c2f10',
    kind: 'ALERT',
    correlationId: null,
    data: { kind: 'ALERT', recipients: [{ node: 'AZ-PCU-BAKU', reasons: ['addressed'] }, { node: 'UZ-PCU-TASHKENT' }] },
  },
  {
    sourceId: 'event:9a1e55c2-3f1d-4c8e-b7a6-1d2e3f4a5b6c',
    type: 'message.feedback',
    at: '2026-11-30T11:45:10.001Z',
    node: 'AZ-PCU-BAKU',
    nodes: ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU'],
    country: 'AZ',
    messageId: '0b5f7a7e-4b0c-4f35-9d55-6a1f1d4c2f10',
    kind: null,
    correlationId: 'Ж-😀-é',
    data: { outcome: 'SEIZED', pieces: 12000, kilograms: 0.1 + 0.2, note: 'Актау → Баку "ok"\u2028', z: {}, a: [] },
  },
  {
    sourceId: 'exchange-refused:42',
    type: 'message.refused',
    at: '2026-11-30T12:00:00.000Z',
    node: null,
    nodes: [],
    country: null,
    messageId: null,
    kind: null,
    correlationId: null,
    data: { reason: 'signature', detail: 'bad', subject: 'iren.exchange.x', claimedOrigin: null },
  },
];

const sealed = sealBatch(DRAFTS, new Set(), null, new Date('2026-11-30T12:00:00.371Z'));
const answered = (): LedgerEntry[] => JSON.parse(JSON.stringify(sealed.map(toAuditEventItem))) as LedgerEntry[];

describe(entryLeafHash.name, () => {
  it('recomputes the leaf hash of every entry the audit service sealed, from the entry as answered', async () => {
    for (const entry of answered()) {
      expect(await entryLeafHash({ ...entry })).toEqual({ hash: entry.leafHash });
    }
  });

  it('hashes the fields the audit service hashes, no more, no fewer', async () => {
    const [entry] = answered();
    // Every leaf field changes the audit service's hash: none of them is left out of LEAF_FIELDS.
    const fieldsOfAudit = Object.keys(sealed[0]).filter((field) => {
      if (['leafHash', 'prevHash', 'chainHash'].includes(field)) return false;
      return auditEntryLeafHash({ ...sealed[0], [field]: 'changed' } as never) !== sealed[0].leafHash;
    });
    expect([...LEAF_FIELDS].sort()).toEqual(fieldsOfAudit.sort());
    // A field the leaf does not cover (one added on the way) changes nothing.
    expect(await entryLeafHash({ ...entry, extra: 'x', redacted: true })).toEqual({ hash: entry.leafHash });
  });

  it.each(LEAF_FIELDS.map((field) => [field]))('finds a change of %s', async (field) => {
    for (const entry of answered()) {
      const value = entry[field];
      const changed =
        typeof value === 'number'
          ? value + 1
          : typeof value === 'string'
            ? `${value}x`
            : Array.isArray(value)
              ? [...value, 'XX-PCU-OTHER']
              : value === null
                ? 'XX'
                : { ...value, added: 1 };
      const leaf = await entryLeafHash({ ...entry, [field]: changed });
      expect(leaf).toEqual({ hash: expect.not.stringMatching(entry.leafHash) });
    }
  });

  it('finds a change deep in data, in a number and in key order', async () => {
    const entry = answered()[2];
    const deeper = { ...entry, data: { ...entry.data, kilograms: 0.3 } };
    expect(await entryLeafHash(deeper)).not.toEqual({ hash: entry.leafHash });
    // The same members in another order: the same canonical text, the same hash.
    const reordered = Object.fromEntries(Object.entries(entry.data).reverse());
    expect(await entryLeafHash({ ...entry, data: reordered })).toEqual({ hash: entry.leafHash });
  });

  it('names the leaf fields an entry lacks, rather than hashing them as absent', async () => {
    const { sourceId: _s, recordedAt: _r, ...older } = answered()[1];
    expect(await entryLeafHash(older)).toEqual({ missing: ['sourceId', 'recordedAt'] });
  });

  it('says why a value cannot be hashed', async () => {
    const entry = answered()[0];
    expect(await entryLeafHash({ ...entry, data: { x: 'a\ud800' } })).toEqual({
      unhashable: '$.data.x: string holds a lone surrogate',
    });
  });
});
