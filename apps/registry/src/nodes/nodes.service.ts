import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NodeKeyRecord, NodeRecord, NodeStatus } from '@iren/contracts';
import { EventOutbox, OutboxRelayHost } from '@iren/messaging';
import { ConflictError, NotFoundError, Transactor } from '@iren/platform';
import { NodeKeysRepository } from '../keys/node-keys.repository';
import { KvMirrorWriter } from '../mirror/kv-mirror-writer';
import { BusAccountSync } from '../nats-credentials/bus-account-sync';
import { tokenHash } from '../tokens/token-secret';
import { TokensRepository } from '../tokens/tokens.repository';
import { NodesRepository } from './nodes.repository';

export interface NodeRegistration {
  id: string;
  type: NodeRecord['type'];
  country: string;
  name: string;
  locodes: string[];
  contact: NodeRecord['contact'];
}

@Injectable()
export class NodesService {
  constructor(
    private readonly transactor: Transactor,
    private readonly nodes: NodesRepository,
    private readonly tokens: TokensRepository,
    private readonly events: EventOutbox,
    private readonly mirror: KvMirrorWriter,
    private readonly relay: OutboxRelayHost,
    private readonly keys: NodeKeysRepository,
    private readonly account: BusAccountSync,
  ) {}

  /** Registers a node with its first officer token (a `newToken()`), stored only as its hash. */
  async register(
    input: NodeRegistration,
    token: string,
    correlationId?: string,
  ): Promise<{ node: NodeRecord; token: string }> {
    const hash = tokenHash(token);
    const tokenId = randomUUID();
    const node = await this.transactor.run(async (m) => {
      const inserted = await this.nodes.insert(m, { ...input, status: 'ACTIVE' });
      if (!inserted) throw new ConflictError(`node ${input.id} is already registered`);
      await this.tokens.insert(m, { id: tokenId, nodeId: input.id, hash });
      const record = (await this.nodes.find(input.id, m))!.toRecord();
      await this.events.recordFor(
        m,
        'registry.node.registered',
        input.id,
        { type: input.type, country: input.country, locodes: input.locodes },
        correlationId,
      );
      await this.events.recordFor(m, 'registry.token.issued', input.id, { tokenId }, correlationId);
      return record;
    });
    this.relay.notify();
    await this.mirror.syncNode(node.id);
    await this.mirror.syncToken(hash);
    return { node, token };
  }

  /** Every node with the public parts of its signing keys, newest first (DESIGN section 8). */
  async list(): Promise<(NodeRecord & { keys: NodeKeyRecord[] })[]> {
    const keys = new Map((await this.keys.listRecords()).map((k) => [k.nodeId, k.keys]));
    return (await this.nodes.list()).map((n) => ({ ...n.toRecord(), keys: keys.get(n.id) ?? [] }));
  }

  /** A node with the public parts of its signing keys, newest first (DESIGN section 8). */
  async get(id: string): Promise<NodeRecord & { keys: NodeKeyRecord[] }> {
    const node = await this.nodes.find(id);
    if (!node) throw new NotFoundError(`node ${id}`);
    return { ...node.toRecord(), keys: (await this.keys.recordOf(id)).keys };
  }

  async count(): Promise<number> {
    return this.nodes.count();
  }

  /**
   * Suspends or reinstates a node; setting the status it already has changes nothing. A suspended
   * node's NATS users are revoked in the bus's account before this answers (and work again if it
   * is reinstated); its officers' tokens stop working once the mirror has the new status.
   */
  async setStatus(id: string, status: NodeStatus, correlationId?: string): Promise<NodeRecord> {
    const { record, changed } = await this.transactor.run(async (m) => {
      const current = await this.nodes.lockForUpdate(m, id);
      if (!current) throw new NotFoundError(`node ${id}`);
      if (current.status === status) return { record: current.toRecord(), changed: false };
      const updated = (await this.nodes.setStatus(m, id, status))!;
      const type = status === 'SUSPENDED' ? 'registry.node.suspended' : 'registry.node.reinstated';
      await this.events.recordFor(m, type, id, { status }, correlationId);
      return { record: updated.toRecord(), changed: true };
    });
    if (changed) {
      this.relay.notify();
      await this.mirror.syncNode(id);
      await this.account.sync();
    }
    return record;
  }
}
