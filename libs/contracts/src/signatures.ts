import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { Envelope, EnvelopeSignature } from './envelope';
import type { NodeKeyRecord, NodeKeysRecord } from './registry-records';

/** A node's signing key as the gateway holds it: the private part never leaves the gateway. */
export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
}

/** A fresh Ed25519 key pair, both halves as PEM (SPKI for the public one, PKCS#8 for the private one). */
export function newSigningKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * The id of a node's public key: `<node>#<first 16 hex digits of SHA-256 of the raw 32-byte key>`.
 * Derived from the key itself, so registering the same key twice (a retried rotation) names it the same.
 */
export function signingKeyId(nodeId: string, publicKeyPem: string): string {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  // The JWK `x` member of an OKP key is exactly the raw public key (RFC 8037).
  const raw = Buffer.from(jwk.x ?? '', 'base64url');
  return `${nodeId}#${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`;
}

/** What a signature covers: the UTF-8 bytes of the canonical JSON (RFC 8785) of the envelope without `signature`. */
export function signedBytes(envelope: object): Buffer {
  const rest: Record<string, unknown> = { ...envelope };
  delete rest.signature;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

/** The envelope with its Ed25519 `signature` (replacing any earlier one). */
export function signEnvelope<E extends Envelope<unknown>>(envelope: E, key: SigningKey): E {
  const value = sign(null, signedBytes(envelope), key.privateKey).toString('base64');
  return { ...envelope, signature: { keyId: key.keyId, value } };
}

/** The private key object of PKCS#8 PEM text. */
export function privateKeyOf(pem: string): KeyObject {
  return createPrivateKey(pem);
}

/** Parsed public keys by their PEM text: parsing costs as much as verifying, and the same few keys sign everything. */
const publicKeys = new Map<string, KeyObject>();
const PUBLIC_KEYS_KEPT = 10_000;

/**
 * The key object of SPKI PEM text, parsed once (a text that does not parse throws, every time).
 * Keys are public: keeping them is harmless; the map is emptied if it ever grows past a bound.
 */
export function publicKeyObject(pem: string): KeyObject {
  let key = publicKeys.get(pem);
  if (!key) {
    key = createPublicKey(pem);
    if (publicKeys.size >= PUBLIC_KEYS_KEPT) publicKeys.clear();
    publicKeys.set(pem, key);
  }
  return key;
}

/**
 * True when `signature` is a valid Ed25519 signature of `envelope` (its `signature` member ignored)
 * by `publicKeyPem`; false for a bad signature, a malformed value or a key that is not Ed25519.
 */
export function signatureVerifies(envelope: object, signature: EnvelopeSignature, publicKeyPem: string): boolean {
  try {
    const key = publicKeyObject(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, signedBytes(envelope), key, Buffer.from(signature.value, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The registered key `keyId` of a node if it was valid at `createdAt`: the active key, or a retired
 * one for messages created before it was retired (rotation keeps old keys for verification).
 */
export function keyValidAt(
  keys: NodeKeysRecord | undefined,
  keyId: string,
  createdAt: string,
): NodeKeyRecord | undefined {
  const key = keys?.keys.find((k) => k.keyId === keyId);
  if (!key) return undefined;
  if (key.retiredAt !== null && Date.parse(createdAt) >= Date.parse(key.retiredAt)) return undefined;
  return key;
}

/** Why an envelope's signature is refused (`unsigned`, `bad_signature`), or undefined when it verifies. */
export function signatureProblem(
  envelope: object & { createdAt: string; signature?: EnvelopeSignature },
  keys: NodeKeysRecord | undefined,
): { reason: 'unsigned' | 'bad_signature'; detail: string } | undefined {
  const signature = envelope.signature;
  if (!signature) return { reason: 'unsigned', detail: 'the envelope carries no signature' };
  // Read from the wire before any validation: a key id that is no string must not reach the detail below.
  if (typeof signature.keyId !== 'string' || typeof signature.value !== 'string') {
    return { reason: 'bad_signature', detail: 'the signature is not a key id and a value' };
  }
  const key = keyValidAt(keys, signature.keyId, envelope.createdAt);
  if (!key) {
    const detail = `key ${signature.keyId} is not a key of the origin valid at ${envelope.createdAt}`;
    return { reason: 'bad_signature', detail };
  }
  if (!signatureVerifies(envelope, signature, key.publicKey)) {
    return { reason: 'bad_signature', detail: `the signature does not verify with key ${signature.keyId}` };
  }
  return undefined;
}
