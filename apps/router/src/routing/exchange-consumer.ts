import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Logger } from 'pino';
import {
  authenticatePublished,
  type Envelope,
  EnvelopeDto,
  ExchangeNames,
  HEADERS,
  isFollowUp,
  NETWORK_MADE_KINDS,
  type PublishedRefusal,
  validatePlain,
} from '@iren/contracts';
import {
  type BatchOutcome,
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
import { RouterPlacement } from './router-placement';
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
  /** Settles once the last batch handed over has routed (or failed to). */
  private lastRouting: Promise<void> = Promise.resolve();

  constructor(
    private readonly consumers: DurableConsumers,
    private readonly names: ExchangeNames,
    private readonly table: RoutingTable,
    private readonly route: RouteMessage,
    private readonly reject: RejectMessage,
    private readonly hits: DetectHits,
    private readonly placement: RouterPlacement,
    @Inject(CLOCK_SKEW_MS) private readonly clockSkewMs: number,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: ExchangeConsumer.name });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = this.consumers.batchWorker(
      {
        stream: 'EXCHANGE',
        purpose: 'router',
        filterSubject: this.names.publishWildcard,
        // Messages are routed independently: a decision is recorded once whoever gets there first,
        // hits lock per identifier, and a follow-up that overtakes its original is parked until it
        // is routed. Two batches at once: one is checked while the other is recorded and published,
        // each published after the one before it (`checkAndRoute`).
        concurrency: 2,
        batch: ROUTER_BATCH,
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
   * Checks every message of the batch, refusing one by one those that break a rule; routes the new
   * messages together (`RouteMessage.executeMany`: one statement records every decision, every
   * publish in flight at once), then the follow-ups one by one, then looks for hits among the
   * alerts routed. A message that is refused, or whose publishing failed, fails alone.
   */
  async handleBatch(msgs: ConsumedMessage[]): Promise<BatchOutcome> {
    // Before any await: the batch routes after the one handed over before it (`lastRouting`).
    const previous = this.lastRouting;
    let routingDone!: () => void;
    this.lastRouting = new Promise<void>((resolve) => (routingDone = resolve));
    let result: { outcome: BatchOutcome; routed: Accepted[] };
    try {
      result = await this.checkAndRoute(msgs, previous);
    } finally {
      routingDone();
    }
    // After routing, so the alerts' recipients are recorded: they decide what each HIT may tell of them.
    // At the hub only, where every site's alerts meet (`RouterPlacement`).
    if (this.placement.atHub) await this.hits.executeMany(result.routed.map(commandOf));
    return result.outcome;
  }

  /**
   * Checks the batch, side by side with the batch before it, then routes it once that one has
   * routed: its deliveries go out after the earlier batch's, so every inbox gets each origin's
   * messages in stream order (a burst, such as a national site's messages when its link returns,
   * reached the hub's inboxes out of order when the second batch published first).
   */
  private async checkAndRoute(
    msgs: ConsumedMessage[],
    previous: Promise<void>,
  ): Promise<{ outcome: BatchOutcome; routed: Accepted[] }> {
    // Registry changes acknowledged before these messages arrived (a rotated key, a suspension, a
    // new filter) apply to them: one catch-up covers the batch, and the batch waits (held, the
    // worker degraded) rather than be routed on a copy that could not catch up.
    if (!(await this.table.directory.catchUp()))
      throw new UnavailableError('the registry mirror could not catch up; routing waits for it');
    const outcome: BatchOutcome = msgs.map(() => undefined);
    const fresh: Accepted[] = [];
    const followUps: Accepted[] = [];
    for (const [i, msg] of msgs.entries()) {
      try {
        const accepted = { i, envelope: await this.accepted(msg), correlationId: correlationOf(msg) };
        (isFollowUp(accepted.envelope.kind) ? followUps : fresh).push(accepted);
      } catch (error) {
        outcome[i] = error;
      }
    }
    await previous;
    const routed: Accepted[] = [];
    const decisions = await this.route.executeMany(fresh.map(commandOf));
    fresh.forEach((accepted, j) => {
      const decision = decisions[j];
      if (decision instanceof Error) outcome[accepted.i] = decision;
      else this.routedOne(accepted, decision.length, routed);
    });
    for (const accepted of followUps) {
      try {
        this.routedOne(accepted, (await this.route.execute(commandOf(accepted))).length, routed);
      } catch (error) {
        outcome[accepted.i] = error;
      }
    }
    return { outcome, routed };
  }

  private routedOne(accepted: Accepted, recipients: number, routed: Accepted[]): void {
    const { envelope, correlationId } = accepted;
    this.logger.info({ messageId: envelope.id, correlationId, recipients }, 'message routed');
    routed.push(accepted);
  }

  /**
   * The message's envelope when it is authentic and keeps the network's rules; else it is refused
   * (thrown as a PermanentError, recorded for its origin when it is authentic).
   */
  private async accepted(msg: ConsumedMessage): Promise<Envelope> {
    const correlationId = correlationOf(msg);
    const verdict = authenticatePublished(
      receivedMessage(msg),
      msg.time,
      this.names,
      this.table.directory,
      this.clockSkewMs,
    );
    if ('reason' in verdict) return this.refuseForgery(msg, verdict);
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
    return envelope;
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

/** Up to 256 messages a batch, gathered for at most 5 ms. */
const ROUTER_BATCH = { max: 256, lingerMs: 5 };

/** A message that passed the checks, with its place in the batch. */
interface Accepted {
  i: number;
  envelope: Envelope;
  correlationId?: string;
}

function correlationOf(msg: ConsumedMessage): string | undefined {
  return headerOf(msg, HEADERS.correlationId);
}

function commandOf({ envelope, correlationId }: Accepted): { envelope: Envelope; correlationId?: string } {
  return { envelope, correlationId };
}
