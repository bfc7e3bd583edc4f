/** How long a follow-up waits for its original to be routed before the router refuses it. */
export const ORIGINAL_GRACE_MS = 60_000;

/**
 * Follow-ups seen before their original was routed. The outbox sends the original first, but a
 * redelivery can put it behind its follow-up, so a follow-up waits (is retried) for a while; past
 * the grace period, counted from when this router first saw it, the original is taken as never
 * routed. Kept in memory: a restart only lengthens the wait, which the redelivery limit bounds.
 */
export class PendingOriginals {
  private readonly firstSeen = new Map<string, number>();

  constructor(
    private readonly graceMs = ORIGINAL_GRACE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while the follow-up may still wait for its original. */
  mayWait(followUpId: string): boolean {
    const now = this.now();
    const first = this.firstSeen.get(followUpId) ?? now;
    this.firstSeen.set(followUpId, first);
    if (now - first < this.graceMs) return true;
    this.firstSeen.delete(followUpId);
    return false;
  }

  /** The follow-up was routed or refused: forget it. */
  settled(followUpId: string): void {
    this.firstSeen.delete(followUpId);
  }
}
