import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import type { AckStatus, DeliveryPayload, MessageKind } from '@iren/contracts';
import { DeliveryEntity, type DeliveryFeedback } from './delivery.entity';
import { lockInboxes, NEXT_INBOX_CURSOR, nextInboxCursor } from './inbox-cursor';

/** What a change to a stored delivery may set; the cursor and `updatedAt` move with every change. */
export type DeliveryChange = Partial<
  Pick<
    DeliveryEntity,
    | 'envelope'
    | 'version'
    | 'history'
    | 'amendment'
    | 'withdrawnAt'
    | 'withdrawalReason'
    | 'withdrawalId'
    | 'feedback'
    | 'feedbackDeliveredAt'
    | 'feedbackDueAt'
    | 'feedbackOverdueAt'
  >
>;

@Injectable()
export class DeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a delivery once; false when this message already reached this node (a redelivery). */
  async insertOnce(manager: EntityManager, delivery: DeliveryPayload, feedbackDueAt?: Date): Promise<boolean> {
    const cursor = await nextInboxCursor(manager, delivery.recipient);
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(DeliveryEntity)
      .values({
        cursor,
        messageId: delivery.envelope.id,
        node: delivery.recipient,
        origin: delivery.envelope.origin,
        envelope: delivery.envelope,
        reasons: delivery.reasons,
        state: 'DELIVERED',
        deliveredAt: () => 'now()',
        updatedAt: () => 'now()',
        feedbackDueAt: feedbackDueAt ?? null,
      })
      .orIgnore()
      .returning('id')
      .execute();
    return result.raw.length > 0;
  }

  /**
   * Stores deliveries once each, in one statement under their inboxes' locks (cursors follow the
   * order given); answers the `messageId:node` keys of those that were new (the rest were already here).
   * The rows go as one JSON document: the statement's text is the same for every batch, and no
   * parameter is bound per value.
   */
  async insertManyOnce(
    manager: EntityManager,
    deliveries: { delivery: DeliveryPayload; feedbackDueAt?: Date }[],
  ): Promise<Set<string>> {
    if (deliveries.length === 0) return new Set();
    await lockInboxes(
      manager,
      deliveries.map((d) => d.delivery.recipient),
    );
    const rows = deliveries.map(({ delivery, feedbackDueAt }) => ({
      message_id: delivery.envelope.id,
      node: delivery.recipient,
      origin: delivery.envelope.origin,
      envelope: delivery.envelope,
      reasons: delivery.reasons,
      feedback_due_at: feedbackDueAt ?? null,
    }));
    // jsonb_to_recordset hands out its rows in array order, and each takes its cursor as it is produced.
    const inserted: { message_id: string; node: string }[] = await manager.query(
      `INSERT INTO "gateway"."deliveries"
              ("cursor", "message_id", "node", "origin", "envelope", "reasons", "state", "delivered_at", "updated_at", "feedback_due_at")
       SELECT ${NEXT_INBOX_CURSOR}, message_id, node, origin, envelope, reasons, 'DELIVERED', now(), now(), feedback_due_at
         FROM jsonb_to_recordset($1::jsonb)
           AS r(message_id uuid, node text, origin text, envelope jsonb, reasons text[], feedback_due_at timestamptz)
       ON CONFLICT DO NOTHING
       RETURNING message_id, node`,
      [JSON.stringify(rows)],
    );
    return new Set(inserted.map((r) => `${r.message_id}:${r.node}`));
  }

  /** A node's inbox after a cursor, in cursor order: new deliveries and changed ones alike. */
  inbox(node: string, after: string | undefined, limit: number): Promise<DeliveryEntity[]> {
    return this.dataSource.manager.find(DeliveryEntity, {
      where: { node, ...(after !== undefined && { cursor: MoreThan(after) }) },
      order: { cursor: 'ASC' },
      take: limit,
    });
  }

  /** One node's delivery of a message; locked for update when called inside a transaction. */
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

  /** The node's deliveries of one kind (each in its current version) that were not withdrawn: what screening reads. */
  notWithdrawnOfKind(node: string, kind: MessageKind): Promise<DeliveryEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(DeliveryEntity, 'd')
      .where('d.node = :node', { node })
      .andWhere(`d.envelope->>'kind' = :kind`, { kind })
      .andWhere('d.withdrawnAt IS NULL')
      .getMany();
  }

  /**
   * Applies a change to a delivery the caller has locked, moving it to the end of its inbox so
   * readers see it again after their cursor; returns it as stored.
   */
  async change(manager: EntityManager, delivery: DeliveryEntity, change: DeliveryChange): Promise<DeliveryEntity> {
    const cursor = await nextInboxCursor(manager, delivery.node);
    const updatedAt = new Date();
    await manager.update(DeliveryEntity, { id: delivery.id }, { ...change, cursor, updatedAt });
    return Object.assign(delivery, change, { cursor, updatedAt });
  }

  /** Records the first time the recipient read the message; false when it had read it before. */
  async markRead(manager: EntityManager, delivery: DeliveryEntity): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(DeliveryEntity)
      .set({ readAt: () => 'now()' })
      .where('id = :id AND read_at IS NULL', { id: delivery.id })
      .returning('read_at')
      .execute();
    if (result.raw.length === 0) return false;
    delivery.readAt = result.raw[0].read_at;
    return true;
  }

  /** Records the recipient's own feedback on its delivery (no cursor move: the node did it itself). */
  async recordFeedback(manager: EntityManager, delivery: DeliveryEntity, feedback: DeliveryFeedback): Promise<void> {
    await manager.update(DeliveryEntity, { id: delivery.id }, { feedback });
    delivery.feedback = feedback;
  }

  /** The origin received the recipient's feedback: the origin's view of that recipient completes. */
  async recordFeedbackDelivered(
    manager: EntityManager,
    delivery: DeliveryEntity,
    feedback: DeliveryFeedback,
  ): Promise<void> {
    const feedbackDeliveredAt = new Date();
    await manager.update(DeliveryEntity, { id: delivery.id }, { feedback, feedbackDeliveredAt });
    Object.assign(delivery, { feedback, feedbackDeliveredAt });
  }

  /** Moves a delivery forward to RECEIVED or ACTIONED (never back); returns it as stored. */
  async acknowledge(manager: EntityManager, delivery: DeliveryEntity, status: AckStatus): Promise<DeliveryEntity> {
    const now = new Date();
    const receivedAt = delivery.receivedAt ?? now;
    const actionedAt = status === 'ACTIONED' ? (delivery.actionedAt ?? now) : delivery.actionedAt;
    const state = actionedAt ? 'ACTIONED' : 'RECEIVED';
    await manager.update(DeliveryEntity, { id: delivery.id }, { state, receivedAt, actionedAt });
    return Object.assign(delivery, { state, receivedAt, actionedAt });
  }
}
