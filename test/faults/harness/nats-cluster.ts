import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExchangeNames } from '@iren/contracts';
import {
  type BusMaterial,
  CREDS_FILES,
  ensureBusMaterial,
  findNatsServer,
  type NatsServerProcess,
  startNatsServer,
} from '@iren/messaging';
import { sparePort } from './spare-port';

const CLUSTER_SIZE = 3;

/**
 * The hub as production runs it, on loopback: three nats-servers in one JetStream cluster, from the
 * configuration `npm run nats:secure -- --cluster 3` writes (same operator and accounts as
 * `NatsBroker`, each server with its own store and resolver, spare ports). Offers what the harness
 * asks of a `NatsBroker` over all three servers (so a whole-hub outage is the same fault), and one
 * server's crash and return: `killServer(i)`, `startServer(i)`.
 */
export class NatsCluster {
  private readonly servers: (NatsServerProcess | undefined)[] = [];

  private constructor(
    readonly material: BusMaterial,
    private readonly binary: string,
    private readonly namespace: string,
  ) {}

  static async create(dir: string, namespace: string): Promise<NatsCluster> {
    const binary = findNatsServer();
    if (!binary) throw new Error('nats-server is not installed');
    const ports = async () => {
      const spare: number[] = [];
      for (let i = 0; i < CLUSTER_SIZE; i++) spare.push(await sparePort());
      return spare;
    };
    const cluster = { clientPorts: await ports(), routePorts: await ports() };
    const material = await ensureBusMaterial({ dir, namespace, port: cluster.clientPorts[0], cluster });
    return new NatsCluster(material, binary, namespace);
  }

  /** `NATS_URL` for the apps: every server, so that they fail over. */
  get url(): string {
    return this.material.url;
  }

  get size(): number {
    return this.material.hubServers.length;
  }

  /** Server names, by index: `hub-1`, `hub-2`, `hub-3`. */
  get names(): string[] {
    return this.material.hubServers.map((server) => server.name);
  }

  /** The first server's client port (a single proxy's target); the apps use `url`, all of them. */
  get port(): number {
    return this.material.hubServers[0].port;
  }

  /** `NATS_CREDS_DIR` for the apps: each logs in with its own user. */
  get credsDir(): string {
    return this.material.credsDir;
  }

  /** The first running server's process (a memory sample takes one nats-server). */
  get pid(): number | undefined {
    return this.servers.find((_, i) => this.serverRunning(i))?.child.pid;
  }

  get running(): boolean {
    return this.material.hubServers.some((_, i) => this.serverRunning(i));
  }

  serverRunning(index: number): boolean {
    const child = this.servers[index]?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Starts every server that is not running, then waits for the cluster's JetStream to answer. */
  async start(): Promise<void> {
    for (let i = 0; i < this.size; i++) if (!this.serverRunning(i)) await this.startServer(i);
    await this.untilJetStreamAnswers();
  }

  /** Starts server `index` again on its store and ports; it rejoins the cluster and catches up. */
  async startServer(index: number): Promise<void> {
    if (this.serverRunning(index)) throw new Error(`${this.names[index]} is already running`);
    const { conf, port } = this.material.hubServers[index];
    this.servers[index] = await startNatsServer({ binary: this.binary, config: conf, port });
  }

  /** SIGKILL of server `index`: no chance to write anything out, nor to hand its leaderships over. */
  async killServer(index: number): Promise<void> {
    const server = this.servers[index];
    if (!this.serverRunning(index)) return;
    server!.child.kill('SIGKILL');
    await server!.exited;
  }

  /** SIGTERM to every server. */
  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server, i) => (this.serverRunning(i) ? server!.stop(10_000) : undefined)));
  }

  /** SIGKILL to every server. */
  async kill(): Promise<void> {
    await Promise.all(this.servers.map((_, i) => this.killServer(i)));
  }

  /** Synchronous last resort for an exiting parent. */
  killNow(): void {
    this.servers.forEach((server, i) => this.serverRunning(i) && server!.child.kill('SIGKILL'));
  }

  /** What server `index` logged since it last started. */
  log(index: number): string {
    return this.servers[index]?.output() ?? '';
  }

  /** Index of a server by its name (`hub-2` → 1), as JetStream reports leaders and replicas. */
  indexOf(name: string): number {
    const index = this.names.indexOf(name);
    if (index < 0) throw new Error(`"${name}" is not a server of this cluster (${this.names.join(', ')})`);
    return index;
  }

  /** A connection with every right in the account (the operators' user), to every server. */
  connect(): Promise<NatsConnection> {
    const ops = readFileSync(join(this.credsDir, CREDS_FILES.ops));
    const servers = this.material.hubServers.map((server) => `127.0.0.1:${server.port}`);
    return connect({ servers, authenticator: credsAuthenticator(ops), maxReconnectAttempts: -1 });
  }

  /** The message block files of the namespace's `EXCHANGE` stream on every server, each server's oldest first. */
  exchangeBlocks(): string[] {
    const stream = new ExchangeNames(this.namespace).stream('EXCHANGE');
    return this.material.hubServers.flatMap((_, i) => {
      const { jetstream } = this.material.layout.hubServer(i + 1);
      const msgs = join(jetstream, 'jetstream', this.material.accountPublicKey, 'streams', stream, 'msgs');
      if (!existsSync(msgs)) return [];
      return readdirSync(msgs)
        .filter((f) => /^\d+\.blk$/.test(f))
        .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
        .map((f) => join(msgs, f));
    });
  }

  /** Runs `use` with a JetStream manager on a connection of its own, closed afterwards. */
  async withJsm<T>(use: (jsm: JetStreamManager) => Promise<T>): Promise<T> {
    const nc = await this.connect();
    try {
      return await use(await jetstreamManager(nc));
    } finally {
      await nc.close();
    }
  }

  /** The meta leader is elected a moment after the servers meet; until then JetStream answers with an error. */
  private async untilJetStreamAnswers(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const nc = await this.connect();
    try {
      // Not checked on creation: that check is the question asked here, until it is answered.
      const jsm = await jetstreamManager(nc, { checkAPI: false });
      for (;;) {
        const error = await jsm.getAccountInfo().then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        if (!error) return;
        if (Date.now() > deadline) throw new Error(`the hub cluster's JetStream did not answer: ${error.message}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await nc.close();
    }
  }
}
