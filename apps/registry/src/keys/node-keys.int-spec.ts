import type { INestApplication } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { ExchangeNames, newSigningKeyPair, type NodeKeyRecord, type NodeRecord, RPC } from '@iren/contracts';
import { openRegistryBucket, RegistryMirror } from '@iren/messaging';
import { createRootLogger, DomainError, dropDatabase, loadRegistryConfig } from '@iren/platform';
import { RpcClient } from '../../../gateway/src/registry/registry-client';
import { removeNamespace, runId } from '../../../../test/support/test-network';
import { KvMirrorWriter } from '../mirror/kv-mirror-writer';
import { startRegistry } from '../registry.app';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const NODE = 'KZ-PCU-AKTAU';

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('registry: nodes signing keys, their KV record and their events', () => {
  const id = runId();
  const namespace = `t${id}`;
  const names = new ExchangeNames(namespace);
  const databaseUrl = `${PG}/iren_test_keys_${id}`;
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
    const env = {
      NATS_URL,
      DATABASE_URL: databaseUrl,
      IREN_NAMESPACE: namespace,
      IREN_ADMIN_TOKEN: 'x'.repeat(32),
      PORT: '0',
      IREN_SEED_DEMO: 'false',
      IREN_STREAM_MAX_BYTES: String(64 * 1024 ** 2),
    };
    app = await startRegistry(loadRegistryConfig(env), createRootLogger('registry', 'silent'));
    nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
    const client = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: NATS_URL.replace(/^nats:\/\//, '') },
    });
    rpc = new RpcClient(client, names);
    mirror = new RegistryMirror(await openRegistryBucket(nc, names), pino({ level: 'silent' }));
    await mirror.start();
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
    mirror?.stop();
    await rpc?.onApplicationShutdown();
    await app?.close();
    await nc?.close();
    await removeNamespace(namespace);
    await dropDatabase(databaseUrl);
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

  it('restores keys.<node> from PostgreSQL when the KV key was lost', async () => {
    const kept = mirror.keysOf(NODE);
    const kv = await openRegistryBucket(nc, names);
    await kv.delete(`keys.${NODE}`);
    await until(() => mirror.keysOf(NODE) === undefined, 'deletion seen');
    await app.get(KvMirrorWriter).resync();
    await until(() => mirror.keysOf(NODE) !== undefined, 'restored keys');
    expect(mirror.keysOf(NODE)).toEqual(kept);
  });
});
