import type { Socket } from 'node:net';
import type { FaultSwitch } from './proxy-fault';

/** Above this many queued bytes the source stops being read, so a held or slowed link cannot fill memory. */
const HIGH_WATER = 1024 * 1024;
/** A throttled link sends a slice this many times a second, so its pace is even rather than bursty. */
const THROTTLE_TICKS = 20;

/**
 * One direction of a proxied connection: what `from` sends, queued in order and written to its
 * destination as the current fault allows. The destination may come later (a connection accepted
 * during a blackhole has no upstream yet); until then everything waits in the queue.
 */
export class ProxyPump {
  private readonly queue: { chunk: Buffer; at: number }[] = [];
  private queued = 0;
  private to?: Socket;
  private closed = false;
  private wake?: () => void;
  private timer?: NodeJS.Timeout;
  /** When a throttled link may send its next slice. */
  private nextSliceAt = 0;

  constructor(
    private readonly from: Socket,
    private readonly faults: FaultSwitch,
    /** Told of every chunk written, so the connection can reset itself after so many bytes. */
    private readonly forwarded: (bytes: number) => void,
  ) {
    from.on('data', (chunk: Buffer) => {
      this.queue.push({ chunk, at: Date.now() });
      this.queued += chunk.length;
      if (this.queued > HIGH_WATER) from.pause();
      this.nudge();
    });
  }

  /** Starts writing to `to`. */
  attach(to: Socket): void {
    this.to = to;
    void this.run();
  }

  /** Something changed (a fault, the destination): look again at once. */
  nudge(): void {
    const wake = this.wake;
    this.wake = undefined;
    clearTimeout(this.timer);
    wake?.();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.nudge();
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      const fault = this.faults.current;
      const head = this.queue[0];
      if (!head || !this.to || fault.kind === 'blackhole') {
        await this.idle();
        continue;
      }
      if (fault.kind === 'latency' && head.at + fault.ms > Date.now()) {
        await this.idle(head.at + fault.ms - Date.now());
        continue;
      }
      if (fault.kind === 'throttle' && this.nextSliceAt > Date.now()) {
        await this.idle(this.nextSliceAt - Date.now());
        continue;
      }
      let chunk = head.chunk;
      if (fault.kind === 'throttle') {
        this.nextSliceAt = Date.now() + 1000 / THROTTLE_TICKS;
        const slice = Math.max(1, Math.floor(fault.bytesPerSecond / THROTTLE_TICKS));
        if (chunk.length > slice) {
          head.chunk = chunk.subarray(slice);
          chunk = chunk.subarray(0, slice);
        } else this.queue.shift();
      } else this.queue.shift();
      this.queued -= chunk.length;
      const flowing = this.to.write(chunk);
      this.forwarded(chunk.length);
      if (this.queued <= HIGH_WATER && this.from.isPaused()) this.from.resume();
      if (!flowing) await drained(this.to);
    }
  }

  /** Waits for a nudge, or `ms` when given; never leaves a timer behind. */
  private idle(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      if (ms !== undefined) this.timer = setTimeout(() => this.nudge(), ms);
    });
  }
}

function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
