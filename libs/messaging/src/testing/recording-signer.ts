import type { BusSigner } from '../trust/bus-signer';

/** What a recording signer was asked to publish, the payload parsed. */
export interface Recorded {
  subject: string;
  msgId: string;
  payload: unknown;
}

/**
 * A `BusSigner` for tests without a bus: each message it is asked to publish, alone or in a batch,
 * goes through `record` (which may throw, as a publish that fails); nothing is signed.
 */
export function recordingSigner(record: (message: Recorded) => void): BusSigner {
  const publish = async (subject: string, payload: string, msgId: string) =>
    record({ subject, msgId, payload: JSON.parse(payload) });
  return {
    publish: (_js: unknown, subject: string, payload: string, options: { msgId: string }) =>
      publish(subject, payload, options.msgId),
    publishAll: (_js: unknown, messages: { subject: string; payload: string; msgId: string }[]) =>
      messages.map((m) => publish(m.subject, m.payload, m.msgId)),
  } as unknown as BusSigner;
}
