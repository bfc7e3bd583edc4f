import type { CheckpointSigner } from '../checkpoints/checkpoint-signer';
import { draft } from '../testing/fixtures';
import { AppendLedgerEntry } from './append-ledger-entry.usecase';
import type { LedgerHead, SealedLedgerEntry } from './ledger-entry';
import { firstBrokenEntry } from './ledger-hashing';
import type { LedgerRepository } from './ledger.repository';

/** The ledger table in memory, appended to as `LedgerRepository.append` does, counting the signer's calls. */
function ledgerInMemory(failWith?: Error) {
  const rows: SealedLedgerEntry[] = [];
  const repository = {
    append: async (
      sourceIds: string[],
      seal: (recorded: ReadonlySet<string>, head: LedgerHead | null) => SealedLedgerEntry[],
    ) => {
      if (failWith) throw failWith;
      const recorded = new Set(rows.map((r) => r.sourceId).filter((id) => sourceIds.includes(id)));
      if (sourceIds.every((id) => recorded.has(id))) return [];
      const entries = seal(recorded, rows.at(-1) ?? null);
      rows.push(...entries);
      return entries;
    },
  } as unknown as LedgerRepository;
  const signer = { told: 0, afterAppend: async () => ((signer.told += 1), null) };
  return { append: new AppendLedgerEntry(repository, signer as unknown as CheckpointSigner), rows, signer };
}

describe(AppendLedgerEntry.name, () => {
  it('appends a batch in its order and answers each command its entry', async () => {
    const { append, rows, signer } = ledgerInMemory();
    await append.execute(draft());
    const batch = [draft(), draft(), draft()];
    const outcomes = await append.executeBatch(batch);
    expect(outcomes.map((o) => [o?.index, o?.sourceId])).toEqual(batch.map((d, i) => [i + 1, d.sourceId]));
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(firstBrokenEntry(rows)).toBeNull();
    expect(signer.told).toBe(2);
  });

  it('answers null for a source already recorded and for a source repeated in the batch', async () => {
    const { append, rows } = ledgerInMemory();
    const [old, fresh] = [draft(), draft()];
    await append.execute(old);
    const outcomes = await append.executeBatch([fresh, old, { ...fresh, data: { other: true } }]);
    expect(outcomes.map((o) => o?.sourceId ?? null)).toEqual([fresh.sourceId, null, null]);
    expect(rows.map((r) => r.sourceId)).toEqual([old.sourceId, fresh.sourceId]);
    expect(rows[1].data).toEqual(fresh.data);
  });

  it('does not tell the signer when a redelivered batch appended nothing', async () => {
    const { append, rows, signer } = ledgerInMemory();
    const batch = [draft(), draft()];
    await append.executeBatch(batch);
    expect(await append.executeBatch(batch)).toEqual([null, null]);
    expect(rows).toHaveLength(2);
    expect(signer.told).toBe(1);
  });

  it('lets a database failure through and tells the signer nothing', async () => {
    const { append, signer } = ledgerInMemory(new Error('connection terminated'));
    await expect(append.executeBatch([draft()])).rejects.toThrow('connection terminated');
    expect(signer.told).toBe(0);
  });
});
