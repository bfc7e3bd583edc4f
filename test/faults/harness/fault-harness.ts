/**
 * The whole network on servers of its own, every part of which a fault scenario may break: a
 * PostgreSQL cluster and a secured nats-server (own data directories, spare loopback ports), a
 * fault proxy in front of each for the apps, and the four apps as child processes of `dist/`
 * (`npm run build` first). Nothing here touches the shared servers on 5432 and 4222.
 *
 * Kept free of jest: the soak (scripts/soak.ts) runs it from `dist/`.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ExchangeNames } from '@iren/contracts';
import { APP_NAMES, type AppName, AppProcess, startApps, stopApps } from '../../support/app-processes';
import { apiClient } from '../../support/http';
import { TcpProxy } from '../../support/tcp-proxy';
import { HUB_OUTBOXES, HUB_STREAMS, type SettlePart } from '../check/settle';
import { NationalSite } from './national-site';
import { NatsBroker } from './nats-broker';
import { NatsCluster } from './nats-cluster';
import { PostgresServer } from './postgres-server';
import { sparePort } from './spare-port';

const NAMESPACE = 'iren';
const DATABASE = 'iren';
/** Small streams, at the hub and at the sites: JetStream reserves their size on disk. */
const STREAM_MAX_BYTES = 64 * 1024 ** 2;

export interface FaultHarnessOptions {
  /** Added to (or replacing) the apps' environment. */
  env?: Record<string, string>;
  /** Keep the directory (logs, data, store) after `stop`; also `IREN_FAULT_KEEP=1`. */
  keep?: boolean;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
  /**
   * The hub as a three-server JetStream cluster (`NatsCluster`) instead of one server: the apps get
   * every server's URL, straight (the NATS proxy fronts the first only), and `IREN_STREAM_REPLICAS=3`.
   */
  hubCluster?: boolean;
  /** How many instances of an app to run (`{ router: 2 }`), 1 by default; each on its own port and log (`router-2.log`). */
  instances?: Partial<Record<AppName, number>>;
  /**
   * Countries with a national site of their own (`['KZ']`; one at most: the hub advertises one
   * site's link): each a `NationalSite` with its server, streams, database, gateway and router,
   * and the hub's apps run with `IREN_SITES`. Not with `hubCluster`.
   */
  sites?: string[];
}

/** A process of the network, for memory sampling and reports. */
export interface NetworkProcess {
  name: string;
  pid: number | undefined;
}

export class FaultHarness {
  readonly names = new ExchangeNames(NAMESPACE);
  readonly adminToken = `admin-${randomBytes(18).toString('hex')}`;
  readonly api: ReturnType<typeof apiClient>;
  apps!: Record<AppName, AppProcess>;
  /** The instances beyond the first of each app (`instances`), started after them. */
  readonly moreInstances: AppProcess[] = [];
  /** The national sites (`sites`), started after the hub's apps. */
  readonly sites: NationalSite[] = [];
  /** The environment every app runs with (a job run beside them, such as the reconciliation, takes it too). */
  appEnv!: NodeJS.ProcessEnv;
  private stopped = false;
  private readonly lastResort = () => this.stopNow();

  private constructor(
    readonly dir: string,
    readonly postgres: PostgresServer,
    readonly nats: NatsBroker | NatsCluster,
    /** Between the apps and PostgreSQL. */
    readonly pgProxy: TcpProxy,
    /** Between the apps and NATS. */
    readonly natsProxy: TcpProxy,
    readonly gatewayPort: number,
    private readonly options: FaultHarnessOptions,
  ) {
    this.api = apiClient(this.gatewayUrl);
  }

