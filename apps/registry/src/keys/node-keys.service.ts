import { Injectable } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import { type KeyHolder, type NodeKeyRecord, type NodeKeysRecord, signingKeyId } from '@iren/contracts';
import { EventOutbox, OutboxRelayHost } from '@iren/messaging';
import { InvalidInputError, NotFoundError, Transactor } from '@iren/platform';
import { KvMirrorWriter } from '../mirror/kv-mirror-writer';
import { NodesRepository } from '../nodes/nodes.repository';
import { NodeKeysRepository } from './node-keys.repository';

/**
 * Nodes' public signing keys. Registering a key makes it the node's active key for its holder (the
 * gateway, or the node's own system) and retires that holder's key before (kept: it still verifies
 * what it signed). The key id derives from the key, so a registration whose answer was lost may
 * be retried: the second call changes nothing.
 */
@Injectable()
export class NodeKeysService {
  constructor(
    private readonly transactor: Transactor,
    private readonly nodes: NodesRepository,
    private readonly keys: NodeKeysRepository,
    private readonly events: EventOutbox,
    private readonly mirror: KvMirrorWriter,
    private readonly relay: OutboxRelayHost,
  ) {}

  async register(nodeId: string, publicKey: string, holder: KeyHolder, correlationId?: string): Promise<NodeKeyRecord> {
    const keyId = keyIdOf(nodeId, publicKey);
    const { record, changed } = await this.transactor.run(async (m) => {
      if (!(await this.nodes.lockForUpdate(m, nodeId))) throw new NotFoundError(`node ${nodeId}`);
      const existing = await this.keys.find(keyId, m);
      if (existing) return { record: existing.toRecord(), changed: false };
      const now = new Date();
      const retiredKeyId = await this.keys.retireActive(m, nodeId, holder, now);
      await this.keys.insert(m, { keyId, nodeId, publicKey, holder, createdAt: now });
      const type = retiredKeyId ? 'registry.key.rotated' : 'registry.key.registered';
      const data = { keyId, holder, retiredKeyId: retiredKeyId ?? null };
      await this.events.recordFor(m, type, nodeId, data, correlationId);
      return { record: (await this.keys.find(keyId, m))!.toRecord(), changed: true };
    });
    if (changed) {
      this.relay.notify();
      await this.mirror.syncKeys(nodeId);
    }
    return record;
  }

  recordOf(nodeId: string): Promise<NodeKeysRecord> {
    return this.keys.recordOf(nodeId);
  }
}

/** The key's id, after checking that it is an Ed25519 public key in PEM (400 naming `publicKey` otherwise). */
function keyIdOf(nodeId: string, publicKey: string): string {
  try {
    if (createPublicKey(publicKey).asymmetricKeyType === 'ed25519') return signingKeyId(nodeId, publicKey);
  } catch {
    // Not PEM at all: answered below like a key of another algorithm.
  }
  const message = 'publicKey should be an Ed25519 public key in PEM';
  throw new InvalidInputError(message, [{ field: 'publicKey', messages: [message] }]);
}
