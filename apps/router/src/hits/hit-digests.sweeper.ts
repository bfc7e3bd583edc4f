import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { JobLock, PeriodicTask, ROOT_LOGGER } from '@iren/platform';
import { HIT_DIGEST_SECONDS } from './hit-settings';
import { type DigestsSent, SendHitDigests } from './send-hit-digests.usecase';

/** How often to look for due digests: a quarter of the interval, between once a second and once a minute. */
export function sweepEveryMs(digestSeconds: number): number {
  return Math.min(60_000, Math.max(1_000, (digestSeconds * 1000) / 4));
}

/**
 * Sends the hits' digests as they fall due, at start and then every `sweepEveryMs`: a digest goes
 * out at most that long after its interval has passed, by one router at a time across instances
 * (`JobLock`; the others skip that turn). A failure is logged and the rest waits for
 * the next sweep: the app never stops for it.
 */
@Injectable()
export class HitDigestsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask<DigestsSent>;

  constructor(
    private readonly send: SendHitDigests,
    @Inject(HIT_DIGEST_SECONDS) digestSeconds: number,
    @Inject(ROOT_LOGGER) logger: Logger,
    // Absent only where no database is (a unit test): then nothing is shared to lock.
    @Optional() dataSource?: DataSource,
  ) {
    const log = logger.child({ context: HitDigestsSweeper.name });
    const sweep = async () => {
      const sent = await this.send.execute();
      if (sent.digests + sent.stranded > 0) log.info(sent, 'hit digests sent');
      return sent;
    };
    this.task = new PeriodicTask(
      sweep,
      sweepEveryMs(digestSeconds),
      log,
      'sending hit digests failed; trying again at the next sweep',
      // One router sweeps at a time: each hit is told once anyway (its identifier's lock), so the
      // others would only read the same due hits and republish the same stranded notices.
      dataSource && new JobLock(dataSource, 'router.hit-digests'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One sweep unless one runs already; never rejects. Answers what it sent, or undefined if it failed. */
  tick(): Promise<DigestsSent | undefined> {
    return this.task.run();
  }
}
