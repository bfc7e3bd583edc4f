import { headers as natsHeaders } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { type Envelope, type ExchangeEvent, type ExchangeNames, HEADERS } from '@iren/contracts';
import { type NatsClients, PermanentError } from '@iren/messaging';

/**
 * Records a refused follow-up (`message.rejected`, deduplicated per follow-up id) and throws the
 * PermanentError that makes the consumer dead-letter it.
 */
export async function rejectFollowUp(
  nats: NatsClients,
  names: ExchangeNames,
  followUp: Envelope<unknown>,
  refusal: { reason: string; detail: string },
  correlationId?: string,
): Promise<never> {
  const event: ExchangeEvent = {
    id: randomUUID(),
    type: 'message.rejected',
    at: new Date().toISOString(),
    node: followUp.origin,
    nodes: [followUp.origin],
    messageId: followUp.id,
    correlationId,
    data: { reason: refusal.reason, detail: refusal.detail.slice(0, 2000), kind: followUp.kind },
  };
  const h = natsHeaders();
  if (correlationId) h.set(HEADERS.correlationId, correlationId);
  await nats.js.publish(names.eventSubject(event.type), JSON.stringify(event), {
    msgID: `rejected:${followUp.id}`,
    headers: h,
  });
  throw new PermanentError(refusal.reason, refusal.detail);
}
