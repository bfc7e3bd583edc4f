/** A batch's turn at the inboxes it writes to: wait for `ready`, write, then `release`. */
export interface InboxTurn {
  /** Resolves once every batch that took a turn at one of these inboxes before has released it. */
  ready: Promise<void>;
  release(): void;
}

/**
 * Keeps each inbox's deliveries in the order the inbox consumer received them while it handles
 * two batches at once: a batch takes its turn at its recipients' inboxes the moment it arrives, and
 * writes only after the batches that came before it, at any of those inboxes, have written. An
 * inbox's cursor then follows the stream, so a burst (what a national site receives when its link
 * returns, a backlog after an outage) reaches each inbox in the order each origin sent it; batches
 * for other inboxes still commit side by side.
 */
export class InboxTurns {
  private readonly last = new Map<string, Promise<void>>();

  /** Takes a turn at each of `inboxes`; call it synchronously as the batch arrives, before any await. */
  take(inboxes: Iterable<string>): InboxTurn {
    const mine = new Set(inboxes);
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const before: Promise<void>[] = [];
    for (const inbox of mine) {
      const previous = this.last.get(inbox);
      if (previous) before.push(previous);
      this.last.set(inbox, done);
    }
    return {
      ready: Promise.all(before).then(() => undefined),
      release: () => {
        release();
        for (const inbox of mine) if (this.last.get(inbox) === done) this.last.delete(inbox);
      },
    };
  }

  /** Inboxes with a turn taken and not yet released (for tests: nothing is kept once all are released). */
  get busy(): number {
    return this.last.size;
  }
}
