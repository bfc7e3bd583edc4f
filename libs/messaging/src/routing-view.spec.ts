import pino from 'pino';
import type { Envelope, NodeRecord, SubscriptionFilter } from '@iren/contracts';
import { FakeRegistryBucket } from '@iren/messaging/testing';
import { RegistryMirror } from './registry-mirror';
import { RoutingView } from './routing-view';

const node = (id: string): NodeRecord => ({
  id,
  type: 'PCU',
  country: id.slice(0, 2),
  name: id,
  locodes: [],
  contact: {},
  status: 'ACTIVE',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});
const filters = (nodeId: string, list: SubscriptionFilter[]) => ({
  nodeId,
  filters: list,
  version: 1,
  updatedAt: '2026-01-01T00:00:00Z',
});
const alert = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'ALERT',
  origin: 'AZ-PCU-BAKU',
  createdAt: '2026-11-29T00:00:00Z',
  tlp: 'AMBER',
  to: { nodes: [], countries: [], groups: [] },
  body: { category: 'IPR', riskLevel: 'HIGH', mode: 'SEA', itinerary: [{ locode: 'KZAAU', role: 'DISCHARGE' }] },
} as unknown as Envelope<unknown>;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(RoutingView.name, () => {
  let bucket: FakeRegistryBucket;
  let mirror: RegistryMirror;

  beforeEach(() => {
    bucket = new FakeRegistryBucket();
    for (const id of ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU', 'GE-PCU-POTI']) bucket.put(`nodes.${id}`, node(id));
    bucket.put('subscriptions.KZ-PCU-AKTAU', filters('KZ-PCU-AKTAU', [{ locodes: ['KZAAU'] }]));
    mirror = new RegistryMirror(bucket.asKv(), bucket.registryKey, pino({ level: 'silent' }));
  });

  afterEach(() => mirror.stop());

  it('indexes the subscriptions a mirror loads after the view is built', async () => {
    const view = new RoutingView(mirror);
    await mirror.start();
    expect(view.recipientsFor(alert)).toEqual([{ node: 'KZ-PCU-AKTAU', reasons: ['filter:0'] }]);
  });

  it('indexes the subscriptions a mirror already holds when the view is built', async () => {
    await mirror.start();
    const view = new RoutingView(mirror);
    expect(view.matcher.size).toBe(1);
    expect(view.recipientsFor(alert)).toEqual([{ node: 'KZ-PCU-AKTAU', reasons: ['filter:0'] }]);
  });

  it('applies a filter change and a removal to the next message', async () => {
    await mirror.start();
    const view = new RoutingView(mirror);
    bucket.put('subscriptions.GE-PCU-POTI', filters('GE-PCU-POTI', [{ modes: ['AIR'] }, { categories: ['IPR'] }]));
    await settle();
    expect(view.recipientsFor(alert).map((r) => [r.node, r.reasons])).toEqual([
      ['GE-PCU-POTI', ['filter:1']],
      ['KZ-PCU-AKTAU', ['filter:0']],
    ]);
    bucket.remove('subscriptions.KZ-PCU-AKTAU');
    await settle();
    expect(view.recipientsFor(alert).map((r) => r.node)).toEqual(['GE-PCU-POTI']);
  });

  it('stops following the mirror once closed', async () => {
    await mirror.start();
    const view = new RoutingView(mirror);
    view.close();
    bucket.remove('subscriptions.KZ-PCU-AKTAU');
    await settle();
    expect(view.matcher.size).toBe(1);
  });
});
