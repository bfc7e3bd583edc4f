import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { type BatchHandler, type ConsumerSpec, DurableConsumers, type JetStreamWorker } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';
import { LedgerWriterLease } from '../ledger/ledger-writer-lease';
import { LedgerMessageHandlers } from './ledger-message-handlers';

/**
 * How the audit consumers gather messages: a batch is appended in one transaction, so the append
 * lock, the round trips and the commit are paid once per batch instead of once per entry. 256
 * messages keep a transaction to tens of milliseconds (the lock is held that long; other audit
 * instances wait for it) and under the consumer's 1000 unacked messages; 5 ms of linger is what a
 * lone message waits for company when the streams are quiet. One batch at a time per consumer, in
 * the order the worker handed them over (`inArrivalOrder`), so one instance records its stream in
 * stream order.
 */
export const AUDIT_BATCH = { max: 256, lingerMs: 5 };

/**
 * `handler`, one batch at a time, in the order they were handed over. A worker pulls more while a
 * batch is in hand and hands over a second batch when the first is smaller than its slots (a pull
 * that lasts delivers what arrives after the first batch went): the second, smaller, could commit
 * first and the ledger record a burst out of stream order (audit.int-spec saw 5 events ahead of 39).
 */
export function inArrivalOrder(handler: BatchHandler): BatchHandler {
  let last: Promise<unknown> = Promise.resolve();
  return (msgs) => {
    const turn = last.then(() => handler(msgs));
    last = turn.catch(() => undefined);
    return turn;
  };
}

/**
 * The audit's two durable consumers, one on EXCHANGE and one on EVENTS, each handing its messages
 * to the ledger in batches, run by the ledger's writer only (`LedgerWriterLease`): started when this
 * instance takes the lease, stopped when it loses it (a batch in hand is committed or left for
 * redelivery to the next writer). Each batch checks the lease right before it appends, so an instance
 * resumed after a pause past the lease's TTL appends nothing before it learns it lost the lease.
 */
@Injectable()
export class AuditConsumers implements BeforeApplicationShutdown {
  private readonly workers: JetStreamWorker[];

  constructor(
    consumers: DurableConsumers,
    handlers: LedgerMessageHandlers,
    writer: LedgerWriterLease,
    @Inject(ROOT_LOGGER) root: Logger,
  ) {
    const logger = root.child({ context: AuditConsumers.name });
    const worker = (spec: ConsumerSpec, handler: BatchHandler) =>
      consumers.batchWorker({ ...spec, batch: AUDIT_BATCH }, inArrivalOrder(handler), logger);
    this.workers = [
      worker({ stream: 'EXCHANGE', purpose: 'audit_exchange' }, (msgs) => {
        writer.assertHeld();
        return handlers.publishedBatch(msgs);
      }),
      worker({ stream: 'EVENTS', purpose: 'audit_events' }, (msgs) => {
        writer.assertHeld();
        return handlers.eventBatch(msgs);
      }),
    ];
    writer.onChange({
      acquired: async () => {
        logger.info('ledger writer: consuming the exchange and its events');
        await Promise.all(this.workers.map((w) => w.start()));
      },
      lost: async () => {
        logger.warn('no longer the ledger writer: consumers stopped');
        await this.stop();
      },
    });
  }

  // Before NATS drains and the database closes, so a batch in hand is committed and acked, or left for redelivery.
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /**
   * A batch held while the lease lapsed and retried as its worker stops is refused like any other
   * (its messages are left for the next writer). What the consumers pull is appended by the writer
   * only; a dead letter put back (`DeadLetterReplay`) goes through the handlers directly and is
   * appended by whichever instance the gateway asked, writer or not: the advisory lock orders it.
   */
  private async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}
