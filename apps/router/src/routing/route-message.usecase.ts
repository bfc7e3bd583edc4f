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
import { BusSigner, NatsClients, TransientError } from '@iren/messaging';
import { followUpDecision } from '../followups/follow-up-decision';
import { rejectFollowUp } from '../followups/follow-up-rejection';
import { PendingOriginals } from '../followups/pending-originals';
import { RejectMessage } from './reject-message.usecase';
import { RoutedMessagesRepository } from './routed-messages.repository';
import { RoutingTable } from './routing-table';

export interface RouteMessageCommand {
  envelope: Envelope;
  correlationId?: string;
}

/**
 * Delivers one accepted message: computes its recipients from the routing table and the
 * distribution rules and records that decision once (a redelivery reuses it), then publishes one
 * delivery per recipient to its inbox and a `message.routed` event, each signed by the router (the
 * gateway stores a delivery only if the router vouches for it) and with a deterministic
 * `Nats-Msg-Id`, so JetStream drops what a redelivery repeats. Resolves only once JetStream has
 * acknowledged every publish. A follow-up (withdrawal, amendment, feedback) is routed by the
 * recorded decision of its original instead (`followUpDecision`), or refused.
 */
@Injectable()
export class RouteMessage {
  private readonly pending = new PendingOriginals();

  constructor(
    private readonly table: RoutingTable,
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly routed: RoutedMessagesRepository,
    private readonly signer: BusSigner,
    private readonly reject: RejectMessage,
  ) {}

  async execute({ envelope, correlationId }: RouteMessageCommand): Promise<Recipient[]> {
    // A follow-up's decision may refuse it (a side effect), so a redelivered one reuses the recorded
    // decision first; a fresh message's decision is computed and recorded in one statement, and a
    // decision already recorded (a redelivery, another router instance) wins.
    const decided = isFollowUp(envelope.kind) ? await this.routed.find(envelope.id) : null;
    const recipients =
      decided?.recipients ??
      (await this.routed.recordOnce(envelope, await this.recipientsOf(envelope, correlationId), correlationId));
    const deliveries = recipients.map((r) => {
      const delivery: DeliveryPayload = { recipient: r.node, envelope, reasons: r.reasons };
      return this.signer.publish(this.nats.js, this.names.inboxSubject(r.node), JSON.stringify(delivery), {
        msgId: `${envelope.id}:${r.node}`,
        correlationId,
      });
    });
    const event: ExchangeEvent = {
      id: randomUUID(),
      type: 'message.routed',
      at: new Date().toISOString(),
      node: envelope.origin,
      nodes: [envelope.origin, ...recipients.map((r) => r.node)],
      messageId: envelope.id,
      correlationId,
      data: {
        kind: envelope.kind,
        tlp: envelope.tlp,
        recipients: recipients.map((r) => ({ node: r.node, reasons: r.reasons })),
      },
    };
    // Deliveries and the event go out together; the source is acked only once all are acknowledged.
    await Promise.all([
      ...deliveries,
      this.signer.publish(this.nats.js, this.names.eventSubject(event.type), JSON.stringify(event), {
        msgId: `${envelope.id}:routed`,
        correlationId,
      }),
    ]);
    return recipients;
  }

  private async recipientsOf(envelope: Envelope<unknown>, correlationId?: string): Promise<Recipient[]> {
    if (!isFollowUp(envelope.kind)) return recipientsFor(envelope, this.table.directory, this.table.matcher);
    const refersTo = refersToOf(envelope);
    const original = refersTo ? await this.routed.find(refersTo) : null;
    const decision = followUpDecision(
      envelope,
      original,
      (node) => this.table.directory.node(node)?.status === 'ACTIVE',
    );
    if ('waitForOriginal' in decision) {
      if (this.pending.mayWait(envelope.id)) {
        throw new TransientError(`${envelope.kind} ${envelope.id}: message ${refersTo} not routed yet`);
      }
      const detail = `${envelope.kind} ${envelope.id} refers to ${refersTo}, which was never routed`;
      return rejectFollowUp(this.reject, envelope, { reason: 'original_unknown', detail }, correlationId);
    }
    this.pending.settled(envelope.id);
    if ('refusal' in decision) {
      return rejectFollowUp(this.reject, envelope, decision.refusal, correlationId);
    }
    return decision.recipients;
  }
}
