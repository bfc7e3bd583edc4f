import pino from 'pino';
import { DataSource } from 'typeorm';
import { dropDatabase, ensureDatabase } from './database';
import { JobLock } from './job-lock';
import { PeriodicTask } from './periodic-task';

const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

describe(JobLock.name, () => {
  const databaseUrl = `${PG}/iren_test_job_lock_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  /** Two instances of an app on one database. */
  let first: DataSource;
  let second: DataSource;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    first = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
    second = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
  });

  afterAll(async () => {
    await first.destroy();
    await second.destroy();
    await dropDatabase(databaseUrl);
  });

  /** A run that lasts until `release` is called, and says when it started. */
  function heldRun() {
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const done = new Promise<string>((resolve) => (release = () => resolve('first')));
    return { work: () => (started(), done), running, release };
  }

  it('lets one instance run a periodic job while the other skips it, and the other run it once it is done', async () => {
    const held = heldRun();
    const one = new JobLock(first, 'test.sweep').tryRun(held.work);
    await held.running;
    expect(await new JobLock(second, 'test.sweep').tryRun(async () => 'second')).toEqual({ ran: false });
    // Another job is not held back by it.
    expect(await new JobLock(second, 'test.other').tryRun(async () => 'other')).toEqual({ ran: true, value: 'other' });
    held.release();
    expect(await one).toEqual({ ran: true, value: 'first' });
    expect(await new JobLock(second, 'test.sweep').tryRun(async () => 'second')).toEqual({
      ran: true,
      value: 'second',
    });
  });

  it('makes a write wait for the other instance’s, in turn', async () => {
    const order: string[] = [];
    const held = heldRun();
    const one = new JobLock(first, 'test.write').run(async () => {
      const value = await held.work();
      order.push('first');
      return value;
    });
    await held.running;
    const two = new JobLock(second, 'test.write').run(async () => void order.push('second'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(order).toEqual([]);
    held.release();
    await Promise.all([one, two]);
    expect(order).toEqual(['first', 'second']);
  });

  it('makes a periodic task on two instances run its work once per turn', async () => {
    const silent = pino({ level: 'silent' });
    const held = heldRun();
    const runs: string[] = [];
    const task = (ds: DataSource, name: string, work: () => Promise<string>) =>
      new PeriodicTask(async () => (runs.push(name), work()), 60_000, silent, 'failed', new JobLock(ds, 'test.task'));
    const one = task(first, 'first', held.work).run();
    await held.running;
    expect(await task(second, 'second', async () => 'second').run()).toBeUndefined();
    held.release();
    expect(await one).toBe('first');
    expect(runs).toEqual(['first']);
  });

  it('is released when the instance running the job loses its connection (a crash), with nothing to wait out', async () => {
    const held = heldRun();
    const one = new JobLock(first, 'test.crash').tryRun(held.work);
    await held.running;
    await second.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = hashtext('test.crash')::oid`,
    );
    expect(await new JobLock(second, 'test.crash').tryRun(async () => 'second')).toEqual({
      ran: true,
      value: 'second',
    });
    held.release();
    await one.catch(() => undefined);
  });
});
