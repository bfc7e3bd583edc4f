import type { JsMsg } from '@nats-io/jetstream';

/** How many deliveries this worker keeps track of at most; the oldest are forgotten first. */
const TRACKED_DELIVERIES = 10_000;

/**
 * The attempts at each message this worker saw: its delivery count now, less the count it had
 * when this worker first received it, plus one. The server's own count is no measure of failures on
 * NATS 2.9 with leaf nodes configured (a hub with national sites, a site): a pull left waiting by a
 * process killed -9 takes each new message as delivered, and at once again, up to the pull's batch
 * size, in a millisecond; a message then arrives at a live worker delivered hundreds of times, never
 * having failed (fixed in later servers: nats-server pull request 5338). Another instance counts
 * from its own first sight, so a message failing on several instances gets at most the budget on
 * each; one forgotten (acked elsewhere, or past `TRACKED_DELIVERIES`) starts again.
 */
export class DeliveryAttempts {
  private readonly firstSeen = new Map<number, number>();

  seen(msg: Pick<JsMsg, 'seq' | 'info'>): void {
    if (this.firstSeen.has(msg.seq)) return;
    this.firstSeen.set(msg.seq, msg.info.deliveryCount);
    if (this.firstSeen.size > TRACKED_DELIVERIES) this.firstSeen.delete(this.firstSeen.keys().next().value!);
  }

  attempt(msg: Pick<JsMsg, 'seq' | 'info'>): number {
    const first = this.firstSeen.get(msg.seq) ?? msg.info.deliveryCount;
    return msg.info.deliveryCount - first + 1;
  }

  /** Acked or terminated: nothing more to count. */
  settled(msg: Pick<JsMsg, 'seq'>): void {
    this.firstSeen.delete(msg.seq);
  }

  get tracked(): number {
    return this.firstSeen.size;
  }
}
