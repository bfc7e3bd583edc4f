import type { ConsumedMessage } from '@iren/messaging';
import { inArrivalOrder } from './audit-consumers';

const batch = (...seqs: number[]) => seqs.map((seq) => ({ seq }) as ConsumedMessage);

describe(inArrivalOrder.name, () => {
  it('handles a batch only once the one handed over before it is done, however much slower that one is', async () => {
    const log: string[] = [];
    let releaseFirst!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
    const ordered = inArrivalOrder(async (msgs) => {
      log.push(`start ${msgs[0].seq}`);
      if (msgs[0].seq === 1) await firstMayFinish;
      log.push(`end ${msgs[0].seq}`);
      return msgs.map(() => undefined);
    });
    const first = ordered(batch(1, 2, 3));
    const second = ordered(batch(4));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start 1']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(['start 1', 'end 1', 'start 4', 'end 4']);
  });

  it('goes on with the next batch when one fails, and gives each its own outcome', async () => {
    const ordered = inArrivalOrder(async (msgs) => {
      if (msgs[0].seq === 1) throw new Error('the database went away');
      return msgs.map(() => undefined);
    });
    const first = ordered(batch(1));
    const second = ordered(batch(2));
    await expect(first).rejects.toThrow('the database went away');
    await expect(second).resolves.toEqual([undefined]);
  });
});
