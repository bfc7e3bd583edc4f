import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExchangeNames, HUB_JETSTREAM_DOMAIN } from '@iren/contracts';
import {
  type BusMaterial,
  CREDS_FILES,
  ensureBusMaterial,
  findNatsServer,
  type NatsServerProcess,
  startNatsServer,
} from '@iren/messaging';
import { sparePort } from './spare-port';

export interface NatsBrokerOptions {
  /**
   * Be the hub national sites join (`NatsSite`): JetStream in the hub's domain (`hub`), and leaf
   * connections accepted on a spare loopback port (`leafPort`).
   */
  leafnodes?: boolean;
  /** The national sites that will join (`KZ`): the registry's user may lay out the hub's stream of each. */
  sites?: readonly string[];
}

/** The hub's leaf listener, and the address it tells the sites to dial (`leafnodes.advertise`). */
interface LeafListener {
  port: number;
  advertise: string;
}

/**
 * A nats-server of its own for one harness, secured as production runs it (operator mode, one user
 * per service: the material `npm run nats:secure` makes), with its JetStream store in `dir`. It
 * can be stopped, killed -9, paused and started again on the same store and port.
 */
export class NatsBroker {
  private server?: NatsServerProcess;
  private paused = false;

  private constructor(
    readonly material: BusMaterial,
    readonly port: number,
    private readonly binary: string,
    private readonly namespace: string,
    private readonly leaf?: LeafListener,
    /** The national sites its registry's user lays out streams for. */
    readonly sites: readonly string[] = [],
  ) {}

  static async create(
    dir: string,
    port: number,
    namespace: string,
    options: NatsBrokerOptions = {},
  ): Promise<NatsBroker> {
    const binary = findNatsServer();
    if (!binary) throw new Error('nats-server is not installed');
    const material = await ensureBusMaterial({ dir, namespace, port, sites: options.sites ?? [] });
    const leafPort = options.leafnodes ? await sparePort() : undefined;
    const leaf = leafPort === undefined ? undefined : { port: leafPort, advertise: `127.0.0.1:${leafPort}` };
    return new NatsBroker(material, port, binary, namespace, leaf, options.sites ?? []);
  }

  /** The port national sites' leaf connections dial, with `leafnodes: true`. */
  get leafPort(): number | undefined {
    return this.leaf?.port;
  }

  /**
   * The leaf address the hub tells the sites (`leafnodes.advertise`): a site reconnects only there,
   * so a cut proxy in front of the hub really cuts it (without it the site learns the real port and
   * goes around the proxy). Restarts a running server, since 2.9 does not reload leaf settings.
   */
  async advertiseLeafAt(address: string): Promise<void> {
    if (!this.leaf) throw new Error('this broker was created without leafnodes');
    this.leaf.advertise = address;
    if (!this.running) return;
    await this.stop();
    await this.start();
  }

  /** `NATS_CREDS_DIR` for the apps: each logs in with its own user. */
  get credsDir(): string {
    return this.material.credsDir;
  }

  get pid(): number | undefined {
    return this.running ? this.server?.child.pid : undefined;
  }

  get running(): boolean {
    const child = this.server?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error('nats-server is already running');
    this.server = await startNatsServer({ binary: this.binary, config: this.config(), port: this.port });
    this.paused = false;
  }

  /** The material's `nats.conf`; as a hub of national sites, that with the hub's domain and leaf listener. */
  private config(): string {
    const { natsConf, dir } = this.material.layout;
    if (!this.leaf) return natsConf;
    const hub = join(dir, 'hub-leaf.conf');
    const text = readFileSync(natsConf, 'utf8').replace(
      /jetstream \{ (store_dir: [^}]*)\}/,
      `jetstream { $1, domain: ${HUB_JETSTREAM_DOMAIN} }`,
    );
    const leafnodes = `leafnodes { listen: "127.0.0.1:${this.leaf.port}", advertise: "${this.leaf.advertise}" }`;
    writeFileSync(hub, `${text}${leafnodes}\n`);
    return hub;
  }

  /** SIGTERM: JetStream writes out its state before it exits. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.resume();
    await this.server!.stop(10_000);
  }

  /** SIGKILL: no chance to write anything out (what the OS already holds survives). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.server!.child.kill('SIGKILL');
    await this.server!.exited;
  }

  pause(): void {
    if (!this.running) return;
    this.server!.child.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    if (!this.running || !this.paused) return;
    this.server!.child.kill('SIGCONT');
    this.paused = false;
  }

  /** Synchronous last resort for an exiting parent. */
  killNow(): void {
    if (this.running) this.server!.child.kill('SIGKILL');
  }

  /** What the server logged (its stderr) since it last started. */
  log(): string {
    return this.server?.output() ?? '';
  }

  /** A connection with every right in the account (the operators' user), straight to the server. */
  connect(): Promise<NatsConnection> {
    const ops = readFileSync(join(this.credsDir, CREDS_FILES.ops));
    return connect({ servers: `127.0.0.1:${this.port}`, authenticator: credsAuthenticator(ops) });
  }

  /**
   * The message block files of the namespace's `EXCHANGE` stream, oldest first:
   * `<store>/jetstream/<account>/streams/<namespace>_EXCHANGE/msgs/<n>.blk`.
   */
  exchangeBlocks(): string[] {
    const msgs = join(
      this.material.layout.jetstream,
      'jetstream',
      this.material.accountPublicKey,
      'streams',
      new ExchangeNames(this.namespace).stream('EXCHANGE'),
      'msgs',
    );
    if (!existsSync(msgs)) return [];
    return readdirSync(msgs)
      .filter((f) => /^\d+\.blk$/.test(f))
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
      .map((f) => join(msgs, f));
  }
}
