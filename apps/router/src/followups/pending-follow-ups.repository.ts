import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Envelope } from '@iren/contracts';
import { PendingFollowUpEntity } from './pending-follow-up.entity';

/** How many follow-ups wait, and since when the longest has. */
export interface ParkedCensus {
  parked: number;
  oldestParkedAt: Date | null;
}

@Injectable()
export class PendingFollowUpsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Parks a follow-up for its original; one already parked (a redelivery) keeps its first parking time. */
  async park(followUp: Envelope<object>, refersTo: string, correlationId?: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(PendingFollowUpEntity)
      .values({ followUpId: followUp.id, refersTo, envelope: followUp, correlationId: correlationId ?? null })
      .orIgnore()
      .execute();
  }

  /** The follow-ups parked for any of these messages, the longest-waiting first. */
  waitingFor(originalIds: string[]): Promise<PendingFollowUpEntity[]> {
    if (originalIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(PendingFollowUpEntity, {
      where: { refersTo: In(originalIds) },
      order: { parkedAt: 'ASC', followUpId: 'ASC' },
    });
  }

  /** Forgets a follow-up once it is routed or refused; nothing happens if it was never parked. */
  async remove(followUpId: string): Promise<void> {
    await this.dataSource.manager.delete(PendingFollowUpEntity, { followUpId });
  }

  /**
   * Parked follow-ups to settle, by id after `after` (a page at a time): those parked before
   * `parkedBefore`, and those whose original is routed by now (a release that did not finish).
   */
  due(parkedBefore: Date, after: string | null, limit: number): Promise<PendingFollowUpEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(PendingFollowUpEntity, 'p')
      .where(
        `(p.parkedAt < :parkedBefore
          OR EXISTS (SELECT 1 FROM router.routed_messages r WHERE r.message_id = p.refers_to))`,
        { parkedBefore },
      )
      .orderBy('p.followUpId', 'ASC')
      .limit(limit);
    if (after !== null) query.andWhere('p.followUpId > :after', { after });
    return query.getMany();
  }

  async census(): Promise<ParkedCensus> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS parked, min(parked_at) AS oldest FROM router.pending_follow_ups`,
    );
    return { parked: row.parked, oldestParkedAt: row.oldest ? new Date(row.oldest) : null };
  }
}
