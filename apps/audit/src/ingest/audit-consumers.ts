import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { type BatchHandler, type ConsumerSpec, DurableConsumers, type JetStreamWorker } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';
import { LedgerMessageHandlers } from './ledger-message-handlers';

/**
 * How the audit consumers gather messages: a batch is appended in one transaction, so the append
 * lock, the round trips and the commit are paid once per batch instead of once per entry. 256
 * messages keep a transaction to tens of milliseconds (the lock is held that long; other audit
 * instances wait for it) and under the consumer's 1000 unacked messages; 5 ms of linger is what a
 * lone message waits for company when the streams are quiet. One batch at a time per consumer, so
 * one instance records its stream in stream order.
 */
export const AUDIT_BATCH = { max: 256, lingerMs: 5 };

/**
 * The audit's two durable consumers, one on EXCHANGE and one on EVENTS, each handing its messages
 * to the ledger in batches. Several audit instances share each consumer; the ledger's append lock
 * keeps their entries in one chain.
 */
@Injectable()
export class AuditConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: JetStreamWorker[];

  constructor(consumers: DurableConsumers, handlers: LedgerMessageHandlers, @Inject(ROOT_LOGGER) root: Logger) {
    const logger = root.child({ context: AuditConsumers.name });
    const worker = (spec: ConsumerSpec, handler: BatchHandler) =>
      consumers.batchWorker({ ...spec, batch: AUDIT_BATCH }, handler, logger);
    this.workers = [
      worker({ stream: 'EXCHANGE', purpose: 'audit_exchange' }, (msgs) => handlers.publishedBatch(msgs)),
      worker({ stream: 'EVENTS', purpose: 'audit_events' }, (msgs) => handlers.eventBatch(msgs)),
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.start()));
  }

  // Before NATS drains and the database closes, so a batch in hand is committed and acked, or left for redelivery.
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}
