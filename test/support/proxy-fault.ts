/**
 * What a fault proxy does to the bytes it carries. Each fault applies to every connection the
 * proxy holds, and to each direction of it, from the moment it is set until another is set.
 *
 * - `normal`: bytes pass as they come.
 * - `latency`: each chunk leaves `ms` after it arrived, in order (one way: a round trip costs twice).
 * - `blackhole`: connections are accepted but nothing is forwarded, not even a new connection's
 *   first bytes; what was held goes through, in order, once another fault is set (as TCP would
 *   retransmit after a partition heals), unless a side gave up meanwhile.
 * - `reset`: every open connection is reset (RST) at once, and each new one after `afterBytes`
 *   bytes (a random amount up to 16 KiB when unset), so connections break in the middle of a stream.
 * - `throttle`: at most `bytesPerSecond` each way per connection.
 */
export type ProxyFault =
  | { kind: 'normal' }
  | { kind: 'latency'; ms: number }
  | { kind: 'blackhole' }
  | { kind: 'reset'; afterBytes?: number }
  | { kind: 'throttle'; bytesPerSecond: number };

export const NO_FAULT: ProxyFault = { kind: 'normal' };

/** A short label for logs and tables: `latency 400ms`, `throttle 2048B/s`. */
export function faultLabel(fault: ProxyFault): string {
  switch (fault.kind) {
    case 'latency':
      return `latency ${fault.ms}ms`;
    case 'throttle':
      return `throttle ${fault.bytesPerSecond}B/s`;
    case 'reset':
      return fault.afterBytes === undefined ? 'reset' : `reset after ${fault.afterBytes}B`;
    default:
      return fault.kind;
  }
}

/** The fault one proxy applies now, and the connections to tell when it changes. */
export class FaultSwitch {
  private fault: ProxyFault = NO_FAULT;
  private readonly listeners = new Set<() => void>();

  get current(): ProxyFault {
    return this.fault;
  }

  set(fault: ProxyFault): void {
    this.fault = fault;
    for (const listener of [...this.listeners]) listener();
  }

  /** Calls `listener` after each change; answers the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
