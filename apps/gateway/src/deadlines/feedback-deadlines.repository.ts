import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DeliveryEntity } from '../inbox/delivery.entity';
import { nextInboxCursor } from '../inbox/inbox-cursor';

/** A delivery whose feedback deadline passed, as the scanner claimed it. */
export interface OverdueDelivery {
  id: string;
  messageId: string;
  node: string;
  origin: string;
  feedbackDueAt: Date;
}

/** Feedback deadlines on deliveries: due, not answered, not reminded, not withdrawn. */
const PENDING = `feedback_due_at IS NOT NULL AND feedback IS NULL AND feedback_overdue_at IS NULL AND withdrawn_at IS NULL`;

@Injectable()
export class FeedbackDeadlinesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` deliveries past their deadline and marks them overdue, moving each to the
   * end of its inbox. Rows another gateway holds are skipped (`SKIP LOCKED`) and the mark is only
   * set where it is still unset, so each deadline is reported once, by one instance.
   */
  async markOverdue(manager: EntityManager, limit: number): Promise<OverdueDelivery[]> {
    const claimed: OverdueDelivery[] = await manager.query(
      `SELECT id::text AS id, message_id AS "messageId", node, origin, feedback_due_at AS "feedbackDueAt"
         FROM "gateway"."deliveries"
        WHERE ${PENDING} AND feedback_due_at <= now()
        ORDER BY feedback_due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    // Inbox locks in one order (by node) after the row locks, so two scanners never wait on each other in a cycle.
    const byNode = [...claimed].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
    for (const delivery of byNode) {
      const cursor = await nextInboxCursor(manager, delivery.node);
      await manager.update(
        DeliveryEntity,
        { id: delivery.id },
        { feedbackOverdueAt: () => 'now()', cursor, updatedAt: () => 'now()' },
      );
    }
    return byNode;
  }

  /** The earliest deadline still pending, so the scanner can wake for it instead of waiting a full interval. */
  async nextDue(): Promise<Date | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT min(feedback_due_at) AS due FROM "gateway"."deliveries" WHERE ${PENDING}`,
    );
    return row?.due ? new Date(row.due) : undefined;
  }
}
