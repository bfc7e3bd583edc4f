import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import {
  type DeliveryPayload,
  EnvelopeDto,
  type Envelope,
  ExchangeNames,
  HEADERS,
  isValidNodeId,
  validatePlain,
} from '@iren/contracts';
import { JetStreamWorker, NatsClients, OutboxRelayHost, PermanentError } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';
import { FeedbackDeadlineScanner } from '../deadlines/feedback-deadline.scanner';
import { InboxNotifier } from './inbox-notifier';
import { StoreDelivery } from './store-delivery.usecase';

/**
 * Consumes `INBOX` into the deliveries table (`StoreDelivery`: one transaction with the
 * `message.delivered` event), acknowledged to JetStream only after the commit; a redelivered
 * message finds its row and changes nothing. Live readers are told after each commit.
 */
@Injectable()
export class InboxConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: JetStreamWorker;
  private readonly logger: Logger;

  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly store: StoreDelivery,
    private readonly relay: OutboxRelayHost,
    private readonly notifier: InboxNotifier,
    private readonly deadlines: FeedbackDeadlineScanner,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: InboxConsumer.name });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new JetStreamWorker(
      this.nats.js,
      this.nats.jsm,
      this.names,
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

  async handle(msg: JsMsg): Promise<void> {
    const delivery = parseDelivery(msg);
    const correlationId = msg.headers?.get(HEADERS.correlationId) || undefined;
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
}

function parseDelivery(msg: JsMsg): DeliveryPayload {
  let plain: { recipient?: unknown; envelope?: unknown; reasons?: unknown };
  try {
    plain = msg.json();
  } catch {
    throw new PermanentError('invalid_delivery', 'delivery is not JSON');
  }
  const { value: envelope, errors } = validatePlain(EnvelopeDto, plain.envelope);
  const recipient = typeof plain.recipient === 'string' ? plain.recipient : '';
  if (!envelope || !isValidNodeId(recipient) || !msg.subject.endsWith(`.${recipient}`)) {
    const detail = errors.map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' | ') || 'bad recipient';
    throw new PermanentError('invalid_delivery', detail);
  }
  const reasons = Array.isArray(plain.reasons) ? plain.reasons.filter((r): r is string => typeof r === 'string') : [];
  return { recipient, envelope: envelope as unknown as Envelope, reasons };
}
