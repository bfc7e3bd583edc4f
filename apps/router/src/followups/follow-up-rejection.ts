import type { Envelope } from '@iren/contracts';
import { PermanentError } from '@iren/messaging';
import type { RejectMessage } from '../routing/reject-message.usecase';

/**
 * Records a refused follow-up (`message.rejected`, deduplicated per follow-up id) and throws the
 * PermanentError that makes the consumer dead-letter it.
 */
export async function rejectFollowUp(
  reject: RejectMessage,
  followUp: Envelope<unknown>,
  refusal: { reason: string; detail: string },
  correlationId?: string,
): Promise<never> {
  await reject.execute({
    key: followUp.id,
    reason: refusal.reason,
    detail: refusal.detail,
    origin: followUp.origin,
    messageId: followUp.id,
    kind: followUp.kind,
    correlationId,
  });
  throw new PermanentError(refusal.reason, refusal.detail);
}
