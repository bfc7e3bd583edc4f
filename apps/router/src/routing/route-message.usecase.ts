import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type DeliveryPayload,
  type Envelope,
  ExchangeNames,
  type ExchangeEvent,
  isFollowUp,
  refersToOf,
} from '@iren/contracts';
import { recipientsFor, type Recipient } from '@iren/filters';
import { BusSigner, NatsClients, PermanentError, type SignedMessage } from '@iren/messaging';
import { followUpDecision, type OriginalRecord } from '../followups/follow-up-decision';
import { rejectFollowUp } from '../followups/follow-up-rejection';
import { ParkedFollowUps } from '../followups/parked-follow-ups';
import type { PendingFollowUpEntity } from '../followups/pending-follow-up.entity';
import { RejectMessage } from './reject-message.usecase';
import { RoutedMessagesRepository } from './routed-messages.repository';
import { RouterPlacement } from './router-placement';
import { RoutingTable } from './routing-table';

export interface RouteMessageCommand {
  envelope: Envelope;
  correlationId?: string;
}

/** How a parked follow-up was settled. */
export type ParkedOutcome = 'routed' | 'refused';

/** A follow-up waits for its original: nothing is recorded or published for it now. */
const PARKED = Symbol('parked');
/** A follow-up the hub's router routes, not this site's (`RouterPlacement`): nothing to do here. */
const NOT_OURS = Symbol('not ours');

/**
 * Delivers one accepted message: computes its recipients from the routing table and the
 * distribution rules and records that decision once (a redelivery reuses it), then publishes one
 * delivery per recipient to its inbox and a `message.routed` event, each signed by the router (the
 * gateway stores a delivery only if the router vouches for it) and with a deterministic
 * `Nats-Msg-Id`, so JetStream drops what a redelivery repeats. Resolves only once JetStream has
 * acknowledged every publish. A follow-up (withdrawal, amendment, feedback) is routed by the
 * recorded decision of its original instead (`followUpDecision`), or refused; one whose original
 * is not routed yet is parked (`ParkedFollowUps`) and routed right after its original is.
 */
@Injectable()
export class RouteMessage {
  constructor(
    private readonly table: RoutingTable,
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly routed: RoutedMessagesRepository,
    private readonly signer: BusSigner,
    private readonly reject: RejectMessage,
    private readonly parked: ParkedFollowUps,
    private readonly placement: RouterPlacement,
  ) {}

  /**
   * Answers the recipients the message was published to; an empty list, with nothing recorded and
   * nothing published, for a follow-up parked until its original is routed (its own message can
   * then be acknowledged: the parked row keeps it).
   */
  async execute({ envelope, correlationId }: RouteMessageCommand): Promise<Recipient[]> {
    const recipients = await this.decide(envelope, correlationId);
    if (recipients === PARKED || recipients === NOT_OURS) return [];
    await this.publish(envelope, recipients, correlationId);
    // Routed first, forgotten after: a crash in between only repeats an idempotent routing.
    if (isFollowUp(envelope.kind)) await this.parked.settled(envelope.id);
    // After its own publishes, so each recipient's inbox has the original before its follow-ups.
    for (const waiting of await this.parked.waitingFor([envelope.id])) await this.settleParked(waiting);
    return recipients;
  }

  /**
   * `execute` for several new messages (no follow-ups: those go one by one): every decision
   * recorded in one statement, every publish in flight at once under one signature. Answers, in order, each message's
   * recipients, or what its publishing failed with.
   */
  async executeMany(commands: RouteMessageCommand[]): Promise<(Recipient[] | Error)[]> {
    const decisions = await this.routed.recordManyOnce(
      commands.map(({ envelope, correlationId }) => {
        if (isFollowUp(envelope.kind))
          throw new Error(`${envelope.kind} ${envelope.id} is a follow-up, routed on its own`);
        return {
          envelope,
          recipients: recipientsFor(envelope, this.table.directory, this.table.matcher),
          correlationId,
        };
      }),
    );
    const published = await Promise.allSettled(
      this.publishEach(commands.map((c, i) => ({ ...c, recipients: decisions[i] }))),
    );
    const outcome = published.map((p, i) =>
      p.status === 'fulfilled' ? decisions[i] : p.reason instanceof Error ? p.reason : new Error(String(p.reason)),
    );
    const routed = commands.filter((_, i) => !(outcome[i] instanceof Error)).map((c) => c.envelope.id);
    for (const waiting of await this.parked.waitingFor(routed)) await this.settleParked(waiting);
    return outcome;
  }

  /**
   * Settles a parked follow-up: routes it by its original when that is recorded, as a fresh
   * follow-up would be, else refuses it as `original_unknown` (only the sweeper asks, once the
   * original can no longer arrive). A refusal is recorded (`message.rejected`) and does not throw:
   * the follow-up's own message was acknowledged when it was parked, there is nothing to dead-letter.
   * Any other failure throws, and the follow-up stays parked for the next attempt.
   */
  async settleParked({ envelope, refersTo, correlationId, parkedAt }: PendingFollowUpEntity): Promise<ParkedOutcome> {
    const command = { envelope: envelope as Envelope, correlationId: correlationId ?? undefined };
    try {
      if (await this.routed.find(refersTo)) {
        await this.execute(command);
        return 'routed';
      }
      const detail =
        `${envelope.kind} ${envelope.id} refers to ${refersTo}, which was not routed ` +
        `while it could still arrive (waited since ${parkedAt.toISOString()})`;
      return await this.refuse(envelope, { reason: 'original_unknown', detail }, command.correlationId);
    } catch (error) {
      if (error instanceof PermanentError) return 'refused';
      throw error;
    }
  }

