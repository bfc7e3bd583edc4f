import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { NodeStatus } from '@iren/contracts';
import { NodeEntity } from './node.entity';

@Injectable()
export class NodesRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<NodeEntity | null> {
    return manager.findOneBy(NodeEntity, { id });
  }

  list(): Promise<NodeEntity[]> {
    return this.dataSource.manager.find(NodeEntity, { order: { id: 'ASC' } });
  }

  count(): Promise<number> {
    return this.dataSource.manager.count(NodeEntity);
  }

  /** Inserts a node; false when the id is taken (the caller answers 409). */
  async insert(
    manager: EntityManager,
    node: Omit<NodeEntity, 'createdAt' | 'updatedAt' | 'toRecord'>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(NodeEntity)
      .values(node)
      .orIgnore()
      .returning('id')
      .execute();
    return result.raw.length > 0;
  }

  async setStatus(manager: EntityManager, id: string, status: NodeStatus): Promise<NodeEntity | null> {
    await manager.update(NodeEntity, { id }, { status });
    return this.find(id, manager);
  }

  async lockForUpdate(manager: EntityManager, id: string): Promise<NodeEntity | null> {
    return manager.findOne(NodeEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
