import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ExchangeNames, type NodeRecord, RPC } from '@iren/contracts';
import { openRegistryBucket, type RegistryMirror } from '@iren/messaging';
import { DomainError } from '@iren/platform';
import { KvMirrorWriter } from './mirror/kv-mirror-writer';
import { tokenHash } from './tokens/token-secret';
import type { RpcClient } from '../../gateway/src/registry/registry-client';
import { type RegistryHarness, startRegistryHarness } from './testing/registry-harness';

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('registry round trip through NATS request/reply and the KV bucket', () => {
  let harness: RegistryHarness;
  let names: ExchangeNames;
  let app: INestApplication;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let mirror: RegistryMirror;

  beforeAll(async () => {
    harness = await startRegistryHarness('registry');
    ({ app, nc, rpc, mirror, names } = harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const aktau = {
    id: 'KZ-PCU-AKTAU',
    type: 'PCU',
    country: 'KZ',
    name: 'Aktau seaport PCU',
    locodes: ['KZAAU'],
    contact: { email: 'pcu.aktau@example.kz', phone: '+77292000000' },
  };

  it('registers a node, mirrors it and its token hash into KV, and announces it', async () => {
    const { node, token } = await rpc.call<{ node: NodeRecord; token: string }>(RPC.registerNode, aktau, 'corr-1');
    expect(node).toMatchObject({ ...aktau, status: 'ACTIVE' });
    expect(token).toMatch(/^irn_[A-Za-z0-9_-]{43}$/);
    await until(
      () => mirror.node('KZ-PCU-AKTAU') !== undefined && mirror.token(tokenHash(token)) !== undefined,
      'mirror',
    );
    expect(mirror.node('KZ-PCU-AKTAU')).toEqual(node);
    expect(mirror.token(tokenHash(token))).toMatchObject({ nodeId: 'KZ-PCU-AKTAU', revokedAt: null });
    // No copy of the token itself anywhere in the bucket.
    const kv = await openRegistryBucket(nc, names);
    for await (const key of await kv.keys()) expect((await kv.get(key))!.string()).not.toContain(token);

    const jsm = await jetstreamManager(nc);
    const announced = async () => {
      const info = await jsm.streams.info(names.stream('EVENTS'), {
        subjects_filter: names.eventSubject('registry.>'),
      });
      const counts = info.state.subjects ?? {};
      return ['registry.node.registered', 'registry.token.issued'].map((t) => counts[names.eventSubject(t)] ?? 0);
    };
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await announced()).some((n) => n === 0)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await announced()).toEqual([1, 1]);
  });

  it('refuses a duplicate id with 409 and bad input with 400 naming the field', async () => {
    await expect(rpc.call(RPC.registerNode, aktau)).rejects.toMatchObject({ status: 409 });
    const bad = await rpc
      .call(RPC.registerNode, { ...aktau, id: 'KZ-PCU-X', locodes: ['KZ1AU'] })
      .catch((e: DomainError) => e);
    expect(bad).toBeInstanceOf(DomainError);
    expect((bad as DomainError).status).toBe(400);
    expect((bad as DomainError).fields?.map((f) => f.field)).toContain('locodes.0');
  });

  it('carries subscriptions, suspensions and revocations to the mirror', async () => {
    const subscription = await rpc.call<{ version: number }>(RPC.putSubscription, {
      nodeId: 'KZ-PCU-AKTAU',
      filters: [{ locodes: ['KZAAU'], categories: ['IPR'], minRiskLevel: 'MEDIUM' }],
    });
    expect(subscription.version).toBe(1);
    await until(() => mirror.subscriptions.get('KZ-PCU-AKTAU')?.version === 1, 'subscription v1');
    await rpc.call(RPC.putSubscription, { nodeId: 'KZ-PCU-AKTAU', filters: [{ hsPrefixes: ['3004'] }] });
    await until(() => mirror.subscriptions.get('KZ-PCU-AKTAU')?.version === 2, 'subscription v2');
    expect(mirror.subscriptions.get('KZ-PCU-AKTAU')!.filters).toEqual([{ hsPrefixes: ['3004'] }]);

    await rpc.call(RPC.setNodeStatus, { id: 'KZ-PCU-AKTAU', status: 'SUSPENDED' });
    await until(() => mirror.node('KZ-PCU-AKTAU')?.status === 'SUSPENDED', 'suspension');

    const issued = await rpc.call<{ id: string; token: string }>(RPC.issueToken, { nodeId: 'KZ-PCU-AKTAU' });
    await until(() => mirror.token(tokenHash(issued.token)) !== undefined, 'new token');
    await rpc.call(RPC.revokeToken, { nodeId: 'KZ-PCU-AKTAU', tokenId: issued.id });
    await until(() => mirror.token(tokenHash(issued.token)) === undefined, 'revocation');
  });

  it('keeps a node whose key someone deleted, and puts the key back from PostgreSQL on resync', async () => {
    const kv = await openRegistryBucket(nc, names);
    const refused = mirror.refused.count;
    await kv.delete('nodes.KZ-PCU-AKTAU');
    await until(() => mirror.refused.count > refused, 'the unsigned deletion refused');
    expect(mirror.node('KZ-PCU-AKTAU')?.status).toBe('SUSPENDED');
    await app.get(KvMirrorWriter).resync();
    const restored = await kv.get('nodes.KZ-PCU-AKTAU');
    expect(restored?.operation).toBe('PUT');
    expect(restored?.json<{ record: { status: string } }>().record.status).toBe('SUSPENDED');
  });

  it('never honours a token written into the bucket by anyone else, and overwrites it on resync', async () => {
    const kv = await openRegistryBucket(nc, names);
    const minted = 'f'.repeat(64);
    const refused = mirror.refused.count;
    await kv.put(
      `tokens.${minted}`,
      JSON.stringify({ id: 'x', nodeId: 'KZ-PCU-AKTAU', createdAt: '', revokedAt: null }),
    );
    await until(() => mirror.refused.count > refused, 'the forged token refused');
    expect(mirror.token(minted)).toBeUndefined();
    await app.get(KvMirrorWriter).resync();
    expect((await kv.get(`tokens.${minted}`))?.json<{ record: unknown }>().record).toBeNull();
  });
});
