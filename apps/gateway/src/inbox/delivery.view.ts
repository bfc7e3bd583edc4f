import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALERT_CATEGORIES,
  DELIVERY_STATES,
  type DeliveryState,
  ApiEnvelopeProperty,
  type Envelope,
  FEEDBACK_OUTCOMES,
  type FeedbackOutcome,
  type SeizureQuantity,
} from '@iren/contracts';
import { type MessageNames, messageNames } from '../reference/code-names';
import { MessageNamesView } from '../reference/reference.view';
import type { AmendmentMark, DeliveryEntity, DeliveryFeedback, DeliveryVersion } from './delivery.entity';

// The classes below are the answers' shapes for the OpenAPI document; the answers themselves are
// plain objects built by the functions at the end (the classes are never instantiated).

const DATE_TIME = { type: String, format: 'date-time', example: '2026-11-20T09:31:02.118Z' } as const;
const NULLABLE_DATE_TIME = { ...DATE_TIME, nullable: true } as const;

/** How a version of a message was made by its origin's amendment. */
export class AmendmentMarkView implements AmendmentMark {
  @ApiProperty({ format: 'uuid', description: 'the AMENDMENT message' })
  messageId: string;

  @ApiProperty(DATE_TIME)
  at: string;

  @ApiProperty({ type: String, nullable: true, example: 'container number corrected' })
  reason: string | null;
}

/** An earlier version of a delivered message, kept when an amendment replaced it. */
export class DeliveryVersionView implements DeliveryVersion {
  @ApiProperty({ minimum: 1, example: 1 })
  version: number;

  @ApiEnvelopeProperty('the signed envelope of this version')
  message: Envelope;

  @ApiProperty({ type: () => AmendmentMarkView, nullable: true, description: 'null for the original (version 1)' })
  amendment: AmendmentMark | null;
}

/** What was seized in one category. */
export class SeizureQuantityView implements SeizureQuantity {
  @ApiProperty({ enum: [...ALERT_CATEGORIES], example: 'FALSIFIED_MEDICAL' })
  category: SeizureQuantity['category'];

  @ApiPropertyOptional({ minimum: 0, example: 12000 })
  pieces?: number;

  @ApiPropertyOptional({ description: 'exact decimal, up to 3 places', example: '3.250' })
  kilograms?: string;
}

/** A recipient's feedback on a delivered message, with the FEEDBACK message that carries it. */
export class DeliveryFeedbackView implements DeliveryFeedback {
  @ApiProperty({ format: 'uuid', description: 'the FEEDBACK message' })
  messageId: string;

  @ApiProperty(DATE_TIME)
  at: string;

  @ApiProperty({ enum: [...FEEDBACK_OUTCOMES], example: 'SEIZURE' })
  outcome: FeedbackOutcome;

  @ApiPropertyOptional({ format: 'date', example: '2026-11-22', description: 'for a SEIZURE' })
  seizedAt?: string;

  @ApiPropertyOptional({ type: () => [SeizureQuantityView], description: 'for a SEIZURE' })
  quantities?: SeizureQuantity[];

  @ApiPropertyOptional({ example: '40 cartons of falsified amoxicillin found in CSQU3054383' })
  remarks?: string;
}

/** A withdrawal as the recipient sees it on the withdrawn message. */
export class WithdrawnView {
  @ApiProperty(DATE_TIME)
  at: string;

  @ApiProperty({ type: String, nullable: true, example: 'sent to the wrong region' })
  reason: string | null;

  /** The WITHDRAWAL message that took it back. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the WITHDRAWAL message' })
  messageId: string | null;
}

/** A recipient's feedback as the origin sees it in a delivery state. */
export class DeliveryStatusFeedback {
  @ApiProperty({ format: 'uuid', description: 'the FEEDBACK message' })
  messageId: string;

  @ApiProperty({ enum: [...FEEDBACK_OUTCOMES], example: 'SEIZURE' })
  outcome: FeedbackOutcome;

  @ApiProperty(DATE_TIME)
  at: string;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'when the feedback reached the origin' })
  deliveredAt: string | null;
}

/** A recipient's delivery state, as its origin sees it in `GET /messages/{id}`. */
export class DeliveryStatus {
  @ApiProperty({ description: 'the recipient node', example: 'AZ-PCU-BAKU' })
  node: string;

  @ApiProperty({ enum: [...DELIVERY_STATES], example: 'RECEIVED' })
  state: DeliveryState;

  @ApiProperty(DATE_TIME)
  deliveredAt: string;

  @ApiProperty(NULLABLE_DATE_TIME)
  receivedAt: string | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  actionedAt: string | null;

