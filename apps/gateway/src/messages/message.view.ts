import { type AmendmentBody, contentHash, type Envelope } from '@iren/contracts';
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

/** What a message is without what it says: how it was sent, and a hash of its content as signed. */
export interface MessageMetadata {
  id: string;
  kind: Envelope['kind'];
  origin: string;
  createdAt: string;
  tlp: Envelope['tlp'];
  handling: Envelope['handling'] | null;
  to: Envelope['to'];
  operation: string | null;
  /** SHA-256 of the canonical JSON of the envelope without its signature: the ledger's `contentHash`. */
  contentHash: string;
}

/**
 * `GET /messages/{id}` for the admin, and for a coordinator the message did not reach: metadata of
 * the message and every recipient's state (DESIGN section 1), never its content, nor the reasons
 * given for a withdrawal or an amendment.
 */
export interface MessageMetadataView {
  message: MessageMetadata;
  content: 'withheld';
  version: number;
  withdrawn: { at: string } | null;
  deliveries: DeliveryStatus[];
}

export function metadataView(
  envelope: Envelope,
  version: number,
  withdrawnAt: Date | null,
  deliveries: DeliveryEntity[],
): MessageMetadataView {
  const { signature: _signature, ...signed } = envelope;
  return {
    message: {
      id: envelope.id,
      kind: envelope.kind,
      origin: envelope.origin,
      createdAt: envelope.createdAt,
      tlp: envelope.tlp,
      handling: envelope.handling ?? null,
      to: envelope.to,
      operation: envelope.operation ?? null,
      contentHash: contentHash(signed),
    },
    content: 'withheld',
    version,
    withdrawn: withdrawnAt ? { at: withdrawnAt.toISOString() } : null,
    deliveries: deliveries.map(toDeliveryStatus),
  };
}
