import type { AmendmentBody, Envelope } from '@iren/contracts';
import type { AmendmentMark, DeliveryEntity, DeliveryVersion } from '../inbox/delivery.entity';
import { type DeliveryStatus, toDeliveryStatus, type WithdrawnView } from '../inbox/delivery.view';
import type { MessageEntity } from './message.entity';

/** `GET /messages/{id}`: the message as it now stands, its history, and delivery states. */
export interface MessageView {
  message: Envelope;
  version: number;
  /** How the current version was made; null while it is the original. */
  amendment: AmendmentMark | null;
  /** Earlier versions, oldest first. */
  history: DeliveryVersion[];
  withdrawn: WithdrawnView | null;
  /** Every recipient's state for the origin (and the admin); the caller's own for a recipient. */
  deliveries: DeliveryStatus[];
}

/** The origin's view: the versions it published, and where each recipient stands. */
export function originView(
  published: MessageEntity,
  amendments: Envelope<AmendmentBody>[],
  deliveries: DeliveryEntity[],
): MessageView {
  const versions: DeliveryVersion[] = [
    { version: 1, message: published.envelope, amendment: null },
    ...amendments.map((a) => ({
      version: a.body.version,
      message: { ...published.envelope, body: a.body.body as Envelope['body'] },
      amendment: { messageId: a.id, at: a.createdAt, reason: a.body.reason ?? null },
    })),
  ];
  const current = versions[versions.length - 1];
  return {
    message: current.message,
    version: current.version,
    amendment: current.amendment,
    history: versions.slice(0, -1),
    withdrawn: published.withdrawnAt
      ? {
          at: published.withdrawnAt.toISOString(),
          reason: published.withdrawalReason,
          messageId: published.withdrawalId,
        }
      : null,
    deliveries: deliveries.map(toDeliveryStatus),
  };
}

/** A recipient's view: the message as its inbox holds it, and its own state. */
export function recipientView(delivery: DeliveryEntity): MessageView {
  return {
    message: delivery.envelope,
    version: delivery.version,
    amendment: delivery.amendment,
    history: delivery.history,
    withdrawn: delivery.withdrawnAt
      ? { at: delivery.withdrawnAt.toISOString(), reason: delivery.withdrawalReason, messageId: delivery.withdrawalId }
      : null,
    deliveries: [toDeliveryStatus(delivery)],
  };
}
