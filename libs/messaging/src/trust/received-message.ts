import type { JsMsg } from '@nats-io/jetstream';
import type { ReceivedMessage } from '@iren/contracts';

/**
 * A header of a message as received; undefined when it is absent, and when the header block cannot
 * be read at all: nats.js decodes it on the first read of `headers` and throws on a malformed line
 * (a name with a space in it), which the server relays as it was published. Such headers vouch for
 * nothing and carry nothing, so the message is judged as if it had none.
 */
export function headerOf(msg: Pick<JsMsg, 'headers'>, name: string): string | undefined {
  try {
    return msg.headers?.get(name) || undefined;
  } catch {
    return undefined;
  }
}

/** A JetStream message as the authenticity checks read it. */
export function receivedMessage(msg: Pick<JsMsg, 'subject' | 'data' | 'headers'>): ReceivedMessage {
  return { subject: msg.subject, data: msg.data, header: (name) => headerOf(msg, name) };
}
