import type { KV, KvEntry } from '@nats-io/kv';
import fc from 'fast-check';
import pino from 'pino';
import { REGISTRY_KEYS, signRegistryEntry } from '@iren/contracts';
import {
  fuzzParameters,
  fuzzWatch,
  HEAP_GROWTH_LIMIT,
  hostileJsonText,
  hostileValue,
  OutcomeTally,
  prototypeSnapshot,
  renderJson,
  settled,
  testServiceKey,
} from '@iren/messaging/testing';
import type { BusKeysRepository, StoredBusKey } from './bus-keys.repository';
import { trustedRegistryKey } from './registry-anchor';

const KEY = REGISTRY_KEYS.services('registry');
const registry = testServiceKey('registry');
const impostor = testServiceKey('registry');

/** The registry's own record of its key, signed with that key: what an app pins on first use. */
const selfSigned = (key = registry) => signRegistryEntry(key.key, KEY, key.record);

/**
 * Values written under `services.registry` before the registry's own: junk, records whose `keys`
 * is anything but a list of keys, and entries signed by a key the record does not name.
 */
const offered: fc.Arbitrary<{ text: string; what: string }> = fc.oneof(
  hostileJsonText.map((text) => ({ text, what: 'junk' })),
  hostileValue.map((keys) => ({
    text: renderJson({ ...selfSigned(), record: { service: 'registry', keys } }),
    what: 'keys not a list of keys',
  })),
  fc.array(hostileValue, { maxLength: 3 }).map((keys) => ({
    text: renderJson({ ...selfSigned(), record: { service: 'registry', keys } }),
    what: 'keys a list of junk',
  })),
  hostileValue.map((record) => ({ text: renderJson({ ...selfSigned(), record }), what: 'record not a record' })),
  fc.constant({
    text: JSON.stringify({ ...selfSigned(impostor), keyId: registry.key.keyId }),
    what: 'signed by a key it does not name',
  }),
);

/** A bucket whose watch of `services.registry` yields `texts` (as PUTs), then the registry's own entry. */
function bucketOffering(texts: string[]): KV {
  const entries = [...texts, JSON.stringify(selfSigned())].map(
    (text) => ({ key: KEY, operation: 'PUT', string: () => text }) as unknown as KvEntry,
  );
  return {
    watch: async () => ({
      stop: () => undefined,
      async *[Symbol.asyncIterator]() {
        yield* entries;
      },
    }),
  } as unknown as KV;
}

describe(`${trustedRegistryKey.name} under hostile values of services.registry`, () => {
  const tally = new OutcomeTally('trustedRegistryKey (registry-key pinning)');
  const heap = fuzzWatch(tally);

  it('pins the registry key the registry published, whatever came before it, and nothing else', async () => {
    const prototypesChanged = prototypeSnapshot();
    await fc.assert(
      fc.asyncProperty(fc.array(offered, { minLength: 1, maxLength: 3 }), async (before) => {
        const pinned: StoredBusKey[] = [];
        const store = {
          find: async () => null,
          storeOnce: async (_name: string, key: StoredBusKey) => (pinned.push(key), key),
        } as unknown as BusKeysRepository;
        const outcome = await settled(() =>
          trustedRegistryKey(bucketOffering(before.map((b) => b.text)), store, pino({ level: 'silent' })),
        );
        expect(prototypesChanged()).toEqual([]);
        expect(outcome).toEqual({ value: expect.objectContaining({ keyId: registry.key.keyId }) });
        expect(pinned).toEqual([expect.objectContaining({ keyId: registry.key.keyId, privateKey: null })]);
        for (const { what } of before) tally.add(`passed over: ${what}`);
      }),
      fuzzParameters(500),
    );
    expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 60_000);
});
