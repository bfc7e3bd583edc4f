import type { INestApplication } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import { ExchangeNames, type GroupRecord, REGISTRY_KEYS, RPC } from '@iren/contracts';
import { openRegistryBucket, type RegistryMirror } from '@iren/messaging';
import { DomainError } from '@iren/platform';
import { KvMirrorWriter } from '../mirror/kv-mirror-writer';
import type { RpcClient } from '../../../gateway/src/registry/registry-client';
import { type RegistryHarness, startRegistryHarness } from '../testing/registry-harness';

const NODES = ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU', 'UZ-HQ-TASHKENT'];

describe('registry groups and operations through NATS request/reply and the KV bucket', () => {
  let harness: RegistryHarness;
  let names: ExchangeNames;
  let databaseUrl: string;
  let app: INestApplication;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let mirror: RegistryMirror;
  let db: Client;
  let now = new Date();

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as DomainError,
    );
  const groupEvents = async (group: string) =>
    (
      await db.query(
        `SELECT payload FROM registry.outbox WHERE subject LIKE '%.events.registry.group.%' AND payload->'data'->>'group' = $1 ORDER BY id`,
        [group],
      )
    ).rows.map((row) => row.payload);

  beforeAll(async () => {
    harness = await startRegistryHarness('groups', () => now);
    ({ app, nc, rpc, mirror, names, databaseUrl } = harness);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    for (const node of NODES) {
      const [country, type] = node.split('-');
      await rpc.call(RPC.registerNode, { id: node, type, country, name: node, locodes: [] });
    }
  });

  afterAll(async () => {
    await db?.end();
    await harness?.stop();
  });

  it('creates a group, mirrors it with its members under groups.<id>, and announces it', async () => {
    const input = { id: 'CASPIAN-PCUS', name: 'Caspian PCUs', kind: 'GROUP', members: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'] };
    const group = await rpc.call<GroupRecord>(RPC.createGroup, input, 'corr-g1');
    expect(group).toEqual({
      ...input,
      members: ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await mirror.waitUntil(() => mirror.groups.get('CASPIAN-PCUS')?.updatedAt === group.updatedAt, 5000)).toBe(
      true,
    );
    expect(mirror.groupMembers('CASPIAN-PCUS')).toEqual(['AZ-PCU-BAKU', 'KZ-PCU-AKTAU']);
    expect(await groupEvents('CASPIAN-PCUS')).toEqual([
      expect.objectContaining({
        type: 'registry.group.created',
        nodes: group.members,
        correlationId: 'corr-g1',
        data: { group: 'CASPIAN-PCUS', kind: 'GROUP', name: 'Caspian PCUs', members: group.members },
      }),
    ]);
  });

  it('refuses a taken id with 409 and an unregistered member with 400 naming it, storing nothing', async () => {
    const taken = await failure(rpc.call(RPC.createGroup, { id: 'CASPIAN-PCUS', name: 'again', kind: 'GROUP' }));
    expect(taken?.status).toBe(409);
    const ghost = await failure(
      rpc.call(RPC.createGroup, { id: 'GHOSTS', name: 'g', kind: 'GROUP', members: ['KZ-PCU-AKTAU', 'TM-PCU-GHOST'] }),
    );
    expect(ghost?.status).toBe(400);
    expect(ghost?.fields).toEqual([
      { field: 'members.1', messages: ['members.1: node TM-PCU-GHOST is not registered'] },
    ]);
    expect((await failure(rpc.call(RPC.getGroup, { id: 'GHOSTS' })))?.status).toBe(404);
    const put = await failure(rpc.call(RPC.putGroupMembers, { id: 'CASPIAN-PCUS', members: ['XX-PCU-NOPE'] }));
    expect(put?.fields?.map((f) => f.field)).toEqual(['members.0']);
    expect(await groupEvents('GHOSTS')).toEqual([]);
  });

  it('replaces members whole, announcing who came and went, and a repeat changes nothing', async () => {
    const members = ['UZ-HQ-TASHKENT', 'KZ-PCU-AKTAU'];
    const group = await rpc.call<GroupRecord>(RPC.putGroupMembers, { id: 'CASPIAN-PCUS', members });
    expect(group.members).toEqual(['KZ-PCU-AKTAU', 'UZ-HQ-TASHKENT']);
    const again = await rpc.call<GroupRecord>(RPC.putGroupMembers, { id: 'CASPIAN-PCUS', members });
    expect(again.updatedAt).toBe(group.updatedAt);
    const events = await groupEvents('CASPIAN-PCUS');
    expect(events.map((e) => e.type)).toEqual(['registry.group.created', 'registry.group.members.changed']);
    expect(events[1].data).toEqual({
      group: 'CASPIAN-PCUS',
      kind: 'GROUP',
      members: group.members,
      added: ['UZ-HQ-TASHKENT'],
      removed: ['AZ-PCU-BAKU'],
    });
    expect(events[1].nodes).toEqual(['AZ-PCU-BAKU', 'KZ-PCU-AKTAU', 'UZ-HQ-TASHKENT']);
    await mirror.waitUntil(() => mirror.groups.get('CASPIAN-PCUS')?.updatedAt === group.updatedAt, 5000);
    expect(mirror.groupMembers('CASPIAN-PCUS')).toEqual(group.members);
    expect((await failure(rpc.call(RPC.putGroupMembers, { id: 'NOWHERE', members: [] })))?.status).toBe(404);
  });

  it('keeps an operation’s window, whose members lapse at its end', async () => {
    const window = { startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-31T00:00:00Z' };
    const input = { id: 'OP-SILK-2026', name: 'Silk', kind: 'OPERATION', ...window, members: ['AZ-PCU-BAKU'] };
    const operation = await rpc.call<GroupRecord>(RPC.createGroup, input);
    expect(operation).toMatchObject({ startsAt: '2026-12-01T00:00:00.000Z', endsAt: '2026-12-31T00:00:00.000Z' });
    await mirror.waitUntil(() => mirror.groups.has('OP-SILK-2026'), 5000);
    now = new Date('2026-12-15T00:00:00Z');
    expect(mirror.operationMembers('OP-SILK-2026')).toEqual(['AZ-PCU-BAKU']);
    now = new Date('2026-12-31T00:00:00Z');
    expect(mirror.operationMembers('OP-SILK-2026')).toEqual([]);
    expect(mirror.groupMembers('OP-SILK-2026')).toBeUndefined();
    const backwards = await failure(rpc.call(RPC.createGroup, { ...input, id: 'OP-2', startsAt: window.endsAt }));
    expect(backwards?.fields?.map((f) => f.field)).toEqual(['endsAt']);
  });

  it('keeps a group whose key someone deleted, and puts the key back on resync', async () => {
    const kv = await openRegistryBucket(nc, names);
    const refused = mirror.refused.count;
    await kv.delete(REGISTRY_KEYS.group('CASPIAN-PCUS'));
    expect(await mirror.waitUntil(() => mirror.refused.count > refused, 5000)).toBe(true);
    expect(mirror.groupMembers('CASPIAN-PCUS')).toEqual(['KZ-PCU-AKTAU', 'UZ-HQ-TASHKENT']);
    await app.get(KvMirrorWriter).resync();
    const restored = await kv.get(REGISTRY_KEYS.group('CASPIAN-PCUS'));
    expect(restored?.json<{ record: { members: string[] } }>().record.members).toEqual([
      'KZ-PCU-AKTAU',
      'UZ-HQ-TASHKENT',
    ]);
  });

  it('lists every group, or those of one member, and answers one by id', async () => {
    const all = await rpc.call<GroupRecord[]>(RPC.listGroups, {});
    expect(all.map((g) => g.id)).toEqual(['CASPIAN-PCUS', 'OP-SILK-2026']);
    const baku = await rpc.call<GroupRecord[]>(RPC.listGroups, { member: 'AZ-PCU-BAKU' });
    expect(baku.map((g) => g.id)).toEqual(['OP-SILK-2026']);
    expect(await rpc.call<GroupRecord[]>(RPC.listGroups, { member: 'GE-PCU-POTI' })).toEqual([]);
    expect(await rpc.call(RPC.getGroup, { id: 'OP-SILK-2026' })).toEqual(all[1]);
  });
});
