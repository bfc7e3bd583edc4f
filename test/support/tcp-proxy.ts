import { createServer, type Server } from 'node:net';
import { FaultSwitch, NO_FAULT, type ProxyFault } from './proxy-fault';
import { ProxiedConnection } from './proxied-connection';

export { faultLabel, type ProxyFault } from './proxy-fault';

/**
 * A TCP proxy in front of a real server (NATS, PostgreSQL), so a test can cut it off for the apps
 * that connect through the proxy — every connection dropped, new ones refused (`pause`) — or make
 * the link misbehave while it runs (`setFault`: latency, blackhole, resets, throttling), without
 * touching the server itself, which other runs may share.
 */
export class TcpProxy {
  private server?: Server;
  private readonly connections = new Set<ProxiedConnection>();
  private readonly faults = new FaultSwitch();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = 0): Promise<number> {
    const target = { host: this.targetHost, port: this.targetPort };
    this.server = createServer((client) => {
      this.connections.add(new ProxiedConnection(client, target, this.faults, (c) => this.connections.delete(c)));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** The fault every connection now gets. */
  get fault(): ProxyFault {
    return this.faults.current;
  }

  /** Applies `fault` to every open and future connection until the next call; `{ kind: 'normal' }` ends it. */
  setFault(fault: ProxyFault): void {
    this.faults.set(fault);
  }

  /** Connections open through the proxy now. */
  get openConnections(): number {
    return this.connections.size;
  }

  /** Cuts every connection and stops listening: the target is now unreachable through us. */
  async pause(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    for (const connection of [...this.connections]) connection.close();
    await closed;
  }

  /** Listens again on the same port. */
  async resume(): Promise<void> {
    await this.start(this.port);
  }

  /** Cuts everything, stops listening and forgets the fault. */
  async stop(): Promise<void> {
    this.faults.set(NO_FAULT);
    await this.pause();
  }
}
