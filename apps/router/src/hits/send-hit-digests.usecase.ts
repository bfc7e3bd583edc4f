import { Inject, Injectable } from '@nestjs/common';
import { withDueDigest } from './hit-decision';
import { HitIds } from './hit-ids';
import { noticeOf } from './hit-message';
import { HitNotifier } from './hit-notifier';
import { HIT_CLOCK, HIT_DIGEST_SECONDS, HIT_WINDOW_DAYS } from './hit-settings';
import { type DueHit, HitsRepository } from './hits.repository';

const PAGE = 100;
/** A notice still unpublished this long after it was made lost its publisher (a crash): the sweeper sends it. */
export const STRANDED_AFTER_MS = 60_000;

/** What one sweep sent. */
export interface DigestsSent {
  digests: number;
  stranded: number;
}

/**
 * The digests whose time has come: every hit holding alerts its nodes were not told of, last told at
 * least the digest interval ago, tells both nodes now. Each hit is re-read under its identifier's
 * lock, so with several routers (or an alert routed meanwhile) it is told once. Then it sends what
 * was recorded but never published.
 */
@Injectable()
export class SendHitDigests {
  private readonly digestMs: number;

  constructor(
    private readonly hits: HitsRepository,
    private readonly notifier: HitNotifier,
    private readonly ids: HitIds,
    @Inject(HIT_WINDOW_DAYS) private readonly windowDays: number,
    @Inject(HIT_DIGEST_SECONDS) digestSeconds: number,
    @Inject(HIT_CLOCK) private readonly now: () => Date,
  ) {
    this.digestMs = digestSeconds * 1000;
  }

  async execute(): Promise<DigestsSent> {
    const now = this.now();
    const sent: DigestsSent = { digests: 0, stranded: 0 };
    // Paged by how long each waits, so a hit that fails is looked at once per sweep.
    for (let after: DueHit | null = null; ;) {
      const page = await this.hits.pendingSince(new Date(now.getTime() - this.digestMs), after, PAGE);
      for (const due of page) sent.digests += await this.digest(due, now);
      if (page.length < PAGE) break;
      after = page[page.length - 1];
    }
    const stranded = await this.hits.unpublishedSince(new Date(now.getTime() - STRANDED_AFTER_MS), PAGE);
    sent.stranded = await this.notifier.publish(stranded);
    return sent;
  }

  private async digest(due: DueHit, now: Date): Promise<number> {
    const notice = await this.hits.inIdentifierLocks([due.identifier], async (tx) => {
      const [current] = await tx.hits([due]);
      if (!current) return null;
      const { hit, notice: made } = withDueDigest(current, now, this.digestMs);
      if (!made) return null;
      const hitId = this.ids.of(hit.identifier, due.nodes);
      const recorded = noticeOf(hitId, hit, made, {
        windowDays: this.windowDays,
        triggeredBy: null,
        correlationId: null,
      });
      await tx.saveHits([hit]);
      await tx.recordNotices([recorded]);
      return recorded;
    });
    return notice ? this.notifier.publish([notice]) : 0;
  }
}
