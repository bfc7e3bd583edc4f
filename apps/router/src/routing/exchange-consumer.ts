import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Logger } from 'pino';
import {
  authenticatePublished,
  type Envelope,
  EnvelopeDto,
  ExchangeNames,
  HEADERS,
  NETWORK_MADE_KINDS,
  type PublishedRefusal,
  validatePlain,
} from '@iren/contracts';
import {
  type ConsumedMessage,
  DurableConsumers,
  headerOf,
  type JetStreamWorker,
  PermanentError,
  receivedMessage,
} from '@iren/messaging';
import { ROOT_LOGGER, UnavailableError } from '@iren/platform';
import { DetectHits } from '../hits/detect-hits.usecase';
import { RejectMessage } from './reject-message.usecase';
import { RouteMessage } from './route-message.usecase';
import { RoutingTable } from './routing-table';

export const CLOCK_SKEW_MS = Symbol('CLOCK_SKEW_MS');

/**
 * The router's durable consumer of `EXCHANGE`. First it makes sure the message is what it claims
 * (`authenticatePublished`: under its origin's subject, signed by that origin with a key valid
 * when it was created, and fresh). A message that is not is dead-lettered with the reason and
 * nothing else: its claimed origin did not send it, so nothing is recorded in that origin's name.
 * An authentic message is then held to the network's rules — a valid envelope (the same DTOs as
 * the gateway), only nodes' kinds, only from an ACTIVE member — and refused with a
 * `message.rejected` event when it breaks one, so its origin learns why; otherwise it is routed.
 */
@Injectable()
export class ExchangeConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: JetStreamWorker;
  private readonly logger: Logger;

  constructor(
    private readonly consumers: DurableConsumers,
    private readonly names: ExchangeNames,
    private readonly table: RoutingTable,
    private readonly route: RouteMessage,
    private readonly reject: RejectMessage,
    private readonly hits: DetectHits,
    @Inject(CLOCK_SKEW_MS) private readonly clockSkewMs: number,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: ExchangeConsumer.name });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = this.consumers.worker(
      {
        stream: 'EXCHANGE',
        purpose: 'router',
        filterSubject: this.names.publishWildcard,
        // Messages are routed independently: a decision is recorded once whoever gets there first,
        // hits lock per identifier, and a follow-up that overtakes its original is parked until it is routed.
        concurrency: 4,
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
    const correlationId = headerOf(msg, HEADERS.correlationId);
    // Registry changes acknowledged before this message arrived (a rotated key, a suspension, a new
    // filter) apply to it.
    const caughtUp = await this.table.directory.catchUp();
    const verdict = authenticatePublished(
      receivedMessage(msg),
      msg.time,
      this.names,
      this.table.directory,
      this.clockSkewMs,
    );
    if ('reason' in verdict) {
      // Not knowing whether the origin's key arrived is not a refusal: the message is tried again later.
      if (!caughtUp) throw new UnavailableError('the registry mirror could not catch up');
      return this.refuseForgery(msg, verdict);
    }
    const { plain } = verdict;
    const { value, errors } = validatePlain(EnvelopeDto, plain);
    if (!value) {
      const detail = errors.map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' | ');
      return this.refuse(msg, plain, 'invalid_envelope', detail, correlationId);
    }
    const envelope = value as unknown as Envelope;
    if (NETWORK_MADE_KINDS.includes(envelope.kind)) {
      const detail = `${envelope.kind} messages are made by the network, not published by nodes`;
      return this.refuse(msg, envelope, 'kind_not_publishable', detail, correlationId);
    }
    const origin = this.table.directory.node(envelope.origin);
    if (origin?.status !== 'ACTIVE') {
      const detail = origin
        ? `origin ${envelope.origin} is ${origin.status}`
        : `origin ${envelope.origin} is not a member`;
      return this.refuse(msg, envelope, 'origin_not_active', detail, correlationId);
    }
    const recipients = await this.route.execute({ envelope, correlationId });
    this.logger.info({ messageId: envelope.id, correlationId, recipients: recipients.length }, 'message routed');
    // After routing, so the alert's recipients are recorded: they decide what each HIT may tell of it.
    await this.hits.execute({ envelope, correlationId });
  }

  /** An authentic message that breaks a rule: recorded for its origin and coordinators, then dead-lettered. */
  private async refuse(
    msg: ConsumedMessage,
    envelope: { origin: string; id?: unknown },
    reason: string,
    detail: string,
    correlationId: string | undefined,
  ): Promise<never> {
    await this.reject.execute({
      key: String(msg.seq),
      reason,
      detail,
      origin: envelope.origin,
      messageId: isUUID(envelope.id) ? (envelope.id as string) : undefined,
      correlationId,
    });
    throw new PermanentError(reason, detail);
  }

  private refuseForgery(msg: ConsumedMessage, refusal: PublishedRefusal): never {
    const { reason, detail, claimedOrigin, messageId } = refusal;
    this.logger.warn({ subject: msg.subject, seq: msg.seq, reason, claimedOrigin, messageId }, 'message not authentic');
    throw new PermanentError(reason, detail);
  }
}
