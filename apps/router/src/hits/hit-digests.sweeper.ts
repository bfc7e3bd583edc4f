import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@iren/platform';
import { HIT_DIGEST_SECONDS } from './hit-settings';
import { type DigestsSent, SendHitDigests } from './send-hit-digests.usecase';

/** How often to look for due digests: a quarter of the interval, between once a second and once a minute. */
export function sweepEveryMs(digestSeconds: number): number {
  return Math.min(60_000, Math.max(1_000, (digestSeconds * 1000) / 4));
}

/**
 * Sends the hits' digests as they fall due, at start and then every `sweepEveryMs`: a digest goes
 * out at most that long after its interval has passed. A failure is logged and the rest waits for
 * the next sweep: the app never stops for it.
 */
@Injectable()
export class HitDigestsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<DigestsSent | undefined>;

  constructor(
    private readonly send: SendHitDigests,
    @Inject(HIT_DIGEST_SECONDS) private readonly digestSeconds: number,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: HitDigestsSweeper.name });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), sweepEveryMs(this.digestSeconds));
    this.timer.unref();
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** One sweep unless one runs already; never rejects. Answers what it sent, or undefined if it failed. */
  tick(): Promise<DigestsSent | undefined> {
    this.sweeping ??= this.send
      .execute()
      .then((sent) => {
        if (sent.digests + sent.stranded > 0) this.logger.info(sent, 'hit digests sent');
        return sent;
      })
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'sending hit digests failed; trying again at the next sweep');
        return undefined;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }
}
