import type { KV, KvEntry } from '@nats-io/kv';
import pino from 'pino';
import { REGISTRY_KEYS, signRegistryEntry } from '@iren/contracts';
import { testServiceKey } from '@iren/messaging/testing';
import type { BusKeysRepository, StoredBusKey } from './bus-keys.repository';
import { trustedRegistryKey } from './registry-anchor';

const KEY = REGISTRY_KEYS.services('registry');

/** A bucket whose watch of `services.registry` yields these values, as PUTs, in order. */
const bucketOf = (...values: unknown[]) =>
  ({
    watch: async () => ({
      stop: () => undefined,
      async *[Symbol.asyncIterator]() {
        for (const value of values)
          yield { key: KEY, operation: 'PUT', string: () => JSON.stringify(value) } as KvEntry;
      },
    }),
  }) as unknown as KV;

describe(trustedRegistryKey.name, () => {
  it('passes over values whose keys are not a list of keys, and pins the key the registry published', async () => {
    const registry = testServiceKey('registry');
    const own = signRegistryEntry(registry.key, KEY, registry.record);
    const pinned: StoredBusKey[] = [];
    const store = {
      find: async () => null,
      storeOnce: async (_name: string, key: StoredBusKey) => (pinned.push(key), key),
    } as unknown as BusKeysRepository;
    const bucket = bucketOf(
      { ...own, record: { service: 'registry', keys: 1 } },
      { ...own, record: { service: 'registry', keys: 'abc' } },
      { ...own, record: { service: 'registry', keys: [null, 7] } },
      own,
    );
    await expect(trustedRegistryKey(bucket, store, pino({ level: 'silent' }))).resolves.toMatchObject({
      keyId: registry.key.keyId,
    });
    expect(pinned).toHaveLength(1);
  });
});
