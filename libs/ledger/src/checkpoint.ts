import { KeyObject, sign, verify } from 'node:crypto';
import { CheckpointFormatError, SigningKeyError } from './ledger.errors';
import { keyIdOf, toPublicKey } from './signing-key';
import { isCount } from './tree-math';

/**
 * A signed tree head, as `GET /audit/checkpoint` answers it: the ledger's size and root at a
 * moment, signed with the audit service's Ed25519 key.
 */
export interface Checkpoint {
  size: number;
  /** MTH of the first `size` entries, 64 lowercase hex digits. */
  rootHash: string;
  /** When the audit service signed, ISO 8601 in UTC (`Date.prototype.toISOString`). */
  timestamp: string;
  /** {@link keyIdOf} the signing key, so that a verifier picks the key among rotated ones. */
  keyId: string;
  /** Ed25519 signature over {@link checkpointBody}, base64. */
  signature: string;
}

/** First line of every checkpoint body; a new body format gets a new version, never a changed meaning. */
export const CHECKPOINT_FORMAT = 'iren-ledger/v1';

const ROOT_HASH = /^[0-9a-f]{64}$/;

/**
 * The bytes a checkpoint's signature covers, UTF-8 (ASCII in fact), four lines each ending in "\n":
 * `iren-ledger/v1`, the size in decimal without leading zeros, the root hash in lowercase hex,
 * the timestamp as `Date.prototype.toISOString` writes it (`2026-03-01T12:00:00.000Z`). Only these
 * canonical spellings are accepted, so that one checkpoint has exactly one body.
 * Throws {@link CheckpointFormatError} on anything else.
 */
export function checkpointBody(size: number, rootHash: string, timestamp: string): Buffer {
  if (!isCount(size)) throw new CheckpointFormatError(`size must be a whole number >= 0, got ${size}`);
  if (typeof rootHash !== 'string' || !ROOT_HASH.test(rootHash)) {
    throw new CheckpointFormatError('rootHash must be 64 lowercase hex digits');
  }
  if (!isCanonicalTime(timestamp)) {
    throw new CheckpointFormatError(`timestamp must be Date.toISOString() output, got ${JSON.stringify(timestamp)}`);
  }
  return Buffer.from(`${CHECKPOINT_FORMAT}\n${size}\n${rootHash}\n${timestamp}\n`, 'utf8');
}

/**
 * Signs a tree head with the audit service's Ed25519 private key. Throws `SigningKeyError` when
 * the key is not an Ed25519 private key or `keyId` is not its id, since such a checkpoint could never verify.
 */
export function signCheckpoint(
  privateKey: KeyObject,
  keyId: string,
  size: number,
  rootHash: string,
  timestamp: string,
): Checkpoint {
  const body = checkpointBody(size, rootHash, timestamp);
  if (keyIdOf(toPublicKey(privateKey, 'private')) !== keyId) {
    throw new SigningKeyError(`keyId ${keyId} does not name the signing key`);
  }
  const signature = sign(null, body, privateKey).toString('base64');
  return { size, rootHash, timestamp, keyId, signature };
}

/**
 * Whether the checkpoint is signed by `publicKey` and names it by its key id. Any malformed field
 * answers false; only a key that is not an Ed25519 public key (or PEM of one) throws `SigningKeyError`.
 */
export function verifyCheckpoint(checkpoint: Checkpoint, publicKey: KeyObject | string): boolean {
  const key = toPublicKey(publicKey, 'public');
  if (checkpoint.keyId !== keyIdOf(key)) return false;
  const signature = decodeSignature(checkpoint.signature);
  if (signature === undefined) return false;
  let body: Buffer;
  try {
    body = checkpointBody(checkpoint.size, checkpoint.rootHash, checkpoint.timestamp);
  } catch {
    return false;
  }
  return verify(null, body, key, signature);
}

function isCanonicalTime(timestamp: unknown): boolean {
  if (typeof timestamp !== 'string') return false;
  const time = new Date(timestamp);
  return !Number.isNaN(time.getTime()) && time.toISOString() === timestamp;
}

/** Strict base64 of a 64-byte Ed25519 signature; Buffer.from alone would skip stray characters. */
function decodeSignature(text: unknown): Buffer | undefined {
  if (typeof text !== 'string') return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 64 && bytes.toString('base64') === text ? bytes : undefined;
}
