import type { DeliveryState, Envelope, FeedbackOutcome } from '@iren/contracts';
import type { AmendmentMark, DeliveryEntity, DeliveryFeedback, DeliveryVersion } from './delivery.entity';

/** A withdrawal as the recipient sees it on the withdrawn message. */
export interface WithdrawnView {
  at: string;
  reason: string | null;
  /** The WITHDRAWAL message that took it back. */
  messageId: string | null;
}

/** A recipient's delivery state, as its origin sees it in `GET /messages/{id}`. */
export interface DeliveryStatus {
  node: string;
  state: DeliveryState;
  deliveredAt: string;
  receivedAt: string | null;
  actionedAt: string | null;
  /** When the recipient first opened the message (`GET /messages/{id}`). */
  readAt: string | null;
  /** The version the recipient holds (1 until amended). */
  version: number;
  /** When the withdrawal reached the recipient. */
  withdrawnAt: string | null;
  feedbackDueBy: string | null;
  feedbackOverdue: boolean;
  feedback: { messageId: string; outcome: FeedbackOutcome; at: string; deliveredAt: string | null } | null;
}

/** One inbox item as `GET /inbox` answers it (DESIGN section 8): the message as it now stands. */
export interface InboxItem {
  cursor: string;
  message: Envelope;
  state: DeliveryState;
  deliveredAt: string;
  receivedAt: string | null;
  actionedAt: string | null;
  readAt: string | null;
  reasons: string[];
  version: number;
  /** How the current version was made; null while it is the original. */
  amendment: AmendmentMark | null;
  /** Earlier versions, oldest first, when the origin amended the message. */
  history: DeliveryVersion[];
  withdrawn: WithdrawnView | null;
  feedbackDueBy: string | null;
  /** True once the due time passed without this node's feedback: the reminder. */
  feedbackOverdue: boolean;
  feedback: DeliveryFeedback | null;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toInboxItem(d: DeliveryEntity): InboxItem {
  return {
    cursor: d.cursor,
    message: d.envelope,
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
