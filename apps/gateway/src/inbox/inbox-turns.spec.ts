import { InboxTurns } from './inbox-turns';

const settledYet = async (promise: Promise<unknown>) => {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
};

describe(InboxTurns.name, () => {
  it('lets a batch write to an inbox only after the batches that took a turn there before it', async () => {
    const turns = new InboxTurns();
    const first = turns.take(['KZ-HQ-ASTANA', 'AZ-PCU-BAKU']);
    const second = turns.take(['KZ-HQ-ASTANA']);
    const third = turns.take(['KZ-HQ-ASTANA', 'KZ-HQ-ASTANA']);
    expect(await settledYet(first.ready)).toBe(true);
    expect(await settledYet(second.ready)).toBe(false);
    first.release();
    expect(await settledYet(second.ready)).toBe(true);
    expect(await settledYet(third.ready)).toBe(false);
    second.release();
    expect(await settledYet(third.ready)).toBe(true);
    third.release();
    expect(turns.busy).toBe(0);
  });

  it('lets batches for other inboxes write side by side', async () => {
    const turns = new InboxTurns();
    const baku = turns.take(['AZ-PCU-BAKU']);
    const astana = turns.take(['KZ-HQ-ASTANA']);
    expect(await settledYet(baku.ready)).toBe(true);
    expect(await settledYet(astana.ready)).toBe(true);
    astana.release();
    expect(turns.busy).toBe(1);
    baku.release();
    expect(turns.busy).toBe(0);
  });

  it('waits for every earlier batch at every inbox it writes to', async () => {
    const turns = new InboxTurns();
    const baku = turns.take(['AZ-PCU-BAKU']);
    const astana = turns.take(['KZ-HQ-ASTANA']);
    const both = turns.take(['AZ-PCU-BAKU', 'KZ-HQ-ASTANA']);
    baku.release();
    expect(await settledYet(both.ready)).toBe(false);
    astana.release();
    expect(await settledYet(both.ready)).toBe(true);
  });
});
