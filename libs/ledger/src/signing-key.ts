import { createHash, createPublicKey, KeyObject } from 'node:crypto';
import { SigningKeyError } from './ledger.errors';

/**
 * The id of an Ed25519 public key: the first 16 hex digits of SHA-256 over its raw 32 bytes.
 * Checkpoints carry it so that a verifier can pick the right key after a rotation.
 */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = toPublicKey(publicKey, 'public');
  const jwk = key.export({ format: 'jwk' });
  // The JWK `x` member of an OKP key is exactly the raw public key (RFC 8037).
  const raw = Buffer.from(jwk.x ?? '', 'base64url');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/**
 * The Ed25519 public key of a key object or PEM text (PEM of a private key yields its public half).
 * `expected` says which kind of key object the caller must pass, so that a private key object handed
 * to a verifier, or a public one to the signer, is refused rather than silently used.
 */
export function toPublicKey(key: KeyObject | string, expected: 'public' | 'private'): KeyObject {
  let keyObject: KeyObject;
  try {
    keyObject = typeof key === 'string' ? createPublicKey(key) : key;
  } catch {
    throw new SigningKeyError('the public key is not valid PEM');
  }
  if (!(keyObject instanceof KeyObject) || keyObject.type !== expected) {
    throw new SigningKeyError(`expected an Ed25519 ${expected} key`);
  }
  if (keyObject.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`expected an Ed25519 key, got ${keyObject.asymmetricKeyType ?? 'a secret key'}`);
  }
  return expected === 'public' ? keyObject : createPublicKey(keyObject);
}
