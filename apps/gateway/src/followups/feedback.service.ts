import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type FeedbackBody, FOLLOWED_UP_KINDS, type GiveFeedbackDto } from '@iren/contracts';
import { EventOutbox, OutboxRelayHost } from '@iren/messaging';
import { ConflictError, NotFoundError, Transactor } from '@iren/platform';
import { DeliveriesRepository } from '../inbox/deliveries.repository';
import type { DeliveryFeedback } from '../inbox/delivery.entity';
import { FollowUpPublisher } from './follow-up-publisher';
import type { FollowUpAccepted } from './message-changes.service';
import { feedbackOn } from './follow-up-envelopes';

/**
 * `POST /messages/{id}/feedback`: a recipient tells the origin what it found. The FEEDBACK, the
 * recipient's own record of it (which ends its deadline) and the `message.feedback` event commit
 * together; one feedback per recipient and message.
 */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly transactor: Transactor,
    private readonly deliveries: DeliveriesRepository,
    private readonly publisher: FollowUpPublisher,
    private readonly events: EventOutbox,
    private readonly relay: OutboxRelayHost,
  ) {}

  /** Sends the recipient's feedback to the origin: 404 to a non-recipient, 409 when already given. */
  async give(node: string, id: string, input: GiveFeedbackDto, correlationId: string): Promise<FollowUpAccepted> {
    const accepted = await this.transactor.run(async (m) => {
      const delivery = await this.deliveries.find(id, node, m);
      // Only a recipient may answer a message, and only a message a node publishes (not a hit or a follow-up).
      if (!delivery || !FOLLOWED_UP_KINDS.includes(delivery.envelope.kind)) throw new NotFoundError(`message ${id}`);
      if (delivery.feedback) {
        throw new ConflictError(`feedback on message ${id} was given at ${delivery.feedback.at}`);
      }
      const body: FeedbackBody = { refersTo: id, ...input };
      const envelope = feedbackOn(delivery.envelope, body, {
        id: randomUUID(),
        origin: node,
        createdAt: new Date().toISOString(),
      });
      await this.publisher.add(m, envelope, correlationId);
      const { refersTo: _refersTo, ...given } = body;
      const feedback: DeliveryFeedback = { ...given, messageId: envelope.id, at: envelope.createdAt };
      await this.deliveries.recordFeedback(m, delivery, feedback);
      await this.events.record(m, {
        type: 'message.feedback',
        node,
        nodes: [node, delivery.origin],
        messageId: id,
        correlationId,
        // Outcome and quantities feed the seizure reports; the remarks are content and stay out.
        data: {
          feedback: envelope.id,
          origin: delivery.origin,
          outcome: input.outcome,
          ...(input.seizedAt && { seizedAt: input.seizedAt }),
          ...(input.quantities && { quantities: input.quantities.map((q) => ({ ...q })) }),
        },
      });
      return { id: envelope.id, status: 'ACCEPTED' as const };
    });
    this.relay.notify();
    return accepted;
  }
}
