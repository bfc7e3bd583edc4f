import { Injectable } from '@nestjs/common';
import type { Budget } from '../auth/door-refusals';

/** Past this many callers remembered, the ones whose refusal has ended are forgotten. */
const SWEEP_ABOVE = 1000;

/**
 * How a refused caller's answers are held back: each 429 waits up to `ms` (never past its
 * `Retry-After`) before it is sent, for at most `perCaller` of one caller's requests at a time and
 * `inAll` across callers; beyond those, it is answered at once.
 */
export const REFUSAL_HOLD = { ms: 1000, perCaller: 256, inAll: 4096 };

/**
 * The callers the budgets refused, per budget, and until when: the throttler guard's own verdict
 * (with no block beyond the window, a caller over budget is refused until its oldest request in the
 * window ages out, which is what `Retry-After` tells it). The door's first middleware reads it so
 * that a flood's further requests are answered 429 before logging, body parsing, routing and the
 * guard spend anything on them, and another node's requests do not queue behind that work.
 */
@Injectable()
export class RefusedCallers {
  private readonly refused = new Map<string, { until: number; limit: number }>();
  private readonly held = new Map<string, number>();
  private heldInAll = 0;

  /** `caller` (the guard's tracker) is refused over `budget`, of `limit` a minute, for `retryAfterSeconds`. */
  refuse(budget: Budget, caller: string, limit: number, retryAfterSeconds: number, now = Date.now()): void {
    if (this.refused.size >= SWEEP_ABOVE) this.forgetEnded(now);
    this.refused.set(`${budget}:${caller}`, { until: now + retryAfterSeconds * 1000, limit });
  }

  /** Whether `caller` is still refused over `budget`: the budget's limit and the seconds left. */
  refusal(budget: Budget, caller: string, now = Date.now()): { limit: number; retryAfterSeconds: number } | undefined {
    const key = `${budget}:${caller}`;
    const refused = this.refused.get(key);
    if (refused === undefined) return undefined;
    if (refused.until > now) return { limit: refused.limit, retryAfterSeconds: (refused.until - now) / 1000 };
    this.refused.delete(key);
    return undefined;
  }

  /**
   * Whether one more of `caller`'s refusals may be held back (`REFUSAL_HOLD`); if so, the caller
   * must `release` it once answered. A client that retries as soon as it is answered (a flood, or a
   * system stuck in a retry loop) then sends at most `perCaller` requests a second, instead of as
   * many as the gateway can refuse, and the gateway's time goes to everyone else's requests.
   */
  hold(caller: string): boolean {
    const holding = this.held.get(caller) ?? 0;
    if (holding >= REFUSAL_HOLD.perCaller || this.heldInAll >= REFUSAL_HOLD.inAll) return false;
    this.held.set(caller, holding + 1);
    this.heldInAll += 1;
    return true;
  }

  release(caller: string): void {
    const holding = this.held.get(caller) ?? 0;
    if (holding <= 1) this.held.delete(caller);
    else this.held.set(caller, holding - 1);
    this.heldInAll -= 1;
  }

  private forgetEnded(now: number): void {
    for (const [key, { until }] of this.refused) if (until <= now) this.refused.delete(key);
  }
}
