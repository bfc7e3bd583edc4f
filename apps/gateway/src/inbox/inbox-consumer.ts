import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { authenticateDelivery, type DeliveryPayload, ExchangeNames, HEADERS } from '@iren/contracts';
import {
  type ConsumedMessage,
  DurableConsumers,
  headerOf,
  type JetStreamWorker,
  OutboxRelayHost,
  PermanentError,
  receivedMessage,
  RegistryDirectory,
} from '@iren/messaging';
import { HEALTH_DETAILS, type HealthDetail, ROOT_LOGGER, UnavailableError } from '@iren/platform';
import { FeedbackDeadlineScanner } from '../deadlines/feedback-deadline.scanner';
import { InboxNotifier } from './inbox-notifier';
import { StoreDelivery } from './store-delivery.usecase';

/**
 * Consumes `INBOX` into the deliveries table (`StoreDelivery`: one transaction with the
 * `message.delivered` event), acknowledged to JetStream only after the commit; a redelivered
 * message finds its row and changes nothing. Live readers are told after each commit. Only what
 * the router vouches for, carrying an envelope its origin signed, is stored
 * (`authenticateDelivery`); anything else is dead-lettered with the reason and counted.
 */
@Injectable()
export class InboxConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: JetStreamWorker;
  private readonly logger: Logger;
  /** Deliveries refused as not authentic since start, and the last reason. */
  readonly refused: { count: number; last?: { subject: string; reason: string; at: string } } = { count: 0 };

  constructor(
    private readonly consumers: DurableConsumers,
    private readonly names: ExchangeNames,
    private readonly store: StoreDelivery,
    private readonly relay: OutboxRelayHost,
    private readonly notifier: InboxNotifier,
    private readonly deadlines: FeedbackDeadlineScanner,
    private readonly directory: RegistryDirectory,
    @Inject(HEALTH_DETAILS) health: HealthDetail[],
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: InboxConsumer.name });
    health.push({ name: 'deliveries', detail: () => this.refused });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = this.consumers.worker(
      {
        stream: 'INBOX',
        purpose: 'gateway_inbox',
        // Deliveries to different inboxes are independent; one inbox's writers queue on its lock,
        // and a follow-up arriving before its original is retried.
        concurrency: 8,
      },
      (msg) => this.handle(msg),
      this.logger,
    );
    await this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.stop();
  }

  async handle(msg: ConsumedMessage): Promise<void> {
    const delivery = await this.authentic(msg);
    const correlationId = headerOf(msg, HEADERS.correlationId);
    const stored = await this.store.execute(delivery, correlationId);
    if (stored.changed) {
      this.relay.notify();
      this.notifier.changed(delivery.recipient);
      if (stored.feedbackDueAt) this.deadlines.wake();
      this.logger.info(
        { messageId: delivery.envelope.id, kind: delivery.envelope.kind, node: delivery.recipient, correlationId },
        'delivered',
      );
    }
  }

  /**
   * The delivery, if the router made it. A refusal is checked once more after the mirror caught up
   * with the bucket: a key registered a moment ago (a node's rotation) may not have reached it yet.
   */
  private async authentic(msg: ConsumedMessage): Promise<DeliveryPayload> {
    const registry = this.directory.registry;
    let verdict = authenticateDelivery(receivedMessage(msg), this.names, registry);
    if ('reason' in verdict) {
      // Not knowing whether a key arrived is not a refusal: the delivery is tried again later.
      if (!(await registry.catchUp())) throw new UnavailableError('the registry mirror could not catch up');
      verdict = authenticateDelivery(receivedMessage(msg), this.names, registry);
    }
    if (!('reason' in verdict)) return verdict;
    this.refused.count += 1;
    this.refused.last = { subject: msg.subject, reason: verdict.reason, at: new Date().toISOString() };
    this.logger.warn({ subject: msg.subject, seq: msg.seq, reason: verdict.reason }, 'delivery not authentic');
    throw new PermanentError(verdict.reason, verdict.detail);
  }
}
