import { ed25519KeyFromPem, fromBase64, hashFromHex, toHex } from './encoding';
import { entryLeafHash, type LedgerEntry } from './entry-hash';
import { type PathStep, rootFromInclusionProof, verifyConsistency } from './merkle';

// Verification of the audit ledger in the browser, with WebCrypto alone: that a ledger entry as shown
// hashes to its leaf, that leaf's inclusion proof against the signed checkpoint, and one
// checkpoint's consistency with one verified before.
// The answer is the list of checks made, each with what it looked at, so that the console can show
// a coordinator why an entry is verified or why not; it stops at the first check that fails.

/** `GET /audit/checkpoint`: the ledger's size and root, signed by the audit service. */
export interface SignedCheckpoint {
  size: number;
  rootHash: string;
  timestamp: string;
  keyId: string;
  signature: string;
}

/** `GET /audit/public-key`: the audit service's Ed25519 key, SPKI PEM. */
export interface PublishedKey {
  keyId: string;
  publicKey: string;
}

/** `GET /audit/proofs/inclusion`. */
export interface InclusionProofAnswer {
  leafIndex: number;
  treeSize: number;
  hashes: string[];
}

/** `GET /audit/proofs/consistency`. */
export interface ConsistencyProofAnswer {
  first: number;
  second: number;
  hashes: string[];
}

export type { LedgerEntry } from './entry-hash';

/** The checks, in the order they are made. */
export type CheckName =
  'entry' | 'key' | 'signature' | 'earlierSignature' | 'covered' | 'proof' | 'root' | 'order' | 'consistency';

/** Why a check failed; the console has a sentence for each in every language. */
export type FailureReason =
  | 'entryRedacted'
  | 'entryIncomplete'
  | 'entryUnhashable'
  | 'entryAltered'
  | 'keyUnreadable'
  | 'keyIdMismatch'
  | 'checkpointOtherKey'
  | 'checkpointMalformed'
  | 'signatureMalformed'
  | 'signatureInvalid'
  | 'ed25519Unsupported'
  | 'notYetCovered'
  | 'proofOtherEntry'
  | 'proofOtherSize'
  | 'hashMalformed'
  | 'proofWrongLength'
  | 'rootMismatch'
  | 'rolledBack'
  | 'forked'
  | 'notConsistent';

/** One check: passed or not, why not, and the values it compared (hex hashes, sizes, key ids). */
export interface Check {
  name: CheckName;
  ok: boolean;
  reason?: FailureReason;
  values: Record<string, string | number>;
  /** For the root check: each level the proof climbed. */
  path?: { side: 'left' | 'right'; sibling: string; result: string }[];
}

export interface Verification {
  verified: boolean;
  checks: Check[];
}

const CHECKPOINT_FORMAT = 'iren-ledger/v1';
const ROOT_HASH = /^[0-9a-f]{64}$/;

/**
 * Verifies that the ledger entry, as shown, is in the tree the checkpoint signs: its fields hash to
 * its leaf hash (else a proof would be of some leaf, not of what the page shows), the published key
 * is the one the checkpoint names, the signature holds, and the proof leads from that leaf hash at
 * the entry's index to the checkpoint's root. The proof must be for the checkpoint's size.
 */
export async function verifyEntryInclusion(
  entry: LedgerEntry,
  checkpoint: SignedCheckpoint,
  key: PublishedKey,
  proof: InclusionProofAnswer,
): Promise<Verification> {
  const checks: Check[] = [];
  const run = async (check: () => Promise<Check> | Check) => {
    const result = await check();
    checks.push(result);
    return result.ok;
  };
  const verified =
    (await run(() => checkEntry(entry))) &&
    (await run(() => checkKey(key, checkpoint))) &&
    (await run(() => checkSignature('signature', checkpoint, key))) &&
    (await run(() => checkCovered(entry, checkpoint))) &&
    (await run(() => checkProofShape(entry, checkpoint, proof))) &&
    (await run(() => checkRoot(entry, checkpoint, proof)));
  return { verified, checks };
}

/**
 * Verifies that `later` extends `earlier` (a checkpoint this browser verified and kept): both signed
 * by the published key, the ledger not smaller, and the consistency proof between their sizes holds.
 * Same size and root need no proof.
 */
