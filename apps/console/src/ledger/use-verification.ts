import { ok } from '@iren/client';
import { useState } from 'preact/hooks';
import type { Api } from '../api';
import {
  type InclusionProofAnswer,
  type LedgerEntry,
  type SignedCheckpoint,
  type Verification,
  verifyCheckpointConsistency,
  verifyEntryInclusion,
} from './verify';

/** The verification of one entry, and of the checkpoint against the one this browser verified before. */
export interface EntryVerification {
  entry: LedgerEntry;
  checkpoint: SignedCheckpoint;
  inclusion: Verification;
  /** Undefined the first time: no earlier checkpoint was kept in this browser. */
  consistency?: { earlier: SignedCheckpoint; result: Verification };
}

export type VerificationState =
  | { phase: 'idle' }
  | { phase: 'running'; entry: LedgerEntry }
  | { phase: 'done'; result: EntryVerification }
  | { phase: 'error'; entry: LedgerEntry; error: unknown };

// The last checkpoint verified in this browser: a later one must extend it. localStorage may be
// edited by anyone at this keyboard, so what is read back is verified again, never trusted.
const KEPT_CHECKPOINT = 'iren.ledger.checkpoint';

function keptCheckpoint(): SignedCheckpoint | undefined {
  try {
    const kept: unknown = JSON.parse(localStorage.getItem(KEPT_CHECKPOINT) ?? 'null');
    return typeof kept === 'object' && kept !== null ? (kept as SignedCheckpoint) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies entries in the browser: fetches the signed checkpoint, the audit key and the entry's
 * inclusion proof for the checkpoint's size, and checks them with WebCrypto. Nothing the server
 * says about validity is used: only hashes, the signature and the key.
 */
export function useVerification(api: Api) {
  const [state, setState] = useState<VerificationState>({ phase: 'idle' });
  const verify = async (entry: LedgerEntry) => {
    setState({ phase: 'running', entry });
    try {
      const [checkpoint, key] = await Promise.all([
        ok(api.client.GET('/api/v1/audit/checkpoint')),
        ok(api.client.GET('/api/v1/audit/public-key')),
      ]);
      const proof: InclusionProofAnswer =
        entry.index < checkpoint.size
          ? await ok(
              api.client.GET('/api/v1/audit/proofs/inclusion', {
                params: { query: { index: entry.index, size: checkpoint.size } },
              }),
            )
          : { leafIndex: entry.index, treeSize: checkpoint.size, hashes: [] };
      const inclusion = await verifyEntryInclusion(entry, checkpoint, key, proof);
      const result: EntryVerification = { entry, checkpoint, inclusion };
      const earlier = keptCheckpoint();
      if (earlier !== undefined) {
        const needsProof = earlier.size > 0 && earlier.size < checkpoint.size;
        const consistency = needsProof
          ? await ok(
              api.client.GET('/api/v1/audit/proofs/consistency', {
                params: { query: { from: earlier.size, to: checkpoint.size } },
              }),
            )
          : undefined;
        result.consistency = {
          earlier,
          result: await verifyCheckpointConsistency(earlier, checkpoint, key, consistency),
        };
      }
      // Keep the newer checkpoint only once it verified and extends the kept one.
      if (inclusion.checks.find((c) => c.name === 'signature')?.ok && (result.consistency?.result.verified ?? true)) {
        localStorage.setItem(KEPT_CHECKPOINT, JSON.stringify(checkpoint));
      }
      setState({ phase: 'done', result });
    } catch (error) {
      setState({ phase: 'error', entry, error });
    }
  };
  return { state, verify };
}
