import { MerkleTree, type Checkpoint } from '@iren/ledger';
import type { SealedLedgerEntry } from '../ledger/ledger-entry';
import { GENESIS_CHAIN_HASH, chainHash, entryLeafHash } from '../ledger/ledger-hashing';

/** The first entry that does not match, and what about it. */
export interface LedgerFault {
  index: number;
  problem: string;
}

/** The outcome of a verify run: intact, or the first fault found. */
export interface LedgerVerification {
  intact: boolean;
  /** Rows read. */
  entries: number;
  /** The checkpoint the rows were checked against, when one was signed. */
  checkpoint: { size: number; rootHash: string } | null;
  fault: LedgerFault | null;
  /** The verdict in plain words. */
  message: string;
}

/** What is wrong with the row read at `position` after a row whose chain hash is `prev`, or null. */
export function entryProblem(entry: SealedLedgerEntry, position: number, prev: string): string | null {
  if (entry.index > position) return `entry ${position} is missing: the next stored row has index ${entry.index}`;
  if (entry.index !== position) return `the row at position ${position} carries index ${entry.index}`;
  if (entry.leafHash !== entryLeafHash(entry)) {
    return 'its stored fields do not match its leaf hash (altered, forged, or moved from another index)';
  }
  if (entry.prevHash !== prev) return 'its link to the entry before does not match (an entry before it was replaced)';
  if (entry.chainHash !== chainHash(prev, entry.leafHash)) return 'its chain hash does not match its leaf hash';
  return null;
}

/**
 * Checks stored rows read in batches, in index order from 0: each row's leaf hash against its
 * fields, each chain link, and the Merkle root of the recomputed leaves against the checkpoint.
 * Feed it with `add`, then ask `result`.
 */
export class LedgerInspector {
  private readonly tree = new MerkleTree();
  private prev = GENESIS_CHAIN_HASH;
  private fault: LedgerFault | null = null;

  constructor(private readonly checkpoint: Checkpoint | null) {}

  /** Whether a fault was found (reading further is pointless). */
  get failed(): boolean {
    return this.fault !== null;
  }

  add(rows: readonly SealedLedgerEntry[]): void {
    for (const row of rows) {
      if (this.fault) return;
      const problem = entryProblem(row, this.tree.size, this.prev);
      if (problem) {
        this.fault = { index: this.tree.size, problem };
        return;
      }
      // The recomputed leaf, so the root below is that of the rows as they are now.
      this.tree.append(Buffer.from(entryLeafHash(row), 'hex'));
      this.prev = row.chainHash;
    }
  }

  result(): LedgerVerification {
    const checkpoint = this.checkpoint && { size: this.checkpoint.size, rootHash: this.checkpoint.rootHash };
    const base = { entries: this.tree.size + (this.fault ? 1 : 0), checkpoint };
    const fault = this.fault ?? this.checkpointFault();
    if (fault) return { ...base, intact: false, fault, message: `entry ${fault.index}: ${fault.problem}` };
    const against = checkpoint ? ` and match the checkpoint of size ${checkpoint.size}` : '';
    return { ...base, intact: true, fault: null, message: `the ${this.tree.size} entries are intact${against}` };
  }

  private checkpointFault(): LedgerFault | null {
    const cp = this.checkpoint;
    if (!cp) return null;
    if (this.tree.size < cp.size) {
      return {
        index: this.tree.size,
        problem: `missing: the checkpoint signed ${cp.size} entries, the table holds ${this.tree.size}`,
      };
    }
    if (this.tree.root(cp.size).toString('hex') !== cp.rootHash) {
      return {
        index: cp.size - 1,
        problem: `the rows agree with each other but their root for size ${cp.size} is not the signed one: rewritten`,
      };
    }
    return null;
  }
}
