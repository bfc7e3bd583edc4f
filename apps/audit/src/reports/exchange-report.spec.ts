import { buildExchangeReport } from './exchange-report';
import type { DeliveryFactsRow } from './reports.repository';

const deliveries = (overrides: Partial<DeliveryFactsRow>): DeliveryFactsRow => ({
  node: 'AZ-PCU-BAKU',
  kind: 'ALERT',
  category: 'IPR',
  count: 1,
  readMs: [],
  acknowledgedMs: [],
  feedbackRequested: 0,
  feedbackGiven: 0,
  feedbackOverdue: 0,
  ...overrides,
});

describe(buildExchangeReport.name, () => {
  const report = buildExchangeReport({
    from: '2026-01-01T00:00:00.000Z',
    to: null,
    sent: [
      { node: 'KZ-PCU-AKTAU', kind: 'ALERT', category: 'IPR', count: 2 },
      { node: 'KZ-HQ-ASTANA', kind: 'ALERT', category: 'DRUGS', count: 1 },
      { node: 'AZ-PCU-BAKU', kind: 'FEEDBACK', category: null, count: 1 },
    ],
    deliveries: [
      deliveries({ count: 2, readMs: [1000, 3000], acknowledgedMs: [2000], feedbackRequested: 2, feedbackGiven: 1 }),
      deliveries({ category: 'DRUGS', readMs: [5000], feedbackRequested: 1, feedbackOverdue: 1 }),
      deliveries({ node: 'KZ-PCU-AKTAU', kind: 'FEEDBACK', category: null, readMs: [500] }),
    ],
    rejected: [
      { node: 'KZ-PCU-AKTAU', reason: 'invalid_signature', count: 1 },
      { node: null, reason: 'malformed', count: 2 },
    ],
  });

  it('gives each node its counts by kind and category', () => {
    const baku = report.countries.find((c) => c.country === 'AZ')!.nodes[0];
    expect(baku.node).toBe('AZ-PCU-BAKU');
    expect(baku.sent).toEqual({ total: 1, byKind: { FEEDBACK: 1 }, byCategory: {} });
    expect(baku.received).toEqual({ total: 3, byKind: { ALERT: 3 }, byCategory: { DRUGS: 1, IPR: 2 } });
    expect(baku.timeToRead).toEqual({ count: 3, medianSeconds: 3, p90Seconds: 4.6 });
    expect(baku.timeToAcknowledge).toEqual({ count: 1, medianSeconds: 2, p90Seconds: 2 });
    expect(baku.feedback).toEqual({ requested: 3, given: 1, rate: 0.3333, overdue: 1 });
  });

  it('adds a country up from its nodes, in node order', () => {
    const kz = report.countries.find((c) => c.country === 'KZ')!;
    expect(kz.nodes.map((n) => n.node)).toEqual(['KZ-HQ-ASTANA', 'KZ-PCU-AKTAU']);
    expect(kz.sent).toEqual({ total: 3, byKind: { ALERT: 3 }, byCategory: { DRUGS: 1, IPR: 2 } });
    expect(kz.rejected).toEqual({ total: 1, byReason: { invalid_signature: 1 } });
    expect(kz.feedback.rate).toBeNull();
  });

  it('counts in the network what no node owns', () => {
    expect(report.countries.map((c) => c.country)).toEqual(['AZ', 'KZ']);
    expect(report.network.rejected).toEqual({ total: 3, byReason: { invalid_signature: 1, malformed: 2 } });
    expect(report.network.sent.total).toBe(4);
    expect(report.network.received.total).toBe(4);
    expect(report.network.timeToRead).toEqual({ count: 4, medianSeconds: 2, p90Seconds: 4.4 });
    expect(report).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: null });
  });
});
