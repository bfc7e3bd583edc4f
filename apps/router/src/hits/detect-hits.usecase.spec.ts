import { randomUUID } from 'node:crypto';
import type { Envelope, HitBody } from '@iren/contracts';
import type { RoutedMessagesRepository } from '../routing/routed-messages.repository';
import { DetectHits } from './detect-hits.usecase';
import type { HitPublisher, PublishableHit } from './hit-publisher';
import type { AlertToIndex, HitsRepository, HitToRecord, IdentifierMatch } from './hits.repository';

const earlier: AlertToIndex = {
  id: randomUUID(),
  origin: 'GE-PCU-POTI',
  createdAt: new Date('2026-11-01T10:00:00.000Z'),
  title: 'Earlier',
};

function alertFrom(origin: string, transport: object, kind = 'ALERT'): Envelope<unknown> {
  return {
    id: randomUUID(),
    kind,
    origin,
    createdAt: '2026-11-20T10:00:00.000Z',
    tlp: 'AMBER',
    body: { title: 'Now', transport },
  } as Envelope<unknown>;
}

/** In-memory stand-ins: the index answers `matches`, the first recorded copy of a HIT stands. */
function setUp(matches: IdentifierMatch[]) {
  const recorded = new Map<string, HitToRecord>();
  const published: PublishableHit[] = [];
  const indexCalls: unknown[] = [];
  const hits = {
    indexAndMatch: async (...args: unknown[]) => (indexCalls.push(args), matches),
    recordOnce: async (rows: HitToRecord[]) => {
      for (const row of rows) if (!recorded.has(row.envelope.id)) recorded.set(row.envelope.id, row);
      return rows.map((row) => recorded.get(row.envelope.id)!.envelope);
    },
  } as unknown as HitsRepository;
  const routed = {
    // Poti's alert went to Aktau only; the new one reached Poti.
    find: async (id: string) => ({ recipients: [{ node: id === earlier.id ? 'KZ-PCU-AKTAU' : 'GE-PCU-POTI' }] }),
  } as unknown as RoutedMessagesRepository;
  const publisher = { publish: async (h: PublishableHit[]) => void published.push(...h) } as unknown as HitPublisher;
  return { detect: new DetectHits(hits, routed, publisher, 90), published, indexCalls };
}

describe(DetectHits.name, () => {
  const containerMatch: IdentifierMatch = { identifier: { type: 'CONTAINER', value: 'CSQU3054383' }, alert: earlier };

  it('sends each origin one HIT per shared identifier, redacted as its entitlement says', async () => {
    const { detect, published } = setUp([containerMatch]);
    const alert = alertFrom('AZ-PCU-BAKU', { containers: ['CSQU3054383'] });
    expect(await detect.execute({ envelope: alert })).toBe(2);
    const byNode = new Map(published.map((p) => [p.envelope.origin, p.envelope.body as HitBody]));
    expect([...byNode.keys()].sort()).toEqual(['AZ-PCU-BAKU', 'GE-PCU-POTI']);
    expect(byNode.get('AZ-PCU-BAKU')!.alerts).toEqual([
      { visible: false, origin: 'GE', createdAt: '2026-11-01' },
      expect.objectContaining({ visible: true, id: alert.id }),
    ]);
    expect(byNode.get('GE-PCU-POTI')!.alerts.map((a) => a.visible)).toEqual([true, true]);
    expect(published.map((p) => p.alertIds)).toEqual([
      [earlier.id, alert.id],
      [earlier.id, alert.id],
    ]);
  });

  it('publishes the HITs recorded first when an alert is routed again', async () => {
    const { detect, published } = setUp([containerMatch]);
    const alert = alertFrom('AZ-PCU-BAKU', { containers: ['CSQU3054383'] });
    await detect.execute({ envelope: alert });
    await new Promise((r) => setTimeout(r, 5));
    await detect.execute({ envelope: alert });
    expect(published).toHaveLength(4);
    expect(published.slice(2).map((p) => p.envelope)).toEqual(published.slice(0, 2).map((p) => p.envelope));
  });

  it('leaves messages other than alerts, and alerts without identifiers, out of the index', async () => {
    const { detect, published, indexCalls } = setUp([containerMatch]);
    expect(await detect.execute({ envelope: alertFrom('AZ-PCU-BAKU', { containers: ['CSQU3054383'] }, 'HIT') })).toBe(
      0,
    );
    expect(await detect.execute({ envelope: alertFrom('AZ-PCU-BAKU', { flight: 'KC941' }) })).toBe(0);
    expect(indexCalls).toEqual([]);
    expect(published).toEqual([]);
  });
});
