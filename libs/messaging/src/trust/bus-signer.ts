import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { HEADERS, SIGNATURE_HEADERS, type SigningKey, signedRequestHeaders, vouch } from '@iren/contracts';

export interface SignedPublishOptions {
  /** `Nats-Msg-Id`: the stream's dedupe id, covered by the signature. */
  msgId: string;
  correlationId?: string | null;
  timeout?: number;
}

/**
 * Publishes as one service: every message carries the service's signature over its subject, its
 * dedupe id and its bytes, so whoever consumes it can tell the service sent it, for that subject.
 */
export class BusSigner {
  constructor(private readonly key: SigningKey) {}

  get keyId(): string {
    return this.key.keyId;
  }

  /** The headers of a message vouched for by this service: its dedupe id, signature and correlation id. */
  headers(subject: string, data: Uint8Array, msgId: string, correlationId?: string | null): MsgHdrs {
    const h = natsHeaders();
    if (correlationId) h.set(HEADERS.correlationId, correlationId);
    h.set(HEADERS.msgId, msgId);
    const { keyId, signature } = vouch(this.key, subject, msgId, data);
    h.set(SIGNATURE_HEADERS.signer, keyId);
    h.set(SIGNATURE_HEADERS.signature, signature);
    return h;
  }

  /** The headers of a request/reply request made by this service (`signedRequestHeaders`). */
  requestHeaders(subject: string, data: unknown, correlationId?: string | null): MsgHdrs {
    const h = natsHeaders();
    if (correlationId) h.set(HEADERS.correlationId, correlationId);
    for (const [name, value] of Object.entries(signedRequestHeaders(this.key, subject, data, randomUUID()))) {
      h.set(name, value);
    }
    return h;
  }

  publish(js: JetStreamClient, subject: string, payload: string, options: SignedPublishOptions): Promise<PubAck> {
    const data = new TextEncoder().encode(payload);
    return js.publish(subject, data, {
      msgID: options.msgId,
      headers: this.headers(subject, data, options.msgId, options.correlationId),
      ...(options.timeout !== undefined && { timeout: options.timeout }),
    });
  }
}