export async function verifyCheckpointConsistency(
  earlier: SignedCheckpoint,
  later: SignedCheckpoint,
  key: PublishedKey,
  proof: ConsistencyProofAnswer | undefined,
): Promise<Verification> {
  const checks: Check[] = [];
  const run = async (check: () => Promise<Check> | Check) => {
    const result = await check();
    checks.push(result);
    return result.ok;
  };
  const verified =
    (await run(() => checkKey(key, later))) &&
    (await run(() => checkSignature('signature', later, key))) &&
    (await run(() => checkSignature('earlierSignature', earlier, key))) &&
    (await run(() => checkOrder(earlier, later))) &&
    (await run(() => checkConsistency(earlier, later, proof)));
  return { verified, checks };
}

/** The id of an Ed25519 public key: the first 16 hex digits of SHA-256 over its raw 32 bytes (libs/ledger keyIdOf). */
export async function keyIdOfRaw(raw: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', raw))).slice(0, 16);
}

/**
 * The entry's fields hash to its leaf hash. An entry marked redacted (an officer's view, with what
 * the message withheld from their node removed) cannot: it fails here, whatever its inclusion, so
 * that a `redacted` mark added on the way can never stand in for the check.
 */
async function checkEntry(entry: LedgerEntry): Promise<Check> {
  const values = { index: Number(entry.index), leafHash: String(entry.leafHash) };
  if (entry.redacted !== undefined) return fail('entry', 'entryRedacted', values);
  const leaf = await entryLeafHash(entry as unknown as Record<string, unknown>);
  if ('missing' in leaf) return fail('entry', 'entryIncomplete', { ...values, missing: leaf.missing.join(', ') });
  if ('unhashable' in leaf) return fail('entry', 'entryUnhashable', { ...values, problem: leaf.unhashable });
  const compared = { ...values, computed: leaf.hash };
  return leaf.hash === entry.leafHash ? pass('entry', compared) : fail('entry', 'entryAltered', compared);
}

async function checkKey(key: PublishedKey, checkpoint: SignedCheckpoint): Promise<Check> {
  const raw = ed25519KeyFromPem(key.publicKey);
  if (raw === undefined) return fail('key', 'keyUnreadable', {});
  const keyId = await keyIdOfRaw(raw);
  const values = { keyId, publishedKeyId: String(key.keyId), checkpointKeyId: String(checkpoint.keyId) };
  if (keyId !== key.keyId) return fail('key', 'keyIdMismatch', values);
  if (checkpoint.keyId !== keyId) return fail('key', 'checkpointOtherKey', values);
  return pass('key', values);
}

async function checkSignature(
  name: 'signature' | 'earlierSignature',
  checkpoint: SignedCheckpoint,
  key: PublishedKey,
): Promise<Check> {
  const values = {
    size: String(checkpoint.size),
    rootHash: String(checkpoint.rootHash),
    keyId: String(checkpoint.keyId),
  };
  const body = checkpointBody(checkpoint);
  if (body === undefined) return fail(name, 'checkpointMalformed', values);
  if (checkpoint.keyId !== key.keyId) return fail(name, 'checkpointOtherKey', values);
  const signature = fromBase64(checkpoint.signature);
  if (signature === undefined || signature.length !== 64) return fail(name, 'signatureMalformed', values);
  const raw = ed25519KeyFromPem(key.publicKey);
  if (raw === undefined) return fail(name, 'keyUnreadable', values);
  let publicKey: CryptoKey;
  try {
    publicKey = await globalThis.crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return fail(name, 'ed25519Unsupported', values);
  }
  const valid = await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, body);
  return valid ? pass(name, values) : fail(name, 'signatureInvalid', values);
}

function checkCovered(entry: LedgerEntry, checkpoint: SignedCheckpoint): Check {
  const values = { index: entry.index, size: checkpoint.size };
  return entry.index < checkpoint.size ? pass('covered', values) : fail('covered', 'notYetCovered', values);
}

