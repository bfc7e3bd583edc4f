import { Injectable } from '@nestjs/common';
import { CheckpointSigner } from '../checkpoints/checkpoint-signer';
import type { LedgerEntryDraft, SealedLedgerEntry } from './ledger-entry';
import { sealEntry } from './ledger-hashing';
import { LedgerRepository } from './ledger.repository';

/** The outcome of an append: the new entry, or null when its source was already recorded. */
export type AppendOutcome = SealedLedgerEntry | null;

/**
 * Records one exchange event in the ledger, once: the same command serves the stream handlers,
 * tests and a replay, and a command whose source is already in the ledger appends nothing.
 */
@Injectable()
export class AppendLedgerEntry {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly signer: CheckpointSigner,
  ) {}

  async execute(command: LedgerEntryDraft): Promise<AppendOutcome> {
    const entry = await this.ledger.append(command.sourceId, (head) => sealEntry(command, head, new Date()));
    // After the commit: the tree reads the new row back, and a checkpoint follows every N entries.
    if (entry) await this.signer.afterAppend();
    return entry;
  }
}