  /**
   * The recipients recorded for the message, or PARKED. A follow-up's decision may refuse it (a side
   * effect), so a redelivered one reuses the recorded decision first; a fresh message's decision is
   * computed and recorded in one statement, and a decision already recorded (a redelivery, another
   * router instance) wins.
   */
  private async decide(
    envelope: Envelope,
    correlationId?: string,
  ): Promise<Recipient[] | typeof PARKED | typeof NOT_OURS> {
    if (!isFollowUp(envelope.kind)) {
      const fresh = recipientsFor(envelope, this.table.directory, this.table.matcher);
      return this.routed.recordOnce(envelope, fresh, correlationId);
    }
    const decided = await this.routed.find(envelope.id);
    if (decided) return decided.recipients;
    const refersTo = refersToOf(envelope);
    const original = refersTo ? await this.routed.find(refersTo) : null;
    // At a site, a recipient's feedback on a message this router never routed is on one sent from
    // outside the site (one sent inside was routed here before it could be received): the hub's.
    if (!original && envelope.kind === 'FEEDBACK' && !this.placement.atHub) return NOT_OURS;
    let decision = this.decideFollowUp(envelope, original);
    if ('waitForOriginal' in decision) {
      const arrived = await this.parked.park(envelope, decision.waitForOriginal, correlationId);
      if (arrived) decision = this.decideFollowUp(envelope, arrived);
    }
    if ('waitForOriginal' in decision) return PARKED;
    if ('refusal' in decision) return this.refuse(envelope, decision.refusal, correlationId);
    return this.routed.recordOnce(envelope, decision.recipients, correlationId);
  }

  private decideFollowUp(envelope: Envelope, original: OriginalRecord | null) {
    return followUpDecision(envelope, original, (node) => this.table.directory.node(node)?.status === 'ACTIVE');
  }

  /** Refuses a follow-up (`rejectFollowUp` throws the PermanentError); once that is recorded, a parked copy waits no more. */
  private async refuse(
    envelope: Envelope<unknown>,
    refusal: { reason: string; detail: string },
    correlationId?: string,
  ): Promise<never> {
    try {
      return await rejectFollowUp(this.reject, envelope, refusal, correlationId);
    } catch (error) {
      if (error instanceof PermanentError) await this.parked.settled(envelope.id);
      throw error;
    }
  }

  /** Deliveries and the event go out together; the source is acked only once all are acknowledged. */
  private async publish(envelope: Envelope, recipients: Recipient[], correlationId?: string): Promise<void> {
    await this.publishEach([{ envelope, recipients, correlationId }])[0];
  }

  /**
   * Each message's deliveries and event, all vouched for with one signature (`publishAll`) and in
   * flight at once: one promise per message, settled when all of its own are acknowledged.
   */
  private publishEach(batch: { envelope: Envelope; recipients: Recipient[]; correlationId?: string }[]) {
    const each = batch.map(({ envelope, recipients, correlationId }) =>
      this.messagesOf(envelope, recipients, correlationId),
    );
    const acks = this.signer.publishAll(this.nats.js, each.flat());
    let next = 0;
    return each.map((messages) => Promise.all(acks.slice(next, (next += messages.length))));
  }

  /**
   * The message's deliveries to the recipients this router serves (`RouterPlacement`), and its
   * `message.routed` event listing them; no event when it serves neither them nor the publisher.
   */
  private messagesOf(envelope: Envelope, recipients: Recipient[], correlationId?: string): SignedMessage[] {
    const served: Recipient[] = [];
    const deliveries: SignedMessage[] = [];
    for (const r of recipients) {
      const route = this.placement.deliveryTo(r.node, envelope.origin);
      if (!route) continue;
      served.push(r);
      const delivery: DeliveryPayload = { recipient: r.node, envelope, reasons: r.reasons };
      deliveries.push({
        ...route,
        payload: JSON.stringify(delivery),
        msgId: `${envelope.id}:${r.node}`,
        correlationId,
      });
    }
    if (served.length === 0 && !this.placement.servesPublisher(envelope.origin)) return [];
    const site = this.placement.site;
    const event: ExchangeEvent = {
      id: randomUUID(),
      type: 'message.routed',
      at: new Date().toISOString(),
      node: envelope.origin,
      nodes: [envelope.origin, ...served.map((r) => r.node)],
      messageId: envelope.id,
      correlationId,
      data: {
        kind: envelope.kind,
        tlp: envelope.tlp,
        recipients: served.map((r) => ({ node: r.node, reasons: r.reasons })),
        // Routed by a national site's router, for its own nodes; the hub's routes the rest.
        ...(site && { site }),
      },
    };
    return [
      ...deliveries,
      {
        subject: this.names.eventSubject(event.type),
        payload: JSON.stringify(event),
        msgId: this.placement.eventMsgId(`${envelope.id}:routed`),
        correlationId,
      },
    ];
  }
}
