import { isDependencyUnavailable } from './unavailability';

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Writes what concurrent callers hand it several to a transaction (group commit): one write is
 * under way at a time, and whatever was submitted meanwhile goes together in the next, up to
 * `maxItems`. A lone caller waits for nothing; under load, a burst of requests costs one
 * transaction's round trips and one commit instead of one each. Each caller's promise settles when
 * the transaction holding its item has committed, or failed.
 *
 * A failed write whose cause is the database being unavailable fails every caller of it. Any
 * other failure may be one item's fault (a constraint it breaks): each item of that write is then
 * written alone, so one bad item fails only its own caller.
 */
export class GroupCommit<T> {
  private waiting: Waiting<T>[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxItems = 256,
  ) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) await this.commit(this.waiting.splice(0, this.maxItems));
    } finally {
      this.writing = false;
    }
  }

  private async commit(group: Waiting<T>[]): Promise<void> {
    try {
      await this.write(group.map((w) => w.item));
      for (const w of group) w.resolve();
    } catch (error) {
      if (group.length === 1 || isDependencyUnavailable(error)) {
        for (const w of group) w.reject(error);
        return;
      }
      for (const w of group) await this.commit([w]);
    }
  }
}
