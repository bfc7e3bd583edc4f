import {
  type AmendmentBody,
  amendedBodyProblems,
  type Envelope,
  FOLLOWED_UP_KINDS,
  type MessageKind,
  refersToOf,
} from '@iren/contracts';
import type { Recipient } from '@iren/filters';

/** What the router recorded of the message a follow-up refers to. */
export interface OriginalRecord {
  origin: string;
  kind: MessageKind;
  recipients: Recipient[];
}

/** Where a follow-up goes: its recipients, a refusal (with a dead-letter reason), or wait for its original. */
export type FollowUpDecision =
  { recipients: Recipient[] } | { refusal: { reason: string; detail: string } } | { waitForOriginal: string };

const refuse = (reason: string, detail: string): FollowUpDecision => ({ refusal: { reason, detail } });

/**
 * Routes a WITHDRAWAL, AMENDMENT or FEEDBACK by the record of its original, never by today's
 * subscriptions (DESIGN section 4): a withdrawal or amendment reaches exactly the original's
 * recorded recipients and only its origin may send one; a feedback reaches exactly the original's
 * origin and only one of its recorded recipients may send one. Nodes not ACTIVE now get nothing.
 */
export function followUpDecision(
  followUp: Envelope<unknown>,
  original: OriginalRecord | null,
  isActive: (node: string) => boolean,
): FollowUpDecision {
  const refersTo = refersToOf(followUp);
  if (refersTo === undefined) return refuse('invalid_follow_up', `${followUp.kind} ${followUp.id} names no message`);
  if (original === null) return { waitForOriginal: refersTo };
  if (!FOLLOWED_UP_KINDS.includes(original.kind)) {
    return refuse('invalid_follow_up', `${followUp.kind} refers to ${refersTo}, a ${original.kind}`);
  }
  if (followUp.kind === 'FEEDBACK') {
    if (!original.recipients.some((r) => r.node === followUp.origin)) {
      return refuse('not_a_recipient', `${followUp.origin} did not receive ${refersTo}: it cannot give feedback on it`);
    }
    const to = isActive(original.origin) ? [{ node: original.origin, reasons: [`origin-of:${refersTo}`] }] : [];
    return { recipients: to };
  }
  if (followUp.origin !== original.origin) {
    return refuse(
      'not_the_origin',
      `${followUp.origin} is not the origin of ${refersTo}: only ${original.origin} may change it`,
    );
  }
  if (followUp.kind === 'AMENDMENT') {
    const { errors } = amendedBodyProblems(original.kind, (followUp.body as AmendmentBody).body);
    if (errors.length > 0) {
      return refuse('invalid_amendment', errors.map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' | '));
    }
  }
  return {
    recipients: original.recipients
      .filter((r) => isActive(r.node))
      .map((r) => ({ node: r.node, reasons: [`recipient-of:${refersTo}`] })),
  };
}
