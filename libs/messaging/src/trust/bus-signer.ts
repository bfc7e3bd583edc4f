import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import {
  HEADERS,
  SIGNATURE_HEADERS,
  type SigningKey,
  signedRequestHeaders,
  vouch,
  type Voucher,
  vouchAll,
} from '@iren/contracts';

export interface SignedPublishOptions {
  /** `Nats-Msg-Id`: the stream's dedupe id, covered by the signature. */
  msgId: string;
  correlationId?: string | null;
  timeout?: number;
}

/** A message to publish vouched for: where, what, and how. */
export interface SignedMessage extends SignedPublishOptions {
  subject: string;
  payload: string;
  /**
   * The subject the signature is over, when the message travels on another first: a delivery for a
   * national site's node goes out on `siteInboxSubject` but is vouched for as `inboxSubject`, under
   * which the site puts it in its INBOX and its gateway checks it.
   */
  vouchedAs?: string;
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
    return vouchedHeaders(vouch(this.key, subject, msgId, data), msgId, correlationId);
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

  /**
   * Publishes several messages vouched for with one signature (`vouchAll`), pipelined: one
   * promise per message, in order, each settling with its own acknowledgement.
   */
  publishAll(js: JetStreamClient, messages: readonly SignedMessage[]): Promise<PubAck>[] {
    const encoded = messages.map((m) => ({ ...m, data: new TextEncoder().encode(m.payload) }));
    const vouchers = vouchAll(
      this.key,
      encoded.map((m) => ({ ...m, subject: m.vouchedAs ?? m.subject })),
    );
    return encoded.map((m, i) =>
      js.publish(m.subject, m.data, {
        msgID: m.msgId,
        headers: vouchedHeaders(vouchers[i], m.msgId, m.correlationId),
        ...(m.timeout !== undefined && { timeout: m.timeout }),
      }),
    );
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

function vouchedHeaders(voucher: Voucher, msgId: string, correlationId?: string | null): MsgHdrs {
  const h = natsHeaders();
  if (correlationId) h.set(HEADERS.correlationId, correlationId);
  h.set(HEADERS.msgId, msgId);
  h.set(SIGNATURE_HEADERS.signer, voucher.keyId);
  h.set(SIGNATURE_HEADERS.signature, voucher.signature);
  if (voucher.batchProof !== undefined) h.set(SIGNATURE_HEADERS.batchProof, voucher.batchProof);
  return h;
}
