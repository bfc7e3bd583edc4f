import { GroupCommit } from './group-commit';

/** A write that records each group it is given and finishes when told to. */
function heldWrites(fail?: (items: number[]) => Error | undefined) {
  const groups: number[][] = [];
  const finishers: (() => void)[] = [];
  const write = (items: number[]) => {
    groups.push(items);
    return new Promise<void>((resolve, reject) =>
      finishers.push(() => {
        const error = fail?.(items);
        if (error) reject(error);
        else resolve();
      }),
    );
  };
  return { groups, write, finishNext: () => finishers.shift()!() };
}

const settled = (promise: Promise<void>) =>
  promise.then(
    () => 'committed',
    (error: Error) => `failed: ${error.message}`,
  );
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(GroupCommit.name, () => {
  it('writes a lone item at once, and what arrives during a write together in the next', async () => {
    const writes = heldWrites();
    const group = new GroupCommit(writes.write);
    const first = settled(group.submit(1));
    expect(writes.groups).toEqual([[1]]);
    const rest = [2, 3, 4].map((n) => settled(group.submit(n)));
    expect(writes.groups).toEqual([[1]]);

    writes.finishNext();
    expect(await first).toBe('committed');
    await tick();
    expect(writes.groups).toEqual([[1], [2, 3, 4]]);
    writes.finishNext();
    expect(await Promise.all(rest)).toEqual(['committed', 'committed', 'committed']);
  });

  it('puts at most maxItems in one write', async () => {
    const writes = heldWrites();
    const group = new GroupCommit(writes.write, 2);
    const all = [1, 2, 3, 4, 5].map((n) => settled(group.submit(n)));
    for (let i = 0; i < 3; i++) {
      writes.finishNext();
      await tick();
    }
    expect(await Promise.all(all)).toEqual(Array(5).fill('committed'));
    expect(writes.groups).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('fails only the item at fault: a write that fails for its content is retried an item at a time', async () => {
    const badRow = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    const writes = heldWrites((items) => (items.includes(3) ? badRow : undefined));
    const group = new GroupCommit(writes.write);
    const first = settled(group.submit(1));
    const rest = [2, 3, 4].map((n) => settled(group.submit(n)));
    writes.finishNext();
    await first;
    for (let i = 0; i < 4; i++) {
      await tick();
      writes.finishNext();
    }
    expect(await Promise.all(rest)).toEqual(['committed', `failed: ${badRow.message}`, 'committed']);
    expect(writes.groups).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('fails every item of a write the database was not there for, without retrying them one by one', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const writes = heldWrites((items) => (items.length > 1 ? down : undefined));
    const group = new GroupCommit(writes.write);
    const first = settled(group.submit(1));
    const rest = [2, 3].map((n) => settled(group.submit(n)));
    writes.finishNext();
    await first;
    await tick();
    writes.finishNext();
    expect(await Promise.all(rest)).toEqual([`failed: ${down.message}`, `failed: ${down.message}`]);
    expect(writes.groups).toEqual([[1], [2, 3]]);

    // And it goes on writing afterwards.
    const later = settled(group.submit(5));
    writes.finishNext();
    expect(await later).toBe('committed');
  });
});
