import { createHash, sign, verify } from 'node:crypto';
import { leafHash, MerkleTree, rootFromInclusionProof } from '@iren/ledger';
import { canonicalJson } from '../canonical-json';
import { publicKeyObject, type SigningKey } from '../signatures';
import { isServiceName, type ServiceName } from './identities';

/** The headers with which a service vouches for a message it publishes. */
export const SIGNATURE_HEADERS = {
  /** The signing key's id, `<service>#<digest>`: who vouches. */
  signer: 'Iren-Signer',
  /** Ed25519 over {@link vouchedBytes}, base64; for a message vouched for in a batch, over {@link batchRootBytes}. */
  signature: 'Iren-Signature',
  /** For a message vouched for in a batch: its place in it and the path to the signed root ({@link BATCH_PROOF}). */
  batchProof: 'Iren-Batch-Proof',
} as const;

/** A service's signature on one message, as its headers carry it. */
export interface Voucher {
  keyId: string;
  signature: string;
  /** For a message vouched for with others: `<index>/<size>:<hash>,<hash>,…` (hex), its inclusion proof. */
  batchProof?: string;
}

/** What a batch proof looks like: the message's index, the batch's size, and up to 32 hex SHA-256 hashes. */
const BATCH_PROOF = /^(\d{1,9})\/(\d{1,9}):((?:[0-9a-f]{64})(?:,[0-9a-f]{64}){0,31})?$/;

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

/** A message to vouch for: where it goes, its dedupe id, its bytes. */
export interface Vouched {
  subject: string;
  msgId: string;
  data: Uint8Array;
}

/**
 * What a service signs to vouch for a batch of messages at once: the root of the Merkle tree whose
 * leaves are their {@link vouchedBytes} (RFC 9162 hashing, as the ledger's), and how many they
 * are. Its members differ from those of `vouchedBytes`, so neither signature passes for the other.
 */
export function batchRootBytes(root: Uint8Array, size: number): Buffer {
  return Buffer.from(canonicalJson({ batchRoot: Buffer.from(root).toString('hex'), size }), 'utf8');
}

/**
 * Vouches for several messages with one signature: each gets the signature of the batch's root and
 * its inclusion proof, so each can still be checked alone, by whoever receives only it. A consumer
 * verifies the root's signature once and every other message of the batch with a few hashes. One
 * message is vouched for on its own.
 */
export function vouchAll(key: SigningKey, messages: readonly Vouched[]): Voucher[] {
  if (messages.length <= 1) return messages.map((m) => vouch(key, m.subject, m.msgId, m.data));
  const tree = new MerkleTree();
  tree.appendAll(messages.map((m) => leafHash(vouchedBytes(m.subject, m.msgId, m.data))));
  const size = messages.length;
  const signature = sign(null, batchRootBytes(tree.root(), size), key.privateKey).toString('base64');
  return messages.map((_, i) => ({
    keyId: key.keyId,
    signature,
    batchProof: `${i}/${size}:${tree
      .inclusionProof(i)
      .map((h) => h.toString('hex'))
      .join(',')}`,
  }));
}

/**
 * Batch roots whose signature verified, by root, size, signature and key: the other messages of a
 * batch cost a few hashes. Only what verified is kept; emptied if it ever grows past its bound.
 */
const verifiedRoots = new Set<string>();
const VERIFIED_ROOTS_KEPT = 4096;

/**
 * True when `voucher` is a valid Ed25519 signature of the message by `publicKeyPem`: of the
 * message itself, or of a batch's root that its proof shows the message is in.
 */
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
    const signature = Buffer.from(voucher.signature, 'base64');
    if (voucher.batchProof === undefined) return verify(null, vouchedBytes(subject, msgId, data), key, signature);
    const proof = BATCH_PROOF.exec(voucher.batchProof);
    if (!proof) return false;
    const [index, size] = [Number(proof[1]), Number(proof[2])];
    const path = proof[3] ? proof[3].split(',').map((h) => Buffer.from(h, 'hex')) : [];
    const root = rootFromInclusionProof(leafHash(vouchedBytes(subject, msgId, data)), index, size, path);
    if (!root) return false;
    const known = `${root.toString('hex')}/${size}/${voucher.signature}/${publicKeyPem}`;
    if (verifiedRoots.has(known)) return true;
    if (!verify(null, batchRootBytes(root, size), key, signature)) return false;
    if (verifiedRoots.size >= VERIFIED_ROOTS_KEPT) verifiedRoots.clear();
    verifiedRoots.add(known);
    return true;
  } catch {
    return false;
  }
}

/** The service a key id names (`router#…` → `router`), or undefined when it names none. */
export function serviceOfKeyId(keyId: string): ServiceName | undefined {
  const service = keyId.split('#')[0];
  return isServiceName(service) ? service : undefined;
}
