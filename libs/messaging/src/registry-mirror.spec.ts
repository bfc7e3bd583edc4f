import pino from 'pino';
import { REGISTRY_KEYS, type TokenRecord } from '@iren/contracts';
import { FakeRegistryBucket, testRegistry } from '@iren/messaging/testing';
import { RegistryMirror } from './registry-mirror';

const HASH = 'a'.repeat(64);
const token: TokenRecord = {
  id: 't-1',
  nodeId: 'KZ-PCU-AKTAU',
  createdAt: '2026-11-01T00:00:00.000Z',
  revokedAt: null,
};
const settled = (mirror: RegistryMirror, count: number) => mirror.waitUntil(() => mirror.refused.count >= count, 1000);

describe(`${RegistryMirror.name} takes only what the registry signed`, () => {
  let bucket: FakeRegistryBucket;
  let mirror: RegistryMirror;

  beforeEach(async () => {
    bucket = new FakeRegistryBucket();
    bucket.put(REGISTRY_KEYS.token(HASH), token);
    mirror = new RegistryMirror(bucket.asKv(), bucket.registryKey, pino({ level: 'silent' }));
    await mirror.start();
  });

  afterEach(() => mirror.stop());

  it('takes a signed value and a signed removal', async () => {
    expect(mirror.token(HASH)).toEqual(token);
    bucket.remove(REGISTRY_KEYS.token(HASH));
    expect(await mirror.waitUntil(() => mirror.token(HASH) === undefined, 1000)).toBe(true);
    expect(mirror.refused.count).toBe(0);
  });

  it('refuses a token minted by writing the bucket, unsigned or signed with another key', async () => {
    const minted = 'b'.repeat(64);
    bucket.forge(REGISTRY_KEYS.token(minted), { ...token, id: 't-forged' });
    bucket.forge(REGISTRY_KEYS.token(minted), testRegistry().sign(REGISTRY_KEYS.token(minted), token));
    expect(await settled(mirror, 2)).toBe(true);
    expect(mirror.token(minted)).toBeUndefined();
    expect(mirror.refused.last).toMatchObject({ key: `tokens.${minted}`, problem: expect.stringMatching(/signed by/) });
  });

  it('refuses a signed value moved under another key', async () => {
    const other = 'c'.repeat(64);
    bucket.forge(REGISTRY_KEYS.token(other), bucket.registry.sign(REGISTRY_KEYS.token(HASH), token));
    expect(await settled(mirror, 1)).toBe(true);
    expect(mirror.token(other)).toBeUndefined();
  });

  it('ignores values under keys it does not read, prototype names among them, and keeps watching', async () => {
    bucket.deleteRaw('__proto__.x');
    bucket.forge('constructor.x', { record: null });
    bucket.put('__proto__.x', token);
    bucket.put('toString.x', null);
    bucket.remove(REGISTRY_KEYS.token(HASH));
    expect(await mirror.waitUntil(() => mirror.token(HASH) === undefined, 1000)).toBe(true);
    expect(mirror.refused.count).toBe(0);
  });

  it('keeps the value when someone deletes the key without the registry', async () => {
    bucket.deleteRaw(REGISTRY_KEYS.token(HASH));
    expect(await settled(mirror, 1)).toBe(true);
    expect(mirror.token(HASH)).toEqual(token);
  });

  it('refuses an older signed value replayed over a newer one', async () => {
    const old = bucket.registry.sign(REGISTRY_KEYS.token(HASH), token);
    await new Promise((resolve) => setTimeout(resolve, 5));
    bucket.remove(REGISTRY_KEYS.token(HASH));
    await mirror.waitUntil(() => mirror.token(HASH) === undefined, 1000);
    bucket.forge(REGISTRY_KEYS.token(HASH), old);
    expect(await settled(mirror, 1)).toBe(true);
    expect(mirror.token(HASH)).toBeUndefined();
  });

  it('refuses what is not JSON', async () => {
    bucket.forge(REGISTRY_KEYS.node('KZ-PCU-AKTAU'), 'not json at all');
    expect(await settled(mirror, 1)).toBe(true);
    expect(mirror.node('KZ-PCU-AKTAU')).toBeUndefined();
  });
});
