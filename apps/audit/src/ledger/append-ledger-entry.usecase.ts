import { Injectable } from '@nestjs/common';
import { CheckpointSigner } from '../checkpoints/checkpoint-signer';
import type { LedgerEntryDraft, SealedLedgerEntry } from './ledger-entry';
import { sealBatch } from './ledger-hashing';
import { LedgerRepository } from './ledger.repository';

/** The outcome of an append: the new entry, or null when its source was already recorded. */
export type AppendOutcome = SealedLedgerEntry | null;

/**
 * Records exchange events in the ledger, each once: the same command serves the stream handlers,
 * tests and a replay, and a command whose source is already in the ledger appends nothing.
 * `executeBatch` is the one append path (`execute` is a batch of one): the batch's new entries are
 * chained in order and committed in one transaction, then the checkpoint signer is told once.
 */
@Injectable()
export class AppendLedgerEntry {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly signer: CheckpointSigner,
  ) {}

  async execute(command: LedgerEntryDraft): Promise<AppendOutcome> {
    const [outcome] = await this.executeBatch([command]);
    return outcome;
  }

  /**
   * Appends the commands in their order, in one transaction. Answers, per command, its entry, or
   * null when its source was already in the ledger or came earlier in the batch. A database failure
   * is thrown, and then nothing of the batch was appended.
   */
  async executeBatch(commands: readonly LedgerEntryDraft[]): Promise<AppendOutcome[]> {
    if (commands.length === 0) return [];
    const appended = await this.ledger.append(
      commands.map((c) => c.sourceId),
      (recorded, head) => sealBatch(commands, recorded, head, new Date()),
    );
    // After the commit: the tree reads the new rows back, and a checkpoint follows once enough are unsigned.
    if (appended.length > 0) await this.signer.afterAppend();
    const bySource = new Map(appended.map((entry) => [entry.sourceId, entry]));
    return commands.map((command) => {
      const entry = bySource.get(command.sourceId) ?? null;
      bySource.delete(command.sourceId);
      return entry;
    });
  }
}
