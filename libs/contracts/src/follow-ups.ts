import type { Envelope } from './envelope';
import type { MessageKind } from './vocabulary';

/** Kinds that refer to an earlier message (`body.refersTo`) and are routed by that message's record. */
export const FOLLOW_UP_KINDS: readonly MessageKind[] = ['WITHDRAWAL', 'AMENDMENT', 'FEEDBACK'];

/** Kinds a follow-up may refer to: what a node publishes itself. Hits and follow-ups are not withdrawn or answered. */
export const FOLLOWED_UP_KINDS: readonly MessageKind[] = ['ALERT', 'RISK_PROFILE'];

export function isFollowUp(kind: MessageKind): boolean {
  return FOLLOW_UP_KINDS.includes(kind);
}

/** The id of the message a follow-up refers to; undefined for any other envelope. */
export function refersToOf(envelope: Envelope<unknown>): string | undefined {
  if (!isFollowUp(envelope.kind)) return undefined;
  const refersTo = (envelope.body as { refersTo?: unknown } | null)?.refersTo;
  return typeof refersTo === 'string' ? refersTo : undefined;
}
