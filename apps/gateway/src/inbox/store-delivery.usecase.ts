import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type AmendmentBody,
  amendedBodyProblems,
  type DeliveryPayload,
  type Envelope,
  type FeedbackBody,
  isFollowUp,
  refersToOf,
  type WithdrawalBody,
} from '@iren/contracts';
import { EventOutbox, type NewExchangeEvent, PermanentError, TransientError } from '@iren/messaging';
import { Transactor } from '@iren/platform';
import { amendmentChange, feedbackDueOf, withdrawalChange } from '../followups/delivery-changes';
import { DeliveriesRepository } from './deliveries.repository';
import type { DeliveryEntity } from './delivery.entity';

/** What storing a delivery did: whether anything changed, and a feedback deadline it set. */
export interface StoredDelivery {
  changed: boolean;
  feedbackDueAt?: Date;
}

/**
 * Stores one delivery from `INBOX` and its `message.delivered` event in one transaction. A
 * WITHDRAWAL or AMENDMENT changes the recipient's delivery of the original instead of adding an
 * inbox line; a FEEDBACK is a line in the origin's inbox and completes the origin's view of that
 * recipient. Whatever was already applied (a redelivery) changes nothing.
 */
@Injectable()
export class StoreDelivery {
  constructor(
    private readonly transactor: Transactor,
    private readonly deliveries: DeliveriesRepository,
    private readonly events: EventOutbox,
  ) {}

  /**
   * Stores deliveries of new messages (not follow-ups: those change what is stored, one by one
   * with `execute`) in one transaction: one insert for all, one `message.delivered` event for each
   * that was new. Answers, in order, what each did.
   */
  executeMany(items: { delivery: DeliveryPayload; correlationId?: string }[]): Promise<StoredDelivery[]> {
    return this.transactor.run(async (m) => {
      const rows = items.map(({ delivery }) => {
        if (isFollowUp(delivery.envelope.kind))
          throw new Error(`${delivery.envelope.kind} ${delivery.envelope.id} is a follow-up, stored on its own`);
        return { delivery, feedbackDueAt: feedbackDueOf(delivery.envelope) };
      });
      const inserted = await this.deliveries.insertManyOnce(m, rows);
      // A message repeated within the batch is new once: the first copy tells.
      const told = new Set<string>();
      const stored = rows.map(({ delivery, feedbackDueAt }) => {
        const key = `${delivery.envelope.id}:${delivery.recipient}`;
        const changed = inserted.has(key) && !told.has(key);
        if (changed) told.add(key);
        return { changed, ...(changed && feedbackDueAt && { feedbackDueAt }) };
      });
      await this.events.recordMany(
        m,
        items.flatMap(({ delivery, correlationId }, i) =>
          stored[i].changed ? [deliveredEvent(delivery, correlationId)] : [],
        ),
      );
      return stored;
    });
  }

  execute(delivery: DeliveryPayload, correlationId?: string): Promise<StoredDelivery> {
    return this.transactor.run(async (m) => {
      const stored = await this.apply(m, delivery);
      if (stored.changed) await this.events.record(m, deliveredEvent(delivery, correlationId));
      return stored;
    });
  }

  private async apply(m: EntityManager, delivery: DeliveryPayload): Promise<StoredDelivery> {
    const envelope = delivery.envelope as Envelope<unknown>;
    switch (envelope.kind) {
      case 'WITHDRAWAL': {
        const original = await this.original(m, envelope, delivery.recipient);
        return this.changeTo(m, original, withdrawalChange(original, envelope as Envelope<WithdrawalBody>));
      }
      case 'AMENDMENT': {
        const amendment = envelope as Envelope<AmendmentBody>;
        const original = await this.original(m, envelope, delivery.recipient);
        const { value, errors } = amendedBodyProblems(original.envelope.kind, amendment.body.body);
        if (!value) throw new PermanentError('invalid_amendment', errors.map((e) => e.messages.join('; ')).join(' | '));
        return this.changeTo(m, original, amendmentChange(original, amendment, value, new Date()));
      }
      case 'FEEDBACK': {
        const changed = await this.deliveries.insertOnce(m, delivery);
        if (changed) await this.completeOriginView(m, envelope as Envelope<FeedbackBody>, delivery.recipient);
        return { changed };
      }
      default: {
        const feedbackDueAt = feedbackDueOf(envelope);
        const changed = await this.deliveries.insertOnce(m, delivery, feedbackDueAt);
        return { changed, ...(changed && feedbackDueAt && { feedbackDueAt }) };
      }
    }
  }

  /** The recipient's delivery of the message a WITHDRAWAL or AMENDMENT changes, locked. */
  private async original(m: EntityManager, followUp: Envelope<unknown>, node: string): Promise<DeliveryEntity> {
    const refersTo = refersToOf(followUp)!;
    const original = await this.deliveries.find(refersTo, node, m);
    // The router sent the original before the follow-up; its delivery may still be on its way here.
    if (!original)
      throw new TransientError(`${followUp.kind} ${followUp.id}: message ${refersTo} not delivered here yet`);
    if (original.origin !== followUp.origin) {
      throw new PermanentError(
        'followup_not_origin',
        `${followUp.kind} ${followUp.id} is not from the origin of ${refersTo}`,
      );
    }
    return original;
  }

  private async changeTo(
    m: EntityManager,
    original: DeliveryEntity,
    change: ReturnType<typeof withdrawalChange>,
  ): Promise<StoredDelivery> {
    if (!change) return { changed: false };
    await this.deliveries.change(m, original, change);
    // An amendment may set a new due time: the scanner must hear of it.
    return { changed: true, ...(change.feedbackDueAt && { feedbackDueAt: change.feedbackDueAt }) };
  }

  /** The sender's delivery of the original, as its origin sees it, now shows the feedback as arrived. */
  private async completeOriginView(m: EntityManager, feedback: Envelope<FeedbackBody>, origin: string): Promise<void> {
    const answered = await this.deliveries.find(feedback.body.refersTo, feedback.origin, m);
    if (!answered || answered.origin !== origin) return;
    const { refersTo: _refersTo, ...given } = feedback.body;
    await this.deliveries.recordFeedbackDelivered(
      m,
      answered,
      answered.feedback ?? {
        ...given,
        messageId: feedback.id,
        at: feedback.createdAt,
      },
    );
  }
}

function deliveredEvent(delivery: DeliveryPayload, correlationId: string | undefined): NewExchangeEvent {
  const { recipient, envelope } = delivery;
  const refersTo = refersToOf(envelope);
  return {
    type: 'message.delivered',
    node: recipient,
    nodes: [recipient, envelope.origin],
    messageId: envelope.id,
    correlationId,
    data: {
      origin: envelope.origin,
      kind: envelope.kind,
      reasons: delivery.reasons,
      ...(refersTo && { refersTo }),
    },
  };
}