  /** When the recipient first opened the message (`GET /messages/{id}`). */
  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'when the recipient first opened the message' })
  readAt: string | null;

  /** The version the recipient holds (1 until amended). */
  @ApiProperty({ minimum: 1, example: 1, description: 'the version the recipient holds (1 until amended)' })
  version: number;

  /** When the withdrawal reached the recipient. */
  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'when the withdrawal reached the recipient' })
  withdrawnAt: string | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  feedbackDueBy: string | null;

  @ApiProperty({ description: 'the due time passed without feedback', example: false })
  feedbackOverdue: boolean;

  @ApiProperty({ type: () => DeliveryStatusFeedback, nullable: true })
  feedback: DeliveryStatusFeedback | null;
}

/** One inbox item as `GET /inbox` answers it (DESIGN section 8): the message as it now stands. */
export class InboxItem {
  @ApiProperty({ description: 'pass as `after` to read on from this item', example: '1042' })
  cursor: string;

  @ApiEnvelopeProperty('the signed envelope, current version')
  message: Envelope;

  /** Beside the envelope, not in it: see `messageNames`. */
  @ApiProperty({
    type: () => MessageNamesView,
    description: 'the names of the current version’s codes: places of its itinerary, HS descriptions of its goods',
  })
  names: MessageNames;

  @ApiProperty({ enum: [...DELIVERY_STATES], example: 'DELIVERED' })
  state: DeliveryState;

  @ApiProperty(DATE_TIME)
  deliveredAt: string;

  @ApiProperty(NULLABLE_DATE_TIME)
  receivedAt: string | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  actionedAt: string | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  readAt: string | null;

  @ApiProperty({
    type: [String],
    description:
      'why this node receives it: `addressed:node`, `addressed:country:<cc>`, `addressed:group:<id>`, `filter:<index>`',
    example: ['addressed:country:KZ'],
  })
  reasons: string[];

  @ApiProperty({ minimum: 1, example: 1 })
  version: number;

  /** How the current version was made; null while it is the original. */
  @ApiProperty({ type: () => AmendmentMarkView, nullable: true, description: 'null while it is the original' })
  amendment: AmendmentMark | null;

  /** Earlier versions, oldest first, when the origin amended the message. */
  @ApiProperty({ type: () => [DeliveryVersionView], description: 'earlier versions, oldest first' })
  history: DeliveryVersion[];

  @ApiProperty({ type: () => WithdrawnView, nullable: true })
  withdrawn: WithdrawnView | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  feedbackDueBy: string | null;

  /** True once the due time passed without this node's feedback: the reminder. */
  @ApiProperty({ description: "true once the due time passed without this node's feedback", example: false })
  feedbackOverdue: boolean;

  @ApiProperty({ type: () => DeliveryFeedbackView, nullable: true })
  feedback: DeliveryFeedback | null;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toInboxItem(d: DeliveryEntity): InboxItem {
  return {
    cursor: d.cursor,
    message: d.envelope,
    names: messageNames(d.envelope),
    state: d.state,
    deliveredAt: d.deliveredAt.toISOString(),
    receivedAt: iso(d.receivedAt),
    actionedAt: iso(d.actionedAt),
    readAt: iso(d.readAt),
    reasons: d.reasons,
    version: d.version,
    amendment: d.amendment,
    history: d.history,
    withdrawn: d.withdrawnAt
      ? { at: d.withdrawnAt.toISOString(), reason: d.withdrawalReason, messageId: d.withdrawalId }
      : null,
    feedbackDueBy: iso(d.feedbackDueAt),
    feedbackOverdue: d.feedbackOverdueAt !== null,
    feedback: d.feedback,
  };
}

export function toDeliveryStatus(d: DeliveryEntity): DeliveryStatus {
  return {
    node: d.node,
    state: d.state,
    deliveredAt: d.deliveredAt.toISOString(),
    receivedAt: iso(d.receivedAt),
    actionedAt: iso(d.actionedAt),
    readAt: iso(d.readAt),
    version: d.version,
    withdrawnAt: iso(d.withdrawnAt),
    feedbackDueBy: iso(d.feedbackDueAt),
    feedbackOverdue: d.feedbackOverdueAt !== null,
    feedback: d.feedback && {
      messageId: d.feedback.messageId,
      outcome: d.feedback.outcome,
      at: d.feedback.at,
      deliveredAt: iso(d.feedbackDeliveredAt),
    },
  };
}

/** `GET /inbox`: a page of the node's deliveries, oldest first. */
export class InboxPageView {
  @ApiProperty({ type: () => [InboxItem] })
  items: InboxItem[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as `after` to read on; the same cursor again when nothing new has arrived',
    example: '1042',
  })
  next: string | null;
}
