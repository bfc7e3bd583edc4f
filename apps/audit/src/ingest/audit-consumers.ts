import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { type ConsumerSpec, DurableConsumers, type JetStreamWorker, type MessageHandler } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';
import { LedgerMessageHandlers } from './ledger-message-handlers';

/**
 * The audit's two durable consumers, one on EXCHANGE and one on EVENTS. Several audit instances
 * share each consumer; the ledger's append lock keeps their entries in one chain.
 */
@Injectable()
export class AuditConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: JetStreamWorker[];

  constructor(consumers: DurableConsumers, handlers: LedgerMessageHandlers, @Inject(ROOT_LOGGER) root: Logger) {
    const logger = root.child({ context: AuditConsumers.name });
    const worker = (spec: ConsumerSpec, handler: MessageHandler) => consumers.worker(spec, handler, logger);
    this.workers = [
      worker({ stream: 'EXCHANGE', purpose: 'audit_exchange' }, (m) => handlers.onPublished(m)),
      worker({ stream: 'EVENTS', purpose: 'audit_events' }, (m) => handlers.onEvent(m)),
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.start()));
  }

  // Before NATS drains and the database closes, so a message in hand is committed and acked, or left for redelivery.
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}
