import pino from 'pino';
import { PeriodicTask } from './periodic-task';

describe(PeriodicTask.name, () => {
  const silent = pino({ level: 'silent' });

  it('runs once at a time: a run asked for while one runs shares its outcome', async () => {
    let runs = 0;
    let finish!: (n: number) => void;
    const task = new PeriodicTask(
      () => {
        runs += 1;
        return new Promise<number>((resolve) => (finish = resolve));
      },
      60_000,
      silent,
      'failed',
    );
    const first = task.run();
    const second = task.run();
    finish(7);
    expect(await first).toBe(7);
    expect(await second).toBe(7);
    expect(runs).toBe(1);
  });

  it('never rejects: a failed run answers undefined and is logged, and the next one runs', async () => {
    const logged: string[] = [];
    const logger = { error: (_: unknown, message: string) => logged.push(message) } as unknown as pino.Logger;
    let fail = true;
    const task = new PeriodicTask(
      async () => {
        if (fail) throw new Error('database down');
        return 'done';
      },
      60_000,
      logger,
      'sweeping failed; trying again at the next sweep',
    );
    expect(await task.run()).toBeUndefined();
    expect(logged).toEqual(['sweeping failed; trying again at the next sweep']);
    fail = false;
    expect(await task.run()).toBe('done');
  });

  it('runs at start, then every interval until stopped', async () => {
    let runs = 0;
    const task = new PeriodicTask(async () => void (runs += 1), 20, silent, 'failed');
    task.start();
    await new Promise((resolve) => setTimeout(resolve, 110));
    await task.stop();
    const stoppedAt = runs;
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runs).toBe(stoppedAt);
  });
});
