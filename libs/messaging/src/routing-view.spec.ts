import type { KV, KvEntry } from '@nats-io/kv';
import pino from 'pino';
import type { Envelope, NodeRecord, SubscriptionFilter } from '@iren/contracts';
import { RegistryMirror } from './registry-mirror';
import { RoutingView } from './routing-view';

/** A registry bucket in memory: `put` and `del` reach the watcher like KV updates. */
class FakeBucket {
  private revision = 0;
  private readonly initial: KvEntry[] = [];
  private push?: (entry: KvEntry) => void;

  put(key: string, value: unknown): void {
    this.emit(key, 'PUT', value);
  }

  del(key: string): void {
    this.emit(key, 'DEL', undefined);
  }

  asKv(): KV {
    return {
      status: async () => ({ values: this.initial.length, streamInfo: { state: { last_seq: this.revision } } }),
      watch: async () => this.watcher(),
    } as unknown as KV;
  }

  private emit(key: string, operation: 'PUT' | 'DEL', value: unknown): void {
    const entry = {
      key,
      operation,
      revision: ++this.revision,
      isUpdate: this.push !== undefined,
      delta: 0,
      json: () => value,
    } as unknown as KvEntry;
    if (this.push) this.push(entry);
    else this.initial.push(entry);
  }

  private watcher(): AsyncIterable<KvEntry> & { stop(): void } {
    // The watch delivers the initial values with `delta` counting down to 0 at the last one.
    const queue = this.initial.map((entry, i) => ({ ...entry, delta: this.initial.length - 1 - i }) as KvEntry);
    let wake: (() => void) | undefined;
    let stopped = false;
    this.push = (entry) => {
      queue.push(entry);
      wake?.();
    };
    return {
      stop: () => {
        stopped = true;
        wake?.();
      },
      async *[Symbol.asyncIterator]() {
        while (!stopped) {
          const entry = queue.shift();
          if (entry) yield entry;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    };
  }
}

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
  let bucket: FakeBucket;
  let mirror: RegistryMirror;

  beforeEach(() => {
    bucket = new FakeBucket();
    for (const id of ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU', 'GE-PCU-POTI']) bucket.put(`nodes.${id}`, node(id));
    bucket.put('subscriptions.KZ-PCU-AKTAU', filters('KZ-PCU-AKTAU', [{ locodes: ['KZAAU'] }]));
    mirror = new RegistryMirror(bucket.asKv(), pino({ level: 'silent' }));
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
    bucket.del('subscriptions.KZ-PCU-AKTAU');
    await settle();
    expect(view.recipientsFor(alert).map((r) => r.node)).toEqual(['GE-PCU-POTI']);
  });

  it('stops following the mirror once closed', async () => {
    await mirror.start();
    const view = new RoutingView(mirror);
    view.close();
    bucket.del('subscriptions.KZ-PCU-AKTAU');
    await settle();
    expect(view.matcher.size).toBe(1);
  });
});
