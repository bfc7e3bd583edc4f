import { ApiProperty } from '@nestjs/swagger';
import {
  AddressingDto,
  ApiEnvelopeProperty,
  type AmendmentBody,
  contentHash,
  type Envelope,
  HANDLING_CODES,
  MESSAGE_KINDS,
  TLP_LEVELS,
} from '@iren/contracts';
import type { AmendmentMark, DeliveryEntity, DeliveryVersion } from '../inbox/delivery.entity';
import {
  AmendmentMarkView,
  DeliveryStatus,
  DeliveryVersionView,
  toDeliveryStatus,
  WithdrawnView,
} from '../inbox/delivery.view';
import { type MessageNames, messageNames } from '../reference/code-names';
import { MessageNamesView } from '../reference/reference.view';
import type { MessageEntity } from './message.entity';

// The classes are the answers' shapes for the OpenAPI document; the answers are the plain objects
// the functions below build.

/** `GET /messages/{id}`: the message as it now stands, its history, and delivery states. */
export class MessageView {
  @ApiEnvelopeProperty('the signed envelope, current version')
  message: Envelope;

  /** Beside the envelope, not in it: see `messageNames`. */
  @ApiProperty({
    type: () => MessageNamesView,
    description: 'the names of the current version’s codes: places of its itinerary, HS descriptions of its goods',
  })
  names: MessageNames;

  @ApiProperty({ minimum: 1, example: 1 })
  version: number;

  /** How the current version was made; null while it is the original. */
  @ApiProperty({ type: () => AmendmentMarkView, nullable: true, description: 'null while it is the original' })
  amendment: AmendmentMark | null;

  /** Earlier versions, oldest first. */
  @ApiProperty({ type: () => [DeliveryVersionView], description: 'earlier versions, oldest first' })
  history: DeliveryVersion[];

  @ApiProperty({ type: () => WithdrawnView, nullable: true })
  withdrawn: WithdrawnView | null;

  /** Every recipient's state for the origin (and the admin); the caller's own for a recipient. */
  @ApiProperty({
    type: () => [DeliveryStatus],
    description: "every recipient's state for the origin; the caller's own for a recipient",
  })
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
    names: messageNames(current.message),
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
    names: messageNames(delivery.envelope),
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
export class MessageMetadata {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: [...MESSAGE_KINDS], example: 'ALERT' })
  kind: Envelope['kind'];

  @ApiProperty({ example: 'KZ-PCU-AKTAU' })
  origin: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-20T09:30:00.000Z' })
  createdAt: string;

  @ApiProperty({ enum: [...TLP_LEVELS], example: 'AMBER' })
  tlp: Envelope['tlp'];

  @ApiProperty({ enum: [...HANDLING_CODES], nullable: true, example: 'H2' })
  handling: Envelope['handling'] | null;

  @ApiProperty({ type: () => AddressingDto, required: false })
  to: Envelope['to'];

  @ApiProperty({ type: String, nullable: true, example: 'OP-CASPIAN-2026' })
  operation: string | null;

  /** SHA-256 of the canonical JSON of the envelope without its signature: the ledger's `contentHash`. */
  @ApiProperty({
    description: "SHA-256 (hex) of the canonical JSON of the envelope without its signature: the ledger's contentHash",
    example: '9f2c4e1a7b3d5f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718',
  })
  contentHash: string;
}

/**
 * `GET /messages/{id}` for the admin, and for a coordinator the message did not reach: metadata of
 * the message and every recipient's state (DESIGN section 1), never its content, nor the reasons
 * given for a withdrawal or an amendment.
 */
export class MessageMetadataView {
  @ApiProperty({ type: () => MessageMetadata })
  message: MessageMetadata;

  @ApiProperty({ enum: ['withheld'], description: 'the content is not shown to this caller' })
  content: 'withheld';

  @ApiProperty({ minimum: 1, example: 1 })
  version: number;

  @ApiProperty({ type: () => WithdrawnAt, nullable: true })
  withdrawn: WithdrawnAt | null;

  @ApiProperty({ type: () => [DeliveryStatus] })
  deliveries: DeliveryStatus[];
}

/** When a message was withdrawn, without the reason given. */
export class WithdrawnAt {
  @ApiProperty({ format: 'date-time', example: '2026-11-21T08:00:00.000Z' })
  at: string;
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

/** `POST /messages`: the message stored and queued for routing. */
export class MessageAcceptedView {
  @ApiProperty({ format: 'uuid', description: 'the message id: GET /messages/{id}' })
  id: string;

  @ApiProperty({ enum: ['ACCEPTED'] })
  status: 'ACCEPTED';
}
