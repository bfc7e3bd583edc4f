import type { DataSource } from 'typeorm';

/** The first key of every job's advisory lock ('IRNJ'): apart from the ledger's single-key lock. */
const JOB_LOCK_SPACE = 0x49524e4a;

/** What `tryRun` did: ran the work (with its value), or left it to the instance running it now. */
export type JobRun<T> = { ran: true; value: T } | { ran: false };

/**
 * One run of a job at a time across every instance of an app that shares its database: a
 * transaction-scoped PostgreSQL advisory lock on `(IRNJ, hashtext(job))`, taken on a connection of
 * its own and held while the work runs (on any connection: it reads after the lock is granted, so it
 * sees every commit of the run before it). Chosen over a NATS lease for jobs whose data is all in the
 * one database: the database already orders their effects, and an instance that dies mid-run
 * releases the lock with its connection at once, with no TTL to wait out.
 *
 * `tryRun` is for periodic jobs (skip when another instance is at it: it does the same), `run` for
 * writes that must each happen, in turn (wait for it). Within one process runs are queued, so a
 * burst of writes waits on one connection, not one each.
 */
export class JobLock {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    /** `<app>.<job>`: `router.hit-digests`. */
    readonly job: string,
  ) {}

  /** Runs `work` unless another instance runs this job now; then answers `{ ran: false }` at once. */
  tryRun<T>(work: () => Promise<T>): Promise<JobRun<T>> {
    return this.queued(() => this.locked(false, work));
  }

  /** Runs `work` once no other instance runs this job. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const outcome = await this.queued(() => this.locked(true, work));
    if (!outcome.ran) throw new Error(`job ${this.job}: the lock was not granted`);
    return outcome.value;
  }

  private queued<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async locked<T>(wait: boolean, work: () => Promise<T>): Promise<JobRun<T>> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        const [row] = (await runner.query(
          `SELECT ${wait ? 'pg_advisory_xact_lock' : 'pg_try_advisory_xact_lock'}($1, hashtext($2)) AS locked`,
          [JOB_LOCK_SPACE, this.job],
        )) as { locked: boolean | string }[];
        if (!wait && row.locked !== true) return { ran: false };
        return { ran: true, value: await work() };
      } finally {
        // Nothing was written on this connection: ending the transaction only lets the lock go.
        await runner.rollbackTransaction().catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }
}
