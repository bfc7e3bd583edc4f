import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  authenticateDelivery,
  type DeliveryPayload,
  type EnvelopeChecks,
  ExchangeNames,
  HEADERS,
  isFollowUp,
} from '@iren/contracts';
import {
  type BatchOutcome,
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
import { InboxTurns } from './inbox-turns';
import { MadeEnvelopes } from './made-envelopes';
import { StoreDelivery, type StoredDelivery } from './store-delivery.usecase';

/**
 * Consumes `INBOX` into the deliveries table in batches (`StoreDelivery`: one transaction with the
 * `message.delivered` events), acknowledged to JetStream only after the commit; a redelivered
 * message finds its row and changes nothing. Live readers are told after each commit. Only what
 * the router vouches for, carrying an envelope its origin signed, is stored
 * (`authenticateDelivery`; an envelope this gateway made itself and gets back unchanged is not
 * checked twice, `MadeEnvelopes`); anything else is dead-lettered with the reason and counted.
 */
@Injectable()
export class InboxConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: JetStreamWorker;
  private readonly logger: Logger;
  private readonly turns = new InboxTurns();
  /** `iren.inbox.`: a delivery's subject is this and its recipient. */
  private readonly inboxPrefix: string;
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
    private readonly made: MadeEnvelopes,
    @Inject(HEALTH_DETAILS) health: HealthDetail[],
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: InboxConsumer.name });
    this.inboxPrefix = names.inboxSubject('');
    health.push({ name: 'deliveries', detail: () => this.refused });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = this.consumers.batchWorker(
      {
        stream: 'INBOX',
        purpose: 'gateway_inbox',
        // Deliveries to different inboxes are independent; one inbox's writers queue on its lock,
        // and a follow-up arriving before its original is retried. Two batches at once: one is
        // read and checked while the other commits, each inbox written in stream order (InboxTurns).
        concurrency: 2,
        batch: INBOX_BATCH,
      },
      (msgs) => this.handleBatch(msgs),
      this.logger,
    );
    await this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.stop();
  }

  /** One message, as a batch of one; what it failed with is thrown. */
  async handle(msg: ConsumedMessage): Promise<void> {
    const [error] = await this.handleBatch([msg]);
    if (error !== undefined) throw error;
  }

  /**
   * Checks every delivery of the batch, then stores the deliveries of new messages in one
   * transaction (`StoreDelivery.executeMany`) and the follow-ups after them, each on its own (one
   * whose original is in the same batch finds it stored). A delivery that is not authentic, or a
   * follow-up that cannot be applied, fails alone; a failure of the shared transaction fails the batch.
   */
  async handleBatch(msgs: ConsumedMessage[]): Promise<BatchOutcome> {
    // Before any await: the batch's place at its inboxes is where it came in the stream.
    const turn = this.turns.take(msgs.map((msg) => msg.subject.slice(this.inboxPrefix.length)));
    try {
      return await this.handleInTurn(msgs, turn.ready);
    } finally {
      turn.release();
    }
  }

  private async handleInTurn(msgs: ConsumedMessage[], turn: Promise<void>): Promise<BatchOutcome> {
    const outcome: BatchOutcome = msgs.map(() => undefined);
    const fresh: Received[] = [];
    const followUps: Received[] = [];
    const verdicts = await this.authentic(msgs);
    // Checked side by side with the batch before; written after it, inbox by inbox.
    await turn;
    for (const [i, verdict] of verdicts.entries()) {
      if (verdict instanceof Error) outcome[i] = verdict;
      else {
        const received = { i, delivery: verdict, correlationId: headerOf(msgs[i], HEADERS.correlationId) };
        (isFollowUp(verdict.envelope.kind) ? followUps : fresh).push(received);
      }
    }
    const stored = fresh.length > 0 ? await this.store.executeMany(fresh) : [];
    fresh.forEach((received, j) => this.told(received, stored[j]));
    for (const received of followUps) {
      try {
        this.told(received, await this.store.execute(received.delivery, received.correlationId));
      } catch (error) {
        outcome[received.i] = error;
      }
    }
    return outcome;
  }

  /** After the commit: the relay sends the events, live readers and the deadline scanner hear of it. */
  private told({ delivery, correlationId }: Received, stored: StoredDelivery): void {
    if (!stored.changed) return;
    this.relay.notify();
    this.notifier.changed(delivery.recipient);
    if (stored.feedbackDueAt) this.deadlines.wake();
    this.logger.info(
      { messageId: delivery.envelope.id, kind: delivery.envelope.kind, node: delivery.recipient, correlationId },
      'delivered',
    );
  }

  /**
   * Each delivery, if the router made it, else why not. Refusals are checked once more after the
   * mirror caught up with the bucket (once for the batch): a key registered a moment ago (a node's
   * rotation) may not have reached it yet.
   */
  private async authentic(msgs: ConsumedMessage[]): Promise<(DeliveryPayload | Error)[]> {
    const registry = this.directory.registry;
    // A message delivered to several inboxes of this gateway is checked once a batch.
    let envelopes: EnvelopeChecks = new Map();
    const judge = (msg: ConsumedMessage) =>
      authenticateDelivery(receivedMessage(msg), this.names, registry, envelopes, this.made);
    let verdicts = msgs.map(judge);
    if (verdicts.some((v) => 'reason' in v)) {
      // Not knowing whether a key arrived is not a refusal: the delivery is tried again later.
      if (!(await registry.catchUp())) {
        const unknown = new UnavailableError('the registry mirror could not catch up');
        return verdicts.map((v) => ('reason' in v ? unknown : v));
      }
      envelopes = new Map();
      verdicts = verdicts.map((v, i) => ('reason' in v ? judge(msgs[i]) : v));
    }
    return verdicts.map((verdict, i) => {
      if (!('reason' in verdict)) return verdict;
      const msg = msgs[i];
      this.refused.count += 1;
      this.refused.last = { subject: msg.subject, reason: verdict.reason, at: new Date().toISOString() };
      this.logger.warn({ subject: msg.subject, seq: msg.seq, reason: verdict.reason }, 'delivery not authentic');
      return new PermanentError(verdict.reason, verdict.detail);
    });
  }
}

/** Up to 256 deliveries a transaction, gathered for at most 5 ms. */
const INBOX_BATCH = { max: 256, lingerMs: 5 };

interface Received {
  /** Its place in the batch. */
  i: number;
  delivery: DeliveryPayload;
  correlationId?: string;
}
