import fc from 'fast-check';
import pino from 'pino';
import { signRegistryEntry, type SigningKey } from '@iren/contracts';
import {
  FakeRegistryBucket,
  fuzzParameters,
  fuzzWatch,
  HEAP_GROWTH_LIMIT,
  hostilePayload,
  hostileValue,
  mutated,
  OutcomeTally,
  prototypeSnapshot,
  renderJson,
  settled,
  testServiceKey,
} from '@iren/messaging/testing';
import { RegistryMirror } from './registry-mirror';

const registry = testServiceKey('registry').key;
const stranger = testServiceKey('registry').key;

/** The mirror's map of each key prefix the registry writes. */
const FIELDS = new Map([
  ['nodes', 'nodes'],
  ['subscriptions', 'subscriptions'],
  ['tokens', 'tokens'],
  ['groups', 'groups'],
  ['keys', 'keys'],
  ['services', 'services'],
] as const);
type Field = 'nodes' | 'subscriptions' | 'tokens' | 'groups' | 'keys' | 'services';

const ids = fc.constantFrom('KZ-PCU-AKTAU', 'x', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'a.b');
/** Keys under every prefix the mirror reads, and under prefixes it does not (prototype names among them). */
const keys = fc.oneof(
  // One key often, so that a case writes it several times: newer over older, replays, removals.
  { arbitrary: fc.constant('nodes.KZ-PCU-AKTAU'), weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom(...FIELDS.keys()), ids).map(([prefix, id]) => `${prefix}.${id}`), weight: 4 },
  {
    arbitrary: fc.constantFrom('__proto__.x', 'constructor.x', 'toString.x', 'valueOf.', 'foo.x', 'nodes', ''),
    weight: 1,
  },
);

type Write =
  | { kind: 'signed'; key: string; record: unknown; replay: boolean }
  | { kind: 'tombstone'; key: string }
  | { kind: 'bytes'; key: string; bytes: Uint8Array }
  | { kind: 'not-the-registry'; key: string; value: unknown }
  | { kind: 'delete'; key: string };

/** A parsed hostile value, as a record the registry could sign. */
const record = hostileValue.map((v) => JSON.parse(renderJson(v)) as unknown);
const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('signed' as const), key: keys, record, replay: fc.boolean() }),
  fc.record({ kind: fc.constant('tombstone' as const), key: keys }),
  fc.record({ kind: fc.constant('bytes' as const), key: keys, bytes: hostilePayload }),
  keys.chain((key) =>
    mutated(signRegistryEntry(stranger, key, { id: 'x' }), 2).map(({ value }) => ({
      kind: 'not-the-registry' as const,
      key,
      value: JSON.parse(renderJson(value)) as unknown,
    })),
  ),
  fc.record({ kind: fc.constant('delete' as const), key: keys }),
);

/** What the mirror should hold: the registry's latest signed value of each key it reads, and how many it refused. */
class Model {
  readonly maps = new Map<Field, Map<string, unknown>>([...FIELDS.values()].map((f) => [f, new Map()]));
  readonly signedAt = new Map<string, string>();
  refused = 0;

  apply(key: string, signed: { record: unknown; signedAt: string } | undefined): string {
    const dot = key.indexOf('.');
    const field = FIELDS.get(key.slice(0, dot) as never);
    if (!field || dot < 0) return 'ignored (not a registry key)';
    const held = this.signedAt.get(key);
    if (!signed || (held !== undefined && signed.signedAt < held)) {
      this.refused += 1;
      return signed ? 'refused (replayed)' : 'refused (not signed by the registry)';
    }
    this.signedAt.set(key, signed.signedAt);
    const map = this.maps.get(field)!;
    if (signed.record === null) map.delete(key.slice(dot + 1));
    else map.set(key.slice(dot + 1), signed.record);
    return signed.record === null ? 'removed' : 'taken';
  }
}

describe(`${RegistryMirror.name} under hostile bucket values`, () => {
  const tally = new OutcomeTally('RegistryMirror entry decoding (verifyRegistryEntry)');
  const heap = fuzzWatch(tally);

  it('takes exactly the values the registry signed, newest first, under the keys it reads; refuses and counts the rest, and keeps watching', async () => {
    const prototypesChanged = prototypeSnapshot();
    let clock = Date.parse('2026-03-01T00:00:00.000Z');
    const signed = (key: string, value: unknown, replay: boolean) => {
      const at = new Date(replay ? Date.parse('2026-01-01T00:00:00.000Z') : (clock += 1)).toISOString();
      try {
        return signRegistryEntry(registry as SigningKey, key, value, at);
      } catch {
        return undefined; // canonical JSON cannot sign it: the registry could not have published it
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 6 }), async (writes) => {
        const errors: string[] = [];
        const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(JSON.parse(line).msg) });
        const bucket = new FakeRegistryBucket();
        const mirror = new RegistryMirror(
          bucket.asKv(),
          { keyId: registry.keyId, publicKey: registry.publicKeyPem },
          logger,
        );
        await mirror.start();
        const model = new Model();
        try {
          for (const w of writes) {
            if (w.kind === 'signed' || w.kind === 'tombstone') {
              const entry = signed(w.key, w.kind === 'signed' ? w.record : null, w.kind === 'signed' && w.replay);
              if (!entry) continue;
              bucket.forge(w.key, entry);
              tally.add(`${w.kind}: ${model.apply(w.key, entry)}`);
            } else {
              if (w.kind === 'bytes') bucket.forgeBytes(w.key, w.bytes);
              else if (w.kind === 'delete') bucket.deleteRaw(w.key);
              else bucket.forge(w.key, w.value);
              tally.add(`${w.kind}: ${model.apply(w.key, undefined)}`);
            }
          }
          expect(await settled(() => mirror.catchUp(2_000))).toEqual({ value: true });
          expect(prototypesChanged()).toEqual([]);
          expect(errors).toEqual([]);
          expect(mirror.refused.count).toBe(model.refused);
          for (const [field, map] of model.maps) expect(new Map(mirror[field] as Map<string, unknown>)).toEqual(map);
        } finally {
          mirror.stop();
        }
      }),
      fuzzParameters(600),
    );
    expect(tally.count('signed: taken')).toBeGreaterThan(0);
    expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 120_000);
});
