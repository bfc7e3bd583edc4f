export interface ScrapeReadingOptions {
  /** How long a reading is reused, so that several scrapers in a row cost one query. */
  ttlMs: number;
  /** How long a scrape waits for the reading; past it the reading's metrics are left out of that scrape. */
  timeoutMs: number;
  now?: () => number;
}

/**
 * Something a scrape reads from outside the process (a SQL count, a JetStream consumer's info),
 * cached for a moment and waited for only briefly, so that a slow or unreachable dependency never
 * fails or stalls `/metrics`. A read still running when a scrape gives up on it is not started
 * again: the next scrape waits for the same one, and its answer is cached when it comes.
 */
export class ScrapeReading<T> {
  private last?: { at: number; value: T | undefined };
  private running?: Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly options: ScrapeReadingOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The latest value read within `ttlMs`, or a fresh one; undefined when the read failed or is late. */
  async value(): Promise<T | undefined> {
    if (this.last && this.now() - this.last.at < this.options.ttlMs) return this.last.value;
    this.running ??= this.read()
      .then(
        (value) => this.remember(value),
        () => this.remember(undefined),
      )
      .finally(() => (this.running = undefined));
    return (await settlesWithin(this.running, this.options.timeoutMs)) ? this.last?.value : undefined;
  }

  private remember(value: T | undefined): void {
    this.last = { at: this.now(), value };
  }
}

/** True when `work` settles within `ms`; the timer never keeps the process alive. */
async function settlesWithin(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
