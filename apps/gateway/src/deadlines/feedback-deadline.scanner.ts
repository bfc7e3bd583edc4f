import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { EventOutbox, OutboxRelayHost } from '@iren/messaging';
import { ROOT_LOGGER, Transactor } from '@iren/platform';
import { InboxNotifier } from '../inbox/inbox-notifier';
import { FeedbackDeadlinesRepository } from './feedback-deadlines.repository';
import { nextScanDelay } from './scan-schedule';

/** Injection token of the scan interval (`IREN_DEADLINE_SCAN_MS`). */
export const DEADLINE_SCAN_MS = Symbol('DEADLINE_SCAN_MS');

const BATCH = 100;

/**
 * Reminds recipients whose feedback is overdue: marks the delivery overdue (the inbox item shows
 * `feedbackOverdue` and moves after the reader's cursor) and records one `feedback.overdue` event,
 * in one transaction per batch. Scans every interval and, sooner, at the next known deadline; a
 * delivery that brings a deadline wakes it (`wake()`), so a reminder comes on time, not up to an
 * interval late. Several gateways may scan at once: claims skip each other's rows
 * (`FOR UPDATE SKIP LOCKED`), so each overdue delivery is reminded once. No lock or lease picks one
 * scanner: the gateway that stored a delivery is the one woken for its deadline, and one that had to
 * leave the scan to another would remind it only at that one's next interval.
 */
@Injectable()
export class FeedbackDeadlineScanner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running = false;
  private scanning?: Promise<void>;
  private wakeRequested = false;
  private readonly logger: Logger;

  constructor(
    private readonly transactor: Transactor,
    private readonly deadlines: FeedbackDeadlinesRepository,
    private readonly events: EventOutbox,
    private readonly relay: OutboxRelayHost,
    private readonly notifier: InboxNotifier,
    @Inject(DEADLINE_SCAN_MS) private readonly intervalMs: number,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: FeedbackDeadlineScanner.name });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.scanning;
  }

  /** A deadline was stored: scan again at once, so the next wake-up accounts for it. */
  wake(): void {
    if (!this.running) return;
    // A scan under way may have looked for the next deadline before this one was committed.
    if (this.scanning) this.wakeRequested = true;
    else this.schedule(0);
  }

  /** Marks every overdue delivery now; answers how many. Exposed for tests. */
  async scanOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const overdue = await this.transactor.run(async (m) => {
        const claimed = await this.deadlines.markOverdue(m, BATCH);
        for (const d of claimed) {
          await this.events.record(m, {
            type: 'feedback.overdue',
            node: d.node,
            nodes: [d.node, d.origin],
            messageId: d.messageId,
            data: { origin: d.origin, dueAt: new Date(d.feedbackDueAt).toISOString() },
          });
        }
        return claimed;
      });
      if (overdue.length === 0) return total;
      total += overdue.length;
      this.relay.notify();
      for (const node of new Set(overdue.map((d) => d.node))) this.notifier.changed(node);
      this.logger.info({ count: overdue.length }, 'feedback overdue: recipients reminded');
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.scanning = this.tick().finally(() => (this.scanning = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let nextDue: Date | undefined;
    this.wakeRequested = false;
    try {
      await this.scanOnce();
      nextDue = await this.deadlines.nextDue();
    } catch (error) {
      this.logger.warn({ err: error }, 'feedback deadline scan failed; will retry');
    }
    if (this.running) this.schedule(this.wakeRequested ? 0 : nextScanDelay(this.intervalMs, nextDue, Date.now()));
  }
}
