import type { KeyObject } from 'node:crypto';
import { verifyCheckpoint, type Checkpoint } from './checkpoint';
import { LedgerError } from './ledger.errors';
import { verifyConsistency } from './proof-verification';

/** The answer of {@link verifyLedgerView}: whether to trust the view, and why in plain words. */
export interface LedgerViewVerdict {
  valid: boolean;
  /** One sentence a person can act on ("... is consistent with ...", "... signature does not verify"). */
  reason: string;
}

const HEX_HASH = /^[0-9a-f]{64}$/;

/** Hex hashes (DESIGN section 8) as bytes; undefined when any is not 64 lowercase hex digits. */
export function hashesFromHex(hashes: readonly unknown[]): Buffer[] | undefined {
  if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string' && HEX_HASH.test(h))) return undefined;
  return hashes.map((h) => Buffer.from(h as string, 'hex'));
}

function signed(checkpoint: Checkpoint, publicKey: KeyObject | string): boolean {
  try {
    return verifyCheckpoint(checkpoint, publicKey);
  } catch (error) {
    if (error instanceof LedgerError) return false;
    throw error;
  }
}

/**
 * Whether a ledger view can be trusted: `checkpoint` is signed by `publicKey` and, when an
 * `earlier` checkpoint (one the verifier saved before) is given, the ledger it describes extends the
 * earlier one, shown by `consistencyProof` (hex hashes, PROOF(earlier.size, checkpoint.size)).
 * A checkpoint smaller than the earlier one, or of the same size with another root, is a rolled-back
 * or forked ledger. Never throws on malformed input: a bad view is an answer.
 */
export function verifyLedgerView(
  checkpoint: Checkpoint,
  publicKey: KeyObject | string,
  earlier?: Checkpoint,
  consistencyProof: readonly string[] = [],
): LedgerViewVerdict {
  // Read before the signature is checked, from anyone: a size that is no number is not printed (it may be a
  // megabyte of text, or an object whose toString throws), since the reason is logged and shown in /health.
  const size = checkpoint?.size;
  const head = `checkpoint of size ${typeof size === 'number' ? size : '(not a number)'}`;
  if (!signed(checkpoint, publicKey)) return { valid: false, reason: `the ${head}'s signature does not verify` };
  if (earlier === undefined) return { valid: true, reason: `the ${head} is signed by key ${checkpoint.keyId}` };
  const before = `earlier checkpoint of size ${earlier.size}`;
  if (!signed(earlier, publicKey)) return { valid: false, reason: `the ${before}'s signature does not verify` };
  if (checkpoint.size < earlier.size) {
    return { valid: false, reason: `the ${head} is smaller than the ${before}: the ledger was rolled back` };
  }
  if (earlier.size === 0) return { valid: true, reason: `the ${head} extends the empty ${before}` };
  const proof = hashesFromHex(consistencyProof);
  const consistent =
    proof !== undefined &&
    verifyConsistency(
      earlier.size,
      checkpoint.size,
      Buffer.from(earlier.rootHash, 'hex'),
      Buffer.from(checkpoint.rootHash, 'hex'),
      proof,
    );
  return consistent
    ? { valid: true, reason: `the ${head} is consistent with the ${before}: nothing recorded was changed` }
    : { valid: false, reason: `the ${head} is not consistent with the ${before}: the ledger was rewritten or forked` };
}
