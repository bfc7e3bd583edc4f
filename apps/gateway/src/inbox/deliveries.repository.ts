import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import type { AckStatus, DeliveryPayload } from '@iren/contracts';
import { DeliveryEntity } from './delivery.entity';

@Injectable()
export class DeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a delivery once; false when this message already reached this node (a redelivery). */
  async insertOnce(manager: EntityManager, delivery: DeliveryPayload): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(DeliveryEntity)
      .values({
        messageId: delivery.envelope.id,
        node: delivery.recipient,
        origin: delivery.envelope.origin,
        envelope: delivery.envelope,
        reasons: delivery.reasons,
        state: 'DELIVERED',
        deliveredAt: () => 'now()',
      })
      .orIgnore()
      .returning('cursor')
      .execute();
    return result.raw.length > 0;
  }

  /** A node's inbox after a cursor, oldest first. */
  inbox(node: string, after: string | undefined, limit: number): Promise<DeliveryEntity[]> {
    return this.dataSource.manager.find(DeliveryEntity, {
      where: { node, ...(after !== undefined && { cursor: MoreThan(after) }) },
      order: { cursor: 'ASC' },
      take: limit,
    });
  }

  find(
    messageId: string,
    node: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DeliveryEntity | null> {
    return manager.findOne(DeliveryEntity, {
      where: { messageId, node },
      lock: manager.queryRunner ? { mode: 'pessimistic_write' } : undefined,
    });
  }

  forMessage(messageId: string): Promise<DeliveryEntity[]> {
    return this.dataSource.manager.find(DeliveryEntity, { where: { messageId }, order: { node: 'ASC' } });
  }

  /** Moves a delivery forward to RECEIVED or ACTIONED (never back); returns it as stored. */
  async acknowledge(manager: EntityManager, delivery: DeliveryEntity, status: AckStatus): Promise<DeliveryEntity> {
    const now = new Date();
    const receivedAt = delivery.receivedAt ?? now;
    const actionedAt = status === 'ACTIONED' ? (delivery.actionedAt ?? now) : delivery.actionedAt;
    const state = actionedAt ? 'ACTIONED' : 'RECEIVED';
    await manager.update(DeliveryEntity, { cursor: delivery.cursor }, { state, receivedAt, actionedAt });
    return Object.assign(delivery, { state, receivedAt, actionedAt });
  }
}
