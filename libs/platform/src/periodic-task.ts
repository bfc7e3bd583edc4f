import type { Logger } from 'pino';

/**
 * Runs `work` at start and then every `everyMs`, one run at a time, until stopped. A run never
 * rejects: a failure is logged with `failure` and the next run tries again, so the app never
 * stops for it.
 */
export class PeriodicTask<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T | undefined>;

  constructor(
    private readonly work: () => Promise<T>,
    private readonly everyMs: number,
    private readonly logger: Logger,
    private readonly failure: string,
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

  /** One run unless one runs already (then that one's outcome); undefined when it failed. */
  run(): Promise<T | undefined> {
    this.running ??= this.work()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, this.failure);
        return undefined;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
