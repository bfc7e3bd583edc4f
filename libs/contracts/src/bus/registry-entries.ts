import { sign, verify } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { publicKeyObject, type SigningKey } from '../signatures';

/**
 * A value of the registry bucket: the record the registry published under a key (null: the key
 * was removed), when, and the registry's signature over both and the key itself. Only the
 * registry holds the signing key, so a value written by anyone else does not verify, and a value
 * cannot be moved to another key. Removal is a signed tombstone, not a KV delete, for the same reason.
 */
export interface SignedRegistryEntry<T = unknown> {
  record: T | null;
  signedAt: string;
  keyId: string;
  signature: string;
}

function entryBytes(key: string, record: unknown, signedAt: string): Buffer {
  return Buffer.from(canonicalJson({ key, record, signedAt }), 'utf8');
}

export function signRegistryEntry<T>(
  signingKey: SigningKey,
  key: string,
  record: T | null,
  signedAt = new Date().toISOString(),
): SignedRegistryEntry<T> {
  const signature = sign(null, entryBytes(key, record, signedAt), signingKey.privateKey).toString('base64');
  return { record, signedAt, keyId: signingKey.keyId, signature };
}

/**
 * The entry stored under `key` if the registry key `{keyId, publicKey}` signed it there; otherwise
 * why not (a value that is not a signed entry, another signer, a signature that does not verify).
 */
export function verifyRegistryEntry<T>(
  key: string,
  value: unknown,
  registryKey: { keyId: string; publicKey: string },
): { entry: SignedRegistryEntry<T> } | { problem: string } {
  const entry = value as Partial<SignedRegistryEntry<T>> | null;
  if (
    typeof entry !== 'object' ||
    entry === null ||
    !('record' in entry) ||
    typeof entry.signedAt !== 'string' ||
    typeof entry.keyId !== 'string' ||
    typeof entry.signature !== 'string'
  ) {
    return { problem: `${key}: not a signed registry entry` };
  }
  if (entry.keyId !== registryKey.keyId) {
    return { problem: `${key}: signed by ${entry.keyId}, not by the registry's key ${registryKey.keyId}` };
  }
  let valid = false;
  try {
    const bytes = entryBytes(key, entry.record, entry.signedAt);
    valid = verify(null, bytes, publicKeyObject(registryKey.publicKey), Buffer.from(entry.signature, 'base64'));
  } catch {
    valid = false;
  }
  return valid
    ? { entry: entry as SignedRegistryEntry<T> }
    : { problem: `${key}: the registry's signature does not verify` };
}
