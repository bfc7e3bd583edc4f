import { toAuditEventItem } from '../../audit/src/events-query/audit-events.service';
import { entryLeafHash as auditEntryLeafHash, sealBatch } from '../../audit/src/ledger/ledger-hashing';
import { entryLeafHash, LEAF_FIELDS } from './entry-leaf';

// Entries sealed by the audit service's own code, answered as GET /audit/events answers them.
const sealed = sealBatch(
  [0, 1, 2].map((i) => ({
    sourceId: `event:00000000-0000-4000-8000-00000000000${i}`,
    type: 'message.feedback',
    at: `2026-11-30T09:00:0${i}.000Z`,
    node: i === 2 ? null : 'KZ-PCU-AKTAU',
    nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
    country: 'KZ',
    messageId: null,
    kind: 'ALERT',
    correlationId: 'Ж-😀',
    data: { outcome: 'SEIZURE', note: 'Актау → Баку', kilograms: 0.1 + 0.2, z: [], a: { y: 1, b: null } },
  })),
  new Set(),
  null,
  new Date('2026-11-30T09:01:00.000Z'),
);
const answered = JSON.parse(JSON.stringify(sealed.map(toAuditEventItem))) as Record<string, unknown>[];

describe(entryLeafHash.name, () => {
  it("recomputes the leaf hash of entries the audit service sealed, from the API's answer", () => {
    for (const entry of answered) expect(entryLeafHash(entry)).toEqual({ hash: entry.leafHash });
  });

  it('covers the fields the audit service hashes, no more, no fewer', () => {
    const covered = Object.keys(sealed[0]).filter(
      (field) => auditEntryLeafHash({ ...sealed[0], [field]: 'changed' } as never) !== sealed[0].leafHash,
    );
    expect([...LEAF_FIELDS].sort()).toEqual(
      covered.filter((f) => !['leafHash', 'prevHash', 'chainHash'].includes(f)).sort(),
    );
  });

  it.each(LEAF_FIELDS.map((f) => [f]))('finds a change of %s', (field) => {
    const entry = answered[0];
    const changed = {
      ...entry,
      [field]: field === 'index' ? 7 : field === 'nodes' ? ['XX'] : field === 'data' ? {} : 'XX',
    };
    expect(entryLeafHash(changed)).not.toEqual({ hash: entry.leafHash });
  });

  it('names what it cannot hash', () => {
    const { sourceId: _s, ...older } = answered[1];
    expect(entryLeafHash(older)).toEqual({ problem: 'it lacks sourceId, which its leaf hash covers' });
    expect(entryLeafHash(null)).toEqual({ problem: 'it is not an object' });
    expect(entryLeafHash({ ...answered[1], data: { x: '\udc00' } })).toEqual({
      problem: 'it cannot be hashed: $.data.x: string holds a lone surrogate',
    });
  });
});
