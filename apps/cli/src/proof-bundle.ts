import { hashesFromHex, verifyInclusion, verifyLedgerView, type Checkpoint } from '@iren/ledger';
import { entryLeafHash } from './entry-leaf';

/** The format's name and version, first in every bundle; a new layout gets a new version. */
export const PROOF_BUNDLE_FORMAT = 'iren-proof/v1';

/** One ledger entry and the path from it to the checkpoint's root. */
export interface InclusionEvidence {
  leafIndex: number;
  leafHash: string;
  /** The entry's type and message, for the person reading the verdict. */
  type?: string;
  messageId?: string | null;
  /**
   * The entry as `GET /audit/events` answered it, so that its leaf hash is recomputed from what it
   * records, offline too. Absent when it was redacted for the caller's node (or in a file saved
   * before entries were kept): then only the leaf hash is proved, and the verdict says so.
   */
  entry?: Record<string, unknown>;
  /** The API answered the entry with parts withheld from the caller's node: it cannot hash to its leaf. */
  redacted?: true;
  /** RFC 9162 inclusion proof, hex, for the tree of the checkpoint's size. */
  hashes: string[];
}

/**
 * What `iren audit verify --save` writes and `--proof` checks offline: a signed checkpoint, the
 * key it was checked with, inclusion proofs of entries into it and, optionally, the proof that it
 * extends an earlier checkpoint.
 */
export interface ProofBundle {
  format: typeof PROOF_BUNDLE_FORMAT;
  checkpoint: Checkpoint;
  publicKey: { keyId: string; publicKey: string };
  inclusions: InclusionEvidence[];
  consistency?: { earlier: Checkpoint; hashes: string[] };
}

/** The verdict on a bundle: valid only when every check passed; one line per check, and what was not checked. */
export interface BundleVerdict {
  valid: boolean;
  checks: Array<{ ok: boolean; what: string }>;
  /** What could not be checked and why (an entry redacted for the caller's node); absent when nothing. */
  notes?: string[];
}

/**
 * Checks a bundle with nothing but its content and a public key (`trustedKeyPem`, or else the
 * bundle's own key, which proves only that the bundle is coherent): the checkpoint's signature,
 * each inclusion proof against the signed root, and consistency with the earlier checkpoint.
 * Never throws: a malformed bundle is a failed verdict naming what is wrong.
 */
export function verifyBundle(bundle: unknown, trustedKeyPem?: string): BundleVerdict {
  const shapeProblem = problemOf(bundle);
  if (shapeProblem) return { valid: false, checks: [{ ok: false, what: shapeProblem }] };
  const { checkpoint, publicKey, inclusions, consistency } = bundle as ProofBundle;
  const key = trustedKeyPem ?? publicKey.publicKey;
  const checks: BundleVerdict['checks'] = [];
  const notes: string[] = [];
  const view = verifyLedgerView(checkpoint, key, consistency?.earlier, consistency?.hashes);
  checks.push({ ok: view.valid, what: view.reason });
  const root = hashesFromHex([checkpoint.rootHash])?.[0];
  for (const entry of inclusions) {
    const leaf = hashesFromHex([entry.leafHash])?.[0];
    const proof = hashesFromHex(entry.hashes);
    const included =
      root !== undefined &&
      leaf !== undefined &&
      proof !== undefined &&
      verifyInclusion(leaf, entry.leafIndex, checkpoint.size, proof, root);
    const label = `entry ${entry.leafIndex}${entry.type ? ` (${entry.type})` : ''}`;
    if (entry.entry !== undefined) checks.push(contentCheck(entry, label));
    else notes.push(unchecked(entry, label));
    checks.push({
      ok: included,
      what: included
        ? `${label} is in the checkpoint of size ${checkpoint.size}`
        : `${label} is NOT proved to be in the checkpoint of size ${checkpoint.size}: the proof or the entry was altered`,
    });
  }
  return { valid: checks.every((c) => c.ok), checks, ...(notes.length > 0 && { notes }) };
}

/** The entry's fields, at its index, hash to the leaf hash the proof starts from. */
function contentCheck(evidence: InclusionEvidence, label: string): { ok: boolean; what: string } {
  const leaf = entryLeafHash(evidence.entry);
  if ('problem' in leaf)
    return { ok: false, what: `${label} cannot be checked against its leaf hash: ${leaf.problem}` };
  if (evidence.entry!.index !== evidence.leafIndex) {
    return { ok: false, what: `${label} holds the entry of index ${String(evidence.entry!.index)}, not its own` };
  }
  return leaf.hash === evidence.leafHash
    ? { ok: true, what: `${label} hashes to its leaf hash: it is what the ledger recorded` }
    : {
        ok: false,
        what: `${label} hashes to ${leaf.hash}, not to its leaf hash ${evidence.leafHash}: the entry was altered`,
      };
}

function unchecked(evidence: InclusionEvidence, label: string): string {
  return evidence.redacted
    ? `${label} was redacted for your node: its leaf hash is proved, not what it records`
    : `${label} is not in the proof file: its leaf hash is proved, not what it records`;
}

function problemOf(bundle: unknown): string | undefined {
  const b = bundle as Partial<ProofBundle> | null;
  if (typeof b !== 'object' || b === null) return 'the proof file does not hold a JSON object';
  if (b.format !== PROOF_BUNDLE_FORMAT)
    return `the proof file is not ${PROOF_BUNDLE_FORMAT} (format: ${JSON.stringify(b.format)})`;
  if (typeof b.checkpoint !== 'object' || b.checkpoint === null) return 'the proof file has no checkpoint';
  if (typeof b.publicKey?.publicKey !== 'string') return 'the proof file has no public key';
  if (!Array.isArray(b.inclusions)) return 'the proof file has no list of inclusions';
  const badEntry = b.inclusions.find(
    (e) => typeof e !== 'object' || e === null || !Number.isSafeInteger(e.leafIndex) || !Array.isArray(e.hashes),
  );
  if (badEntry !== undefined) return 'an inclusion of the proof file lacks its leafIndex or hashes';
  if (
    b.consistency !== undefined &&
    (typeof b.consistency?.earlier !== 'object' || !Array.isArray(b.consistency.hashes))
  ) {
    return 'the consistency part of the proof file lacks its earlier checkpoint or hashes';
  }
  return undefined;
}
