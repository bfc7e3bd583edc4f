import { createHash, sign, verify } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { publicKeyObject, type SigningKey } from '../signatures';
import { isServiceName, type ServiceName } from './identities';

/** The headers with which a service vouches for a message it publishes. */
export const SIGNATURE_HEADERS = {
  /** The signing key's id, `<service>#<digest>`: who vouches. */
  signer: 'Iren-Signer',
  /** Ed25519 over {@link vouchedBytes}, base64. */
  signature: 'Iren-Signature',
} as const;

/** A service's signature on one message, as its two headers carry it. */
export interface Voucher {
  keyId: string;
  signature: string;
}

/**
 * What a service's signature covers: the subject the message was published on, its dedupe id
 * (`Nats-Msg-Id`) and the SHA-256 of its bytes, as canonical JSON. Binding the subject stops a
 * delivery vouched for one node's inbox from being replayed into another's.
 */
export function vouchedBytes(subject: string, msgId: string, data: Uint8Array): Buffer {
  const sha256 = createHash('sha256').update(data).digest('hex');
  return Buffer.from(canonicalJson({ subject, msgId, sha256 }), 'utf8');
}

export function vouch(key: SigningKey, subject: string, msgId: string, data: Uint8Array): Voucher {
  return {
    keyId: key.keyId,
    signature: sign(null, vouchedBytes(subject, msgId, data), key.privateKey).toString('base64'),
  };
}

/** True when `voucher` is a valid Ed25519 signature of the message by `publicKeyPem`. */
export function voucherVerifies(
  voucher: Voucher,
  publicKeyPem: string,
  subject: string,
  msgId: string,
  data: Uint8Array,
): boolean {
  try {
    const key = publicKeyObject(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, vouchedBytes(subject, msgId, data), key, Buffer.from(voucher.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The service a key id names (`router#…` → `router`), or undefined when it names none. */
export function serviceOfKeyId(keyId: string): ServiceName | undefined {
  const service = keyId.split('#')[0];
  return isServiceName(service) ? service : undefined;
}
