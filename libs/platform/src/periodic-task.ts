import type { Logger } from 'pino';
import type { JobLock } from './job-lock';

/**
 * Runs `work` at start and then every `everyMs`, one run at a time, until stopped. A run never
 * rejects: a failure is logged with `failure` and the next run tries again, so the app never
 * stops for it. Given a `JobLock`, one run at a time across every instance of the app: an instance
 * whose turn comes while another runs the job skips that turn.
 */
export class PeriodicTask<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T | undefined>;

  constructor(
    private readonly work: () => Promise<T>,
    private readonly everyMs: number,
    private readonly logger: Logger,
    private readonly failure: string,
    private readonly lock?: JobLock,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.run(), this.everyMs);
    this.timer.unref();
    void this.run();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One run unless one runs already (then that one's outcome); undefined when it failed or another instance ran it. */
  run(): Promise<T | undefined> {
    this.running ??= this.once()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, this.failure);
        return undefined;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async once(): Promise<T | undefined> {
    if (!this.lock) return this.work();
    const outcome = await this.lock.tryRun(this.work);
    return outcome.ran ? outcome.value : undefined;
  }
}