  /** Makes and starts everything; on a failure stops what it started and rethrows. */
  static async start(options: FaultHarnessOptions = {}): Promise<FaultHarness> {
    if ((options.sites?.length ?? 0) > 1) throw new Error('FaultHarness: one national site at most');
    if (options.sites?.length && options.hubCluster)
      throw new Error('FaultHarness: national sites join a one-server hub');
    const dir = mkdtempSync(join(tmpdir(), 'iren-faults-'));
    // PostgreSQL runs as `postgres`, which must reach its directory below this one.
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'logs'));
    const postgres = await PostgresServer.create(join(dir, 'pg'), await sparePort());
    const nats = options.hubCluster
      ? await NatsCluster.create(join(dir, 'nats'), NAMESPACE)
      : await NatsBroker.create(join(dir, 'nats'), await sparePort(), NAMESPACE, {
          leafnodes: !!options.sites?.length,
          sites: options.sites,
        });
    const pgProxy = new TcpProxy('127.0.0.1', postgres.port);
    const natsProxy = new TcpProxy('127.0.0.1', nats.port);
    const harness = new FaultHarness(dir, postgres, nats, pgProxy, natsProxy, await sparePort(), options);
    process.on('exit', harness.lastResort);
    try {
      await harness.boot();
      return harness;
    } catch (error) {
      await harness.stop({ keep: true });
      throw new Error(`${(error as Error).message} (logs in ${dir}/logs)`);
    }
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.gatewayPort}`;
  }

  /** The apps' database, straight to PostgreSQL: for the checker, never through the proxy. */
  get databaseUrl(): string {
    return this.postgres.url(DATABASE);
  }

  app(name: AppName): AppProcess {
    return this.apps[name];
  }

  /** The national site of `country`. */
  site(country: string): NationalSite {
    const site = this.sites.find((s) => s.country === country);
    if (!site) throw new Error(`no national site ${country} in this harness`);
    return site;
  }

  /** Where work waits, for the checker (`settle`): the hub, and each national site. */
  settleParts(): SettlePart[] {
    const hub: SettlePart = {
      name: 'hub',
      nats: () => this.connectNats(),
      db: () => this.connectDatabase(),
      outboxes: HUB_OUTBOXES,
      streams: HUB_STREAMS,
    };
    return [hub, ...this.sites.map((site) => site.settlePart())];
  }

  /** Every instance of `name`, the first (`app(name)`) first. */
  instancesOf(name: AppName): AppProcess[] {
    return [this.apps[name], ...this.moreInstances.filter((p) => p.app === name)];
  }

  /** Kills (-9 by default) and starts an app again on the same port; waits for its health unless told not to. */
  async restartApp(name: AppName, options: { signal?: NodeJS.Signals; waitHealthy?: boolean } = {}): Promise<void> {
    this.note(`${name}: ${options.signal ?? 'SIGKILL'} and restart`);
    await this.apps[name].restart(options.signal ?? 'SIGKILL', { waitHealthy: options.waitHealthy });
  }

  /** Kills every app at once (-9), then starts them again, the registry first. */
  async restartAllApps(): Promise<void> {
    this.note('all apps: SIGKILL together, then restart');
    await Promise.all(APP_NAMES.map((a) => this.apps[a].kill('SIGKILL')));
    await this.apps.registry.start();
    await Promise.all(APP_NAMES.filter((a) => a !== 'registry').map((a) => this.apps[a].start()));
  }

  /** A connection to NATS with every right in the account, straight to the server. */
  connectNats(): Promise<NatsConnection> {
    return this.nats.connect();
  }

  /** A client of the apps' database, straight to PostgreSQL; the caller ends it. */
  async connectDatabase(): Promise<Client> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    return client;
  }

  /** Every process of the network now: the four apps, nats-server and the postmaster. */
  processes(): NetworkProcess[] {
    return [
      ...APP_NAMES.map((name) => ({ name, pid: this.apps[name].pid })),
      ...this.moreInstances.map((p) => ({ name: `${p.app}#${this.instancesOf(p.app).indexOf(p) + 1}`, pid: p.pid })),
      { name: 'nats-server', pid: this.nats.pid },
      { name: 'postgres', pid: this.postgres.pid },
      ...this.sites.flatMap((site) => site.processes()),
    ];
  }

  note(line: string): void {
    this.options.log?.(line);
  }

  /** Stops the apps, the proxies and both servers, and removes the directory unless asked to keep it. */
  async stop(options: { keep?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.sites.map((site) => site.stop()));
    if (this.apps) await stopApps([...Object.values(this.apps), ...this.moreInstances]);
    await Promise.all([this.pgProxy.stop(), this.natsProxy.stop()]);
    await this.nats.stop().catch(() => this.nats.kill());
    await this.postgres.stop('fast').catch(() => this.postgres.stop('immediate'));
    process.off('exit', this.lastResort);
    const keep = options.keep || this.options.keep || process.env.IREN_FAULT_KEEP === '1';
    if (keep) this.note(`kept ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
  }

  private async boot(): Promise<void> {
    await this.postgres.start();
    // Before the hub's server starts: it is told to advertise the site's link.
    for (const country of this.options.sites ?? []) {
      const { postgres, nats } = this;
      if (!(nats instanceof NatsBroker)) throw new Error('national sites join a one-server hub');
      const site = await NationalSite.create({
        country,
        dir: this.dir,
        hub: nats,
        postgres,
        namespace: NAMESPACE,
        streamMaxBytes: STREAM_MAX_BYTES,
      });
      this.sites.push(site);
    }
    await this.nats.start();
    await this.pgProxy.start();
    await this.natsProxy.start();
    this.appEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NATS_URL: `nats://127.0.0.1:${this.natsProxy.port}`,
      NATS_CREDS_DIR: this.nats.credsDir,
      DATABASE_URL: this.postgres.url(DATABASE, this.pgProxy.port),
      IREN_NAMESPACE: NAMESPACE,
      IREN_ADMIN_TOKEN: this.adminToken,
      IREN_SEED_DEMO: 'false',
      // Small streams: JetStream reserves their size on disk.
      IREN_STREAM_MAX_BYTES: String(STREAM_MAX_BYTES),
      // Officers here publish far faster than people do: budgets that never bind.
      IREN_PUBLISH_PER_MINUTE: '1000000',
      IREN_REQUESTS_PER_MINUTE: '10000000',
      IREN_STREAMS_PER_NODE: '1000',
      LOG_LEVEL: process.env.IREN_FAULT_LOG_LEVEL ?? 'warn',
      ...(this.nats instanceof NatsCluster && {
        NATS_URL: this.nats.url,
        IREN_STREAM_REPLICAS: String(this.nats.size),
      }),
      ...(this.sites.length > 0 && { IREN_SITES: this.sites.map((site) => site.country).join(',') }),
      ...this.options.env,
    };
    const ports = new Map<AppName, number>([['gateway', this.gatewayPort]]);
    for (const app of APP_NAMES) if (!ports.has(app)) ports.set(app, await sparePort());
    this.apps = await startApps(
      this.appEnv,
      (app) => ports.get(app)!,
      (app) => ({ file: join(this.dir, 'logs', `${app}.log`) }),
    );
    for (const [app, count] of Object.entries(this.options.instances ?? {}) as [AppName, number][]) {
      for (let n = 2; n <= count; n += 1) {
        const file = join(this.dir, 'logs', `${app}-${n}.log`);
        this.moreInstances.push(new AppProcess({ app, env: this.appEnv, port: await sparePort(), output: { file } }));
      }
    }
    await Promise.all(this.moreInstances.map((p) => p.start()));
    for (const site of this.sites) await site.start(this.appEnv);
    this.note(
      `network up in ${this.dir} (gateway ${this.gatewayUrl}, PostgreSQL ${this.postgres.port}, NATS ${this.nats.port})`,
    );
  }

  /** When the process exits without `stop` (a crash, an interrupted test): kill what we started, synchronously. */
  private stopNow(): void {
    for (const app of [...Object.values(this.apps ?? {}), ...this.moreInstances]) app.killNow();
    for (const site of this.sites) site.stopNow();
    this.nats.killNow();
    this.postgres.stopNow();
  }
}
