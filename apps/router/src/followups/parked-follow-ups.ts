import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Envelope } from '@iren/contracts';
import { HEALTH_DETAILS, type HealthDetail, ROOT_LOGGER } from '@iren/platform';
import { RoutedMessagesRepository } from '../routing/routed-messages.repository';
import type { OriginalRecord } from './follow-up-decision';
import type { PendingFollowUpEntity } from './pending-follow-up.entity';
import { PendingFollowUpsRepository } from './pending-follow-ups.repository';

/** `details.followUps` of the router's `/health`: follow-ups waiting for their original, as last counted. */
export interface ParkedFollowUpsDetail {
  parked: number;
  oldestParkedAt: string | null;
}

/**
 * The follow-ups that arrived before their original was routed, parked in `router.pending_follow_ups`
 * for as long as the original can still arrive, instead of being retried and given up on: the
 * original may be late by much more than a retry waits (a database outage, a dead-lettered original
 * replayed, a node's outbox catching up). Counted in `/health` (`details.followUps`).
 */
@Injectable()
export class ParkedFollowUps implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private count: ParkedFollowUpsDetail = { parked: 0, oldestParkedAt: null };
  private counting?: Promise<void>;
  private nextCount?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly pending: PendingFollowUpsRepository,
    private readonly routed: RoutedMessagesRepository,
    @Inject(HEALTH_DETAILS) health: HealthDetail[],
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: ParkedFollowUps.name });
    // A detail is read synchronously: it answers the last count and has the table counted again,
    // so a monitor polling `/health` sees every instance's parking by its next poll.
    health.push({
      name: 'followUps',
      detail: () => {
        void this.recount();
        return this.count;
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.recount();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await (this.nextCount ?? this.counting);
  }

  /**
   * Parks the follow-up, then looks for its original once more, and answers it if it is there now.
   * A router routing the original at this moment records its decision, then looks for what is
   * parked for it: both sides write, then read, so at least one of them sees the other, and the
   * follow-up is never left waiting for an original already routed. Both may see each other: the
   * follow-up is then routed twice, which changes nothing (decisions are recorded once, publishes
   * carry deterministic ids).
   */
  async park(followUp: Envelope<object>, refersTo: string, correlationId?: string): Promise<OriginalRecord | null> {
    await this.pending.park(followUp, refersTo, correlationId);
    const original = await this.routed.find(refersTo);
    if (!original) {
      this.logger.info(
        { messageId: followUp.id, kind: followUp.kind, refersTo, correlationId },
        'follow-up parked until its original is routed',
      );
    }
    void this.recount();
    return original;
  }

  /** The follow-ups parked for any of these messages, the longest-waiting first. */
  waitingFor(originalIds: string[]): Promise<PendingFollowUpEntity[]> {
    return this.pending.waitingFor(originalIds);
  }

  /** The follow-up is routed or refused: it waits no more (nothing happens if it never waited). */
  async settled(followUpId: string): Promise<void> {
    await this.pending.remove(followUpId);
    void this.recount();
  }

  /** A page of the follow-ups to settle now: parked before `parkedBefore`, or whose original is routed. */
  due(parkedBefore: Date, after: string | null, limit: number): Promise<PendingFollowUpEntity[]> {
    return this.pending.due(parkedBefore, after, limit);
  }

  /** Counts the parked follow-ups again; resolves once a count started after this call has ended. */
  recount(): Promise<void> {
    if (!this.counting) {
      this.counting = this.countOnce().finally(() => (this.counting = undefined));
      return this.counting;
    }
    // The count under way may have started before the change that asks for this one: one more follows it.
    this.nextCount ??= this.counting.then(() => {
      this.nextCount = undefined;
      return this.recount();
    });
    return this.nextCount;
  }

  private async countOnce(): Promise<void> {
    if (this.stopped) return;
    try {
      const { parked, oldestParkedAt } = await this.pending.census();
      this.count = { parked, oldestParkedAt: oldestParkedAt?.toISOString() ?? null };
    } catch (error) {
      this.logger.warn({ err: error }, 'could not count the parked follow-ups');
    }
  }
}
