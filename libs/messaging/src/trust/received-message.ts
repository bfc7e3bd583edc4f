import type { JsMsg } from '@nats-io/jetstream';
import type { ReceivedMessage } from '@iren/contracts';

/** A JetStream message as the authenticity checks read it. */
export function receivedMessage(msg: JsMsg): ReceivedMessage {
  return { subject: msg.subject, data: msg.data, header: (name) => msg.headers?.get(name) || undefined };
}
