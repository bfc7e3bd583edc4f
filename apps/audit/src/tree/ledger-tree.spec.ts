import { MerkleTree, leafHash } from '@iren/ledger';
import type { LedgerRepository, StoredLeaf } from '../ledger/ledger.repository';
import { LedgerGapError, LedgerTree } from './ledger-tree';

const leaf = (i: number) => leafHash(Buffer.from(`entry ${i}`)).toString('hex');

/** A ledger table seen through `leavesFrom`, counting the queries. */
function table(rows: StoredLeaf[]) {
  const reads: number[] = [];
  const repository = {
    leavesFrom: async (from: number, limit: number) => {
      reads.push(from);
      return rows.filter((r) => r.index >= from).slice(0, limit);
    },
  } as unknown as LedgerRepository;
  return { tree: new LedgerTree(repository), reads, rows };
}

describe(LedgerTree.name, () => {
  it('loads the rows in order and then reads only the rows beyond its size', async () => {
    const t = table([0, 1, 2].map((i) => ({ index: i, leafHash: leaf(i) })));
    expect((await t.tree.sync()).size).toBe(3);
    t.rows.push({ index: 3, leafHash: leaf(3) });
    const synced = await t.tree.sync();
    expect(t.reads).toEqual([0, 3]);
    const expected = new MerkleTree();
    for (let i = 0; i < 4; i += 1) expected.append(Buffer.from(leaf(i), 'hex'));
    expect(synced.root()).toEqual(expected.root());
  });

  it('appends each row once when syncs overlap', async () => {
    const t = table([0, 1].map((i) => ({ index: i, leafHash: leaf(i) })));
    await Promise.all([t.tree.sync(), t.tree.sync(), t.tree.sync()]);
    expect(t.tree.size).toBe(2);
  });

  it('refuses a table with a hole, and recovers once the hole is explained', async () => {
    const t = table([
      { index: 0, leafHash: leaf(0) },
      { index: 2, leafHash: leaf(2) },
    ]);
    await expect(t.tree.sync()).rejects.toThrow(LedgerGapError);
    t.rows.splice(1, 0, { index: 1, leafHash: leaf(1) });
    expect((await t.tree.sync()).size).toBe(3);
  });
});
