import { ScrapeReading } from './scrape-reading';

/** A read the test settles by hand, counting how often it was started. */
function manualRead<T>() {
  const calls: { resolve(value: T): void; reject(error: Error): void }[] = [];
  const read = () => new Promise<T>((resolve, reject) => calls.push({ resolve, reject }));
  return { read, calls };
}

describe(ScrapeReading.name, () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => (clock = 1_000));

  it('reuses a value within its time to live, and reads again after it', async () => {
    let reads = 0;
    const reading = new ScrapeReading(async () => ++reads, { ttlMs: 2_000, timeoutMs: 100, now });
    expect(await reading.value()).toBe(1);
    clock += 1_999;
    expect(await reading.value()).toBe(1);
    clock += 1;
    expect(await reading.value()).toBe(2);
    expect(reads).toBe(2);
  });

  it('answers undefined for a failed read, and reads again once that answer is stale', async () => {
    let fail = true;
    const reading = new ScrapeReading(
      async () => {
        if (fail) throw new Error('connection refused');
        return 7;
      },
      { ttlMs: 2_000, timeoutMs: 100, now },
    );
    expect(await reading.value()).toBeUndefined();
    fail = false;
    expect(await reading.value()).toBeUndefined();
    clock += 2_000;
    expect(await reading.value()).toBe(7);
  });

  it('gives up on a late read without starting another, and keeps its answer when it comes', async () => {
    const { read, calls } = manualRead<number>();
    const reading = new ScrapeReading(read, { ttlMs: 2_000, timeoutMs: 20, now });
    expect(await reading.value()).toBeUndefined();
    expect(await reading.value()).toBeUndefined();
    expect(calls).toHaveLength(1);
    calls[0].resolve(42);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await reading.value()).toBe(42);
    expect(calls).toHaveLength(1);
  });

  it('lets concurrent scrapes share one read', async () => {
    const { read, calls } = manualRead<string>();
    const reading = new ScrapeReading(read, { ttlMs: 2_000, timeoutMs: 1_000, now });
    const both = Promise.all([reading.value(), reading.value()]);
    calls[0].resolve('info');
    expect(await both).toEqual(['info', 'info']);
    expect(calls).toHaveLength(1);
  });
});
