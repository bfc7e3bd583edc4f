import { createConnection, type Socket } from 'node:net';
import type { FaultSwitch } from './proxy-fault';
import { ProxyPump } from './proxy-pump';

/** Without a set `afterBytes`, a connection opened during `reset` breaks after up to this many bytes. */
const MAX_RESET_AFTER = 16 * 1024;

/**
 * One client connection through a fault proxy and its upstream connection to the target. The
 * upstream is dialled only when the current fault lets bytes through: during a blackhole the target
 * never hears of a new client.
 */
export class ProxiedConnection {
  private upstream?: Socket;
  private readonly toTarget: ProxyPump;
  private toClient?: ProxyPump;
  private readonly unsubscribe: () => void;
  private bytes = 0;
  private resetAfter?: number;
  private closed = false;

  constructor(
    private readonly client: Socket,
    private readonly target: { host: string; port: number },
    private readonly faults: FaultSwitch,
    private readonly onClose: (connection: ProxiedConnection) => void,
  ) {
    client.on('error', () => this.close());
    client.on('close', () => this.close());
    this.toTarget = new ProxyPump(client, faults, (n) => this.count(n));
    this.unsubscribe = faults.subscribe(() => this.faultChanged(false));
    this.faultChanged(true);
  }

  /** Closes both sides; `reset` sends RST instead of a clean FIN. */
  close(reset = false): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.toTarget.close();
    this.toClient?.close();
    for (const socket of [this.client, this.upstream]) {
      if (!socket) continue;
      if (reset && !socket.destroyed) {
        try {
          socket.resetAndDestroy();
          continue;
        } catch {
          // A socket without a TCP handle yet cannot send RST; destroying it is the nearest thing.
        }
      }
      socket.destroy();
    }
    this.onClose(this);
  }

  private faultChanged(opening: boolean): void {
    const fault = this.faults.current;
    if (fault.kind === 'reset') {
      // Open connections break at once; a new one gets a little way first, so it breaks mid-stream.
      if (!opening) return this.close(true);
      this.resetAfter = fault.afterBytes ?? 1 + Math.floor(Math.random() * MAX_RESET_AFTER);
    } else this.resetAfter = undefined;
    if (fault.kind !== 'blackhole' && !this.upstream) this.dial();
    this.toTarget.nudge();
    this.toClient?.nudge();
  }

  private dial(): void {
    const upstream = createConnection(this.target);
    this.upstream = upstream;
    upstream.on('error', () => this.close());
    upstream.on('close', () => this.close());
    this.toClient = new ProxyPump(upstream, this.faults, (n) => this.count(n));
    this.toClient.attach(this.client);
    this.toTarget.attach(upstream);
  }

  private count(bytes: number): void {
    this.bytes += bytes;
    if (this.resetAfter !== undefined && this.bytes >= this.resetAfter) this.close(true);
  }
}
