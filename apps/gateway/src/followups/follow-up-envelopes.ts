import type { AmendmentBody, Envelope, FeedbackBody, MessageKind, WithdrawalBody } from '@iren/contracts';

/** What identifies a new follow-up: its id, origin and creation time. */
export interface FollowUpStamp {
  id: string;
  origin: string;
  createdAt: string;
}

/**
 * A WITHDRAWAL or AMENDMENT of `original`: the same TLP, handling, addressing and operation, so it
 * reads exactly as restricted as the message it changes (the router sends it to the original's
 * recorded recipients whatever the addressing says now).
 */
export function changeOf<B extends WithdrawalBody | AmendmentBody>(
  original: Envelope<unknown>,
  kind: Extract<MessageKind, 'WITHDRAWAL' | 'AMENDMENT'>,
  body: B,
  stamp: FollowUpStamp,
): Envelope<B> {
  return {
    ...stamp,
    kind,
    tlp: original.tlp,
    ...(original.handling && { handling: original.handling }),
    to: structuredClone(original.to ?? { nodes: [], countries: [], groups: [] }),
    ...(original.operation && { operation: original.operation }),
    body,
  };
}

/**
 * A FEEDBACK on `original`, for its origin only: RED and addressed to that node, since what a
 * recipient found (a seizure, its quantities) is for the sender of the alert, not for subscribers.
 */
export function feedbackOn(
  original: Envelope<unknown>,
  body: FeedbackBody,
  stamp: FollowUpStamp,
): Envelope<FeedbackBody> {
  return {
    ...stamp,
    kind: 'FEEDBACK',
    tlp: 'RED',
    ...(original.handling && { handling: original.handling }),
    to: { nodes: [original.origin], countries: [], groups: [] },
    body,
  };
}
