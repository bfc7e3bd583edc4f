import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { generateKeyPairSync } from 'node:crypto';
import { ExchangeNames, newSigningKeyPair, type NodeKeyRecord, type NodeRecord, RPC } from '@iren/contracts';
import { openRegistryBucket, type RegistryMirror } from '@iren/messaging';
import { DomainError } from '@iren/platform';
import { KvMirrorWriter } from '../mirror/kv-mirror-writer';
import type { RpcClient } from '../../../gateway/src/registry/registry-client';
import { type RegistryHarness, startRegistryHarness } from '../testing/registry-harness';

const NODE = 'KZ-PCU-AKTAU';

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('registry: nodes signing keys, their KV record and their events', () => {
  let harness: RegistryHarness;
  let names: ExchangeNames;
  let app: INestApplication;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let mirror: RegistryMirror;
  const register = (publicKey: string, nodeId = NODE) =>
    rpc.call<NodeKeyRecord>(RPC.registerKey, { nodeId, publicKey }, 'corr-keys');
  const eventCount = async (type: string): Promise<number> => {
    const jsm = await jetstreamManager(nc);
    const subject = names.eventSubject(type);
    const info = await jsm.streams.info(names.stream('EVENTS'), { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  };

  /** The count once it reached `expected` and the relay had time to publish anything more. */
  const settledCount = async (type: string, expected: number): Promise<number> => {
    const deadline = Date.now() + 10_000;
    while ((await eventCount(type)) < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    return eventCount(type);
  };

  beforeAll(async () => {
    harness = await startRegistryHarness('keys');
    ({ app, nc, rpc, mirror, names } = harness);
    await rpc.call<{ node: NodeRecord }>(RPC.registerNode, {
      id: NODE,
      type: 'PCU',
      country: 'KZ',
      name: 'Aktau seaport PCU',
      locodes: ['KZAAU'],
      contact: {},
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const first = newSigningKeyPair().publicKeyPem;
  const second = newSigningKeyPair().publicKeyPem;

  it('registers a first key as active, mirrors it to keys.<node> and announces it; a retry changes nothing', async () => {
    const key = await register(first);
    expect(key).toEqual({
      keyId: expect.stringMatching(/^KZ-PCU-AKTAU#[0-9a-f]{16}$/),
      algorithm: 'Ed25519',
      publicKey: first,
      status: 'ACTIVE',
      holder: 'gateway',
      createdAt: expect.any(String),
      retiredAt: null,
    });
    await until(() => mirror.keysOf(NODE)?.keys.length === 1, 'key mirrored');
    expect(mirror.keysOf(NODE)).toEqual({ nodeId: NODE, keys: [key] });
    await expect(register(first)).resolves.toEqual(key);
    expect(await settledCount('registry.key.registered', 1)).toBe(1);
    expect(await eventCount('registry.key.rotated')).toBe(0);
  });

  it('rotates: the new key is active, the old one retired at that instant and kept; shown by getNode', async () => {
    const before = mirror.keysOf(NODE)!.keys[0];
    const key = await register(second);
    expect(key.status).toBe('ACTIVE');
    await until(() => mirror.keysOf(NODE)?.keys.length === 2, 'rotation mirrored');
    const [newest, retired] = mirror.keysOf(NODE)!.keys;
    expect(newest).toEqual(key);
    expect(retired).toEqual({ ...before, status: 'RETIRED', retiredAt: key.createdAt });
    const node = await rpc.call<NodeRecord & { keys: NodeKeyRecord[] }>(RPC.getNode, { id: NODE });
    expect(node.keys).toEqual([newest, retired]);
    expect(await settledCount('registry.key.rotated', 1)).toBe(1);
  });

  it('refuses a key that is not Ed25519 PEM (400 naming publicKey) and an unknown node (404)', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
    for (const bad of ['not a key', rsa.toString()]) {
      const error = await register(bad).catch((e: DomainError) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(400);
      expect((error as DomainError).fields?.map((f) => f.field)).toEqual(['publicKey']);
    }
    await expect(register(newSigningKeyPair().publicKeyPem, 'GE-PCU-POTI')).rejects.toMatchObject({ status: 404 });
    expect(mirror.keysOf(NODE)!.keys).toHaveLength(2);
  });

  it('keeps one active key per holder: a key of the node’s own system retires only the one before it', async () => {
    const gatewayKey = mirror.keysOf(NODE)!.keys[0];
    const own = await rpc.call<NodeKeyRecord>(RPC.registerKey, {
      nodeId: NODE,
      publicKey: newSigningKeyPair().publicKeyPem,
      holder: 'node',
    });
    const replaced = await rpc.call<NodeKeyRecord>(RPC.registerKey, {
      nodeId: NODE,
      publicKey: newSigningKeyPair().publicKeyPem,
      holder: 'node',
    });
    await until(() => mirror.keysOf(NODE)?.keys.length === 4, 'node-held keys mirrored');
    const active = mirror.keysOf(NODE)!.keys.filter((k) => k.status === 'ACTIVE');
    expect(active.map((k) => [k.keyId, k.holder]).sort()).toEqual(
      [
        [gatewayKey.keyId, 'gateway'],
        [replaced.keyId, 'node'],
      ].sort(),
    );
    expect(mirror.keysOf(NODE)!.keys.find((k) => k.keyId === own.keyId)?.status).toBe('RETIRED');
  });

  it('keeps keys.<node> when someone deletes it, and restores it from PostgreSQL on resync', async () => {
    const kept = mirror.keysOf(NODE);
    const kv = await openRegistryBucket(nc, names);
    const refused = mirror.refused.count;
    await kv.delete(`keys.${NODE}`);
    await until(() => mirror.refused.count > refused, 'the unsigned deletion refused');
    expect(mirror.keysOf(NODE)).toEqual(kept);
    await app.get(KvMirrorWriter).resync();
    expect((await kv.get(`keys.${NODE}`))?.json<{ record: unknown }>().record).toEqual(kept);
  });
});
