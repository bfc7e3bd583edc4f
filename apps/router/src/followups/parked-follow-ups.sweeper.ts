import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { STREAM_LIMITS } from '@iren/messaging';
import { DataSource } from 'typeorm';
import { JobLock, PeriodicTask, ROOT_LOGGER } from '@iren/platform';
import { RouteMessage } from '../routing/route-message.usecase';
import { ParkedFollowUps } from './parked-follow-ups';

/** Injection token of the sweeper's clock (`() => Date`): tests move time instead of waiting 90 days. */
export const SWEEPER_CLOCK = Symbol('SWEEPER_CLOCK');

/**
 * How long a follow-up waits for its original: as long as `EXCHANGE` keeps messages, the original
 * may still be delivered, redelivered or replayed to the router; after that it cannot arrive.
 */
export const PARKING_LIMIT_MS = STREAM_LIMITS.EXCHANGE.maxAgeMs;

export const SWEEP_EVERY_MS = 60 * 60 * 1000;
const PAGE = 100;

/** What one sweep did. */
export interface SweepOutcome {
  routed: number;
  refused: number;
}

/**
 * Settles what waits too long, once at start and then every hour: a follow-up parked longer than
 * its original could still arrive is refused as `original_unknown`, and one whose original is
 * routed by now (a release cut short by a crash or an outage) is routed; by one router at a time
 * across instances (`JobLock`; the others skip that turn). A failure is logged and
 * the rest waits for the next sweep: the app never stops for it.
 */
@Injectable()
export class ParkedFollowUpsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly task: PeriodicTask<SweepOutcome>;

  constructor(
    private readonly parked: ParkedFollowUps,
    private readonly route: RouteMessage,
    @Inject(SWEEPER_CLOCK) private readonly now: () => Date,
    @Inject(ROOT_LOGGER) logger: Logger,
    // Absent only where no database is (a unit test): then nothing is shared to lock.
    @Optional() dataSource?: DataSource,
  ) {
    this.logger = logger.child({ context: ParkedFollowUpsSweeper.name });
    this.task = new PeriodicTask(
      () => this.sweep(),
      SWEEP_EVERY_MS,
      this.logger,
      'sweeping parked follow-ups failed; trying again at the next sweep',
      // One router sweeps at a time: two would settle the same parked follow-ups twice over.
      dataSource && new JobLock(dataSource, 'router.parked-follow-ups'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One sweep unless one runs already; never rejects. Answers what it did, or undefined if it failed. */
  tick(): Promise<SweepOutcome | undefined> {
    return this.task.run();
  }

  private async sweep(): Promise<SweepOutcome> {
    const parkedBefore = new Date(this.now().getTime() - PARKING_LIMIT_MS);
    const outcome: SweepOutcome = { routed: 0, refused: 0 };
    // Paged by id, so each follow-up is looked at once per sweep whatever becomes of it.
    for (let after: string | null = null; ;) {
      const page = await this.parked.due(parkedBefore, after, PAGE);
      for (const followUp of page) {
        const settled = await this.route.settleParked(followUp);
        outcome[settled] += 1;
        const log = { messageId: followUp.followUpId, refersTo: followUp.refersTo, parkedAt: followUp.parkedAt };
        if (settled === 'refused') this.logger.warn(log, 'parked follow-up refused');
        else this.logger.info(log, 'parked follow-up routed');
      }
      if (page.length < PAGE) return outcome;
      after = page[page.length - 1].followUpId;
    }
  }
}
