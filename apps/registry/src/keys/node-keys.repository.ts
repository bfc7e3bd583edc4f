import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import type { KeyHolder, NodeKeysRecord } from '@iren/contracts';
import { NodeKeyEntity } from './node-key.entity';

@Injectable()
export class NodeKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(keyId: string, manager: EntityManager = this.dataSource.manager): Promise<NodeKeyEntity | null> {
    return manager.findOneBy(NodeKeyEntity, { keyId });
  }

  /** A node's keys, newest first, as the KV bucket and `GET /nodes/{id}` show them. */
  async recordOf(nodeId: string, manager: EntityManager = this.dataSource.manager): Promise<NodeKeysRecord> {
    const keys = await manager.find(NodeKeyEntity, { where: { nodeId }, order: { createdAt: 'DESC', keyId: 'ASC' } });
    return { nodeId, keys: keys.map((k) => k.toRecord()) };
  }

  /** Every node that has keys, with its keys (for the KV resync). */
  async listRecords(): Promise<NodeKeysRecord[]> {
    const keys = await this.dataSource.manager.find(NodeKeyEntity, { order: { createdAt: 'DESC', keyId: 'ASC' } });
    const byNode = new Map<string, NodeKeysRecord>();
    for (const key of keys) {
      const record = byNode.get(key.nodeId) ?? { nodeId: key.nodeId, keys: [] };
      record.keys.push(key.toRecord());
      byNode.set(key.nodeId, record);
    }
    return [...byNode.values()];
  }

  /** Retires the node's active key held by `holder`, if any, as of `at`; answers its id. */
  async retireActive(manager: EntityManager, nodeId: string, holder: KeyHolder, at: Date): Promise<string | undefined> {
    const active = await manager.findOneBy(NodeKeyEntity, { nodeId, holder, retiredAt: IsNull() });
    if (!active) return undefined;
    await manager.update(NodeKeyEntity, { keyId: active.keyId }, { retiredAt: at });
    return active.keyId;
  }

  async insert(
    manager: EntityManager,
    key: { keyId: string; nodeId: string; publicKey: string; holder: KeyHolder; createdAt: Date },
  ) {
    await manager.insert(NodeKeyEntity, { ...key, retiredAt: null });
  }
}
