import { Injectable } from '@nestjs/common';
import { MerkleTree } from '@iren/ledger';
import { LedgerRepository } from '../ledger/ledger.repository';

/** Rows read per query while catching up with the table. */
const BATCH = 5000;

/** The stored ledger has a hole or a duplicate where the tree expected the next entry. */
export class LedgerGapError extends Error {
  constructor(expected: number, found: number) {
    super(`the ledger table has entry ${found} where entry ${expected} was expected`);
    this.name = 'LedgerGapError';
  }
}

/**
 * The Merkle tree over the ledger's leaf hashes, kept in step with the table: every `sync` reads
 * only the rows beyond the tree's size, and appends them in one pass (`MerkleTree.appendAll`): a
 * batch appended to the ledger is one read and one pass. Since appends are serialised by the
 * ledger's lock and commit in index order, this also catches up with entries other audit instances
 * appended. Only the leaves are stored (the rows' `leaf_hash`, written with them); the interior
 * nodes live in memory and are rebuilt from the leaves at start, so an append writes no node.
 */
@Injectable()
export class LedgerTree {
  private readonly tree = new MerkleTree();
  // Syncs run one at a time, so two callers never append the same rows twice.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ledger: LedgerRepository) {}

  /** The number of entries in the tree (as of the last sync). */
  get size(): number {
    return this.tree.size;
  }

  /** Catches up with the table and answers the tree. */
  sync(): Promise<MerkleTree> {
    const run = this.queue.then(() => this.catchUp());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async catchUp(): Promise<MerkleTree> {
    for (;;) {
      const leaves = await this.ledger.leavesFrom(this.tree.size, BATCH);
      // Checked whole before any is appended, so a hole leaves the tree where it was.
      const gap = leaves.findIndex((leaf, i) => leaf.index !== this.tree.size + i);
      if (gap >= 0) throw new LedgerGapError(this.tree.size + gap, leaves[gap].index);
      this.tree.appendAll(leaves.map((leaf) => Buffer.from(leaf.leafHash, 'hex')));
      if (leaves.length < BATCH) return this.tree;
    }
  }
}
