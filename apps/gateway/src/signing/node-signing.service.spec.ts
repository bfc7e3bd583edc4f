import {
  type Envelope,
  type NodeKeyRecord,
  type NodeKeysRecord,
  type NodeRecord,
  RPC,
  signatureProblem,
  signingKeyId,
} from '@iren/contracts';
import { NotFoundError, UnavailableError } from '@iren/platform';
import type { RpcClient } from '../registry/registry-client';
import type { SigningKeyEntity } from './signing-key.entity';
import type { SigningKeysRepository } from './signing-keys.repository';
import { NodeSigningService } from './node-signing.service';
import { RegistryDirectory } from '@iren/messaging';

const NODE = 'KZ-PCU-AKTAU';

/** The registry as the gateway sees it: keys registered over RPC appear in the mirror. */
function world(options: { registryDown?: boolean } = {}) {
  const rows = new Map<string, SigningKeyEntity>();
  const keys = new Map<string, NodeKeysRecord>();
  const calls: unknown[] = [];
  const repository = {
    insert: async (row: Omit<SigningKeyEntity, 'createdAt'>) =>
      void rows.set(row.keyId, { ...row, createdAt: new Date() }),
    find: async (keyId: string) => rows.get(keyId) ?? null,
  } as unknown as SigningKeysRepository;
  const rpc = {
    call: async (pattern: string, data: { nodeId: string; publicKey: string }) => {
      calls.push(data);
      if (options.registryDown) throw new UnavailableError('registry service did not answer');
      expect(pattern).toBe(RPC.registerKey);
      const now = new Date().toISOString();
      const before = (keys.get(data.nodeId)?.keys ?? []).map((k) =>
        k.status === 'ACTIVE' ? { ...k, status: 'RETIRED' as const, retiredAt: now } : k,
      );
      const key: NodeKeyRecord = {
        keyId: signingKeyId(data.nodeId, data.publicKey),
        algorithm: 'Ed25519',
        publicKey: data.publicKey,
        status: 'ACTIVE',
        holder: 'gateway',
        createdAt: now,
        retiredAt: null,
      };
      keys.set(data.nodeId, { nodeId: data.nodeId, keys: [key, ...before] });
      return key;
    },
  } as unknown as RpcClient;
  const registry = {
    node: (id: string) => (id === NODE ? ({ id } as NodeRecord) : undefined),
    keysOf: (id: string) => keys.get(id),
    waitUntil: async (check: () => boolean) => check(),
  };
  const directory = { registry } as unknown as RegistryDirectory;
  return { service: new NodeSigningService(repository, rpc, directory), rows, keys, calls };
}

function envelope(): Envelope<unknown> {
  return {
    id: '0b8c6a52-2f4e-4a55-9d8b-0f3c0d6c1a01',
    kind: 'ALERT',
    origin: NODE,
    createdAt: new Date(Date.now() - 1000).toISOString(),
    tlp: 'GREEN',
    body: { title: 'x' },
  };
}

describe('NodeSigningService', () => {
  it('rotates by storing the pair here first, then registering its public part', async () => {
    const { service, rows, keys } = world();
    const record = await service.rotate(NODE);
    expect(rows.get(record.keyId)?.publicKey).toBe(record.publicKey);
    expect(rows.get(record.keyId)?.privateKey).toContain('PRIVATE KEY');
    expect(keys.get(NODE)?.keys).toEqual([record]);
  });

  it('signs with the active key, which the registry verifies; the same key until a rotation', async () => {
    const { service, keys } = world();
    const first = await service.rotate(NODE);
    const signed = await service.sign(envelope());
    expect(signed.signature?.keyId).toBe(first.keyId);
    expect(signatureProblem(signed, keys.get(NODE))).toBeUndefined();
    expect((await service.sign(envelope())).signature?.keyId).toBe(first.keyId);
    const second = await service.rotate(NODE);
    expect((await service.sign(envelope())).signature?.keyId).toBe(second.keyId);
    // Created before the rotation: still verifies with the retired key.
    expect(signatureProblem(signed, keys.get(NODE))).toBeUndefined();
  });

  it('makes one key for a node that has none, however many messages ask at once', async () => {
    const { service, keys, calls } = world();
    const signed = await Promise.all([1, 2, 3].map(() => service.sign(envelope())));
    expect(calls).toHaveLength(1);
    expect(new Set(signed.map((s) => s.signature?.keyId)).size).toBe(1);
    expect(keys.get(NODE)?.keys).toHaveLength(1);
  });

  it('makes a new key when the active one is not held here (registered, then the private part lost)', async () => {
    const { service, rows, keys } = world();
    const lost = await service.rotate(NODE);
    rows.delete(lost.keyId);
    const fresh = world();
    fresh.keys.set(NODE, keys.get(NODE)!);
    const signed = await fresh.service.sign(envelope());
    expect(signed.signature?.keyId).not.toBe(lost.keyId);
    expect(fresh.keys.get(NODE)?.keys.map((k) => k.status)).toEqual(['ACTIVE', 'RETIRED']);
  });

  it('leaves only an unused row when the registry cannot be reached, and answers its error', async () => {
    const { service, rows, keys } = world({ registryDown: true });
    await expect(service.sign(envelope())).rejects.toBeInstanceOf(UnavailableError);
    expect(rows.size).toBe(1);
    expect(keys.get(NODE)).toBeUndefined();
  });

  it('answers 404 for the keys of a node it does not know', async () => {
    await expect(world().service.rotate('GE-PCU-POTI')).rejects.toBeInstanceOf(NotFoundError);
  });
});