function checkProofShape(entry: LedgerEntry, checkpoint: SignedCheckpoint, proof: InclusionProofAnswer): Check {
  const values = { index: entry.index, proofIndex: proof.leafIndex, size: checkpoint.size, proofSize: proof.treeSize };
  if (proof.leafIndex !== entry.index) return fail('proof', 'proofOtherEntry', values);
  if (proof.treeSize !== checkpoint.size) return fail('proof', 'proofOtherSize', values);
  const malformed = hashFromHex(entry.leafHash) === undefined || hashesFromHex(proof.hashes) === undefined;
  return malformed ? fail('proof', 'hashMalformed', values) : pass('proof', { ...values, hashes: proof.hashes.length });
}

async function checkRoot(
  entry: LedgerEntry,
  checkpoint: SignedCheckpoint,
  proof: InclusionProofAnswer,
): Promise<Check> {
  const trail: PathStep[] = [];
  const leaf = hashFromHex(entry.leafHash)!;
  const computed = await rootFromInclusionProof(
    leaf,
    entry.index,
    checkpoint.size,
    hashesFromHex(proof.hashes)!,
    trail,
  );
  const path = trail.map((step) => ({ side: step.side, sibling: toHex(step.sibling), result: toHex(step.result) }));
  const values = { leafHash: entry.leafHash, expected: checkpoint.rootHash };
  if (computed === undefined) return { ...fail('root', 'proofWrongLength', values), path };
  const root = toHex(computed);
  const check =
    root === checkpoint.rootHash
      ? pass('root', { ...values, computed: root })
      : fail('root', 'rootMismatch', { ...values, computed: root });
  return { ...check, path };
}

function checkOrder(earlier: SignedCheckpoint, later: SignedCheckpoint): Check {
  const values = { earlierSize: earlier.size, size: later.size };
  if (later.size < earlier.size) return fail('order', 'rolledBack', values);
  if (later.size === earlier.size && later.rootHash !== earlier.rootHash) return fail('order', 'forked', values);
  return pass('order', values);
}

async function checkConsistency(
  earlier: SignedCheckpoint,
  later: SignedCheckpoint,
  proof: ConsistencyProofAnswer | undefined,
): Promise<Check> {
  const values = { earlierSize: earlier.size, size: later.size };
  // Same size and root (the order check saw to the root): the same tree, nothing to prove.
  if (earlier.size === later.size) return pass('consistency', values);
  // Everything extends the empty ledger.
  if (earlier.size === 0) return pass('consistency', values);
  const hashes = proof === undefined ? undefined : hashesFromHex(proof.hashes);
  const sized = proof !== undefined && proof.first === earlier.size && proof.second === later.size;
  const consistent =
    sized &&
    hashes !== undefined &&
    (await verifyConsistency(
      earlier.size,
      later.size,
      hashFromHex(earlier.rootHash)!,
      hashFromHex(later.rootHash)!,
      hashes,
    ));
  return consistent ? pass('consistency', values) : fail('consistency', 'notConsistent', values);
}

/** The bytes the checkpoint's signature covers (libs/ledger checkpointBody); undefined unless every field is canonical. */
function checkpointBody(checkpoint: SignedCheckpoint): Uint8Array<ArrayBuffer> | undefined {
  const { size, rootHash, timestamp } = checkpoint;
  if (!Number.isSafeInteger(size) || size < 0) return undefined;
  if (typeof rootHash !== 'string' || !ROOT_HASH.test(rootHash)) return undefined;
  if (typeof timestamp !== 'string') return undefined;
  const time = new Date(timestamp);
  if (Number.isNaN(time.getTime()) || time.toISOString() !== timestamp) return undefined;
  return new TextEncoder().encode(`${CHECKPOINT_FORMAT}\n${size}\n${rootHash}\n${timestamp}\n`);
}

function hashesFromHex(hashes: unknown): Uint8Array[] | undefined {
  if (!Array.isArray(hashes)) return undefined;
  const bytes = hashes.map(hashFromHex);
  return bytes.every((b) => b !== undefined) ? (bytes as Uint8Array[]) : undefined;
}

function pass(name: CheckName, values: Check['values']): Check {
  return { name, ok: true, values };
}

function fail(name: CheckName, reason: FailureReason, values: Check['values']): Check {
  return { name, ok: false, reason, values };
}
