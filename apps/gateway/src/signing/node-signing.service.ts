import { Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import {
  type Envelope,
  newSigningKeyPair,
  type NodeKeyRecord,
  privateKeyOf,
  RPC,
  signEnvelope,
  type SigningKey,
  signingKeyId,
} from '@iren/contracts';
import { NotFoundError } from '@iren/platform';
import { RpcClient } from '../registry/registry-client';
import { SigningKeysRepository } from './signing-keys.repository';
import { RegistryDirectory } from '@iren/messaging';

/** How long a new key may take to reach this gateway's mirror before we answer anyway. */
const MIRROR_WAIT_MS = 3000;

/**
 * Makes nodes' signing keys and signs their envelopes. The gateway makes each pair and keeps the
 * private part; the registry holds the public part and says which key is active. In that order:
 * the pair is committed here first, then registered, so a crash between the two leaves only an
 * unused row here, and a node whose active key this gateway cannot sign with gets a new one.
 */
@Injectable()
export class NodeSigningService {
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly making = new Map<string, Promise<SigningKey>>();

  constructor(
    private readonly repository: SigningKeysRepository,
    private readonly rpc: RpcClient,
    private readonly directory: RegistryDirectory,
  ) {}

  /** A new active key for the node; the one before is retired and still verifies what it signed. */
  async rotate(nodeId: string, correlationId?: string): Promise<NodeKeyRecord> {
    if (!this.directory.registry.node(nodeId)) throw new NotFoundError(`node ${nodeId}`);
    return (await this.makeKey(nodeId, correlationId)).record;
  }

  /**
   * Registers a key whose private part the node's own system holds, for the messages it publishes
   * on the bus itself; the node's previous such key is retired, the gateway's key stays.
   */
  async registerNodeHeld(nodeId: string, publicKey: string, correlationId?: string): Promise<NodeKeyRecord> {
    if (!this.directory.registry.node(nodeId)) throw new NotFoundError(`node ${nodeId}`);
    const record = await this.rpc.call<NodeKeyRecord>(
      RPC.registerKey,
      { nodeId, publicKey, holder: 'node' },
      correlationId,
    );
    const registry = this.directory.registry;
    await registry.waitUntil(
      () => registry.keysOf(nodeId)?.keys.some((k) => k.keyId === record.keyId) === true,
      MIRROR_WAIT_MS,
    );
    return record;
  }

  /** The envelope signed with its origin's active key (made first if the node has none yet). */
  async sign<E extends Envelope<unknown>>(envelope: E, correlationId?: string): Promise<E> {
    return signEnvelope(envelope, await this.activeKey(envelope.origin, correlationId));
  }

  private async activeKey(nodeId: string, correlationId?: string): Promise<SigningKey> {
    const active = this.directory.registry
      .keysOf(nodeId)
      ?.keys.find((k) => k.status === 'ACTIVE' && k.holder === 'gateway');
    const privateKey = active && (await this.privateKey(active.keyId));
    if (active && privateKey) return { keyId: active.keyId, privateKey };
    // Concurrent first messages of a keyless node share one new key rather than racing to rotate.
    let pending = this.making.get(nodeId);
    if (!pending) {
      pending = this.makeKey(nodeId, correlationId).then(({ key }) => key);
      this.making.set(nodeId, pending);
      void pending.finally(() => this.making.delete(nodeId)).catch(() => undefined);
    }
    return pending;
  }

  private async privateKey(keyId: string): Promise<KeyObject | undefined> {
    const cached = this.privateKeys.get(keyId);
    if (cached) return cached;
    const row = await this.repository.find(keyId);
    if (!row) return undefined;
    const key = privateKeyOf(row.privateKey);
    this.privateKeys.set(keyId, key);
    return key;
  }

  private async makeKey(nodeId: string, cid?: string): Promise<{ key: SigningKey; record: NodeKeyRecord }> {
    const { publicKeyPem, privateKeyPem } = newSigningKeyPair();
    const keyId = signingKeyId(nodeId, publicKeyPem);
    await this.repository.insert({ keyId, nodeId, publicKey: publicKeyPem, privateKey: privateKeyPem });
    const record = await this.rpc.call<NodeKeyRecord>(RPC.registerKey, { nodeId, publicKey: publicKeyPem }, cid);
    const registry = this.directory.registry;
    // Read our own write: the next message signs with this key and the router knows it.
    await registry.waitUntil(
      () => registry.keysOf(nodeId)?.keys.some((k) => k.keyId === keyId && k.status === 'ACTIVE') === true,
      MIRROR_WAIT_MS,
    );
    const privateKey = privateKeyOf(privateKeyPem);
    this.privateKeys.set(keyId, privateKey);
    return { key: { keyId, privateKey }, record };
  }
}
