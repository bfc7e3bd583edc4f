import type { AuditEventRow } from './audit-csv';
import { entryForOfficer } from './officer-view';

const entry = (overrides: Partial<AuditEventRow>): AuditEventRow => ({
  index: 7,
  leafHash: 'ab'.repeat(32),
  sourceId: 'event:5c3f0d8e-1b7a-4e39-9a0c-2f6d8b1e4a77',
  type: 'message.delivered',
  at: '2026-11-30T00:00:00.000Z',
  recordedAt: '2026-11-30T00:00:00.120Z',
  node: 'KZ-PCU-AKTAU',
  nodes: ['KZ-PCU-AKTAU'],
  country: 'KZ',
  messageId: '00000000-0000-4000-8000-000000000001',
  kind: 'ALERT',
  correlationId: null,
  data: {},
  ...overrides,
});

describe(entryForOfficer.name, () => {
  it('withholds from a HIT’s entry the other alert the HIT itself withheld', () => {
    const hit = entry({
      type: 'message.hit',
      data: { kind: 'HIT', alerts: ['a-ours', 'b-red'], visible: [true, false] },
    });
    expect(entryForOfficer(hit, 'KZ-PCU-AKTAU')).toEqual({
      ...hit,
      data: { kind: 'HIT', alerts: ['a-ours', null], visible: [true, false] },
      redacted: true,
    });
    const seen = entry({ type: 'message.hit', data: { alerts: ['a', 'b'], visible: [true, true] } });
    expect(entryForOfficer(seen, 'KZ-PCU-AKTAU')).toBe(seen);
  });

  it('shows a recipient only itself among the recipients of a routing decision, and the origin all', () => {
    const routed = entry({
      type: 'message.routed',
      node: 'AZ-PCU-BAKU',
      nodes: ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU', 'GE-PCU-POTI'],
      data: {
        kind: 'ALERT',
        recipients: [
          { node: 'KZ-PCU-AKTAU', reasons: ['filter:0'] },
          { node: 'GE-PCU-POTI', reasons: ['filter:1'] },
        ],
      },
    });
    expect(entryForOfficer(routed, 'KZ-PCU-AKTAU')).toMatchObject({
      nodes: ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU'],
      data: { recipients: [{ node: 'KZ-PCU-AKTAU', reasons: ['filter:0'] }] },
      redacted: true,
    });
    expect(entryForOfficer(routed, 'AZ-PCU-BAKU')).toBe(routed);
  });

  it('leaves every other entry as it is', () => {
    const delivered = entry({});
    expect(entryForOfficer(delivered, 'KZ-PCU-AKTAU')).toBe(delivered);
  });
});
