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
import { APP_NAMES, type AppName, type AppProcess, startApps, stopApps } from '../../support/app-processes';
import { apiClient } from '../../support/http';
import { TcpProxy } from '../../support/tcp-proxy';
import { NatsBroker } from './nats-broker';
import { PostgresServer } from './postgres-server';
import { sparePort } from './spare-port';

const NAMESPACE = 'iren';
const DATABASE = 'iren';

export interface FaultHarnessOptions {
  /** Added to (or replacing) the apps' environment. */
  env?: Record<string, string>;
  /** Keep the directory (logs, data, store) after `stop`; also `IREN_FAULT_KEEP=1`. */
  keep?: boolean;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
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
  /** The environment every app runs with (a job run beside them, such as the reconciliation, takes it too). */
  appEnv!: NodeJS.ProcessEnv;
  private stopped = false;
  private readonly lastResort = () => this.stopNow();

  private constructor(
    readonly dir: string,
    readonly postgres: PostgresServer,
    readonly nats: NatsBroker,
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
    const dir = mkdtempSync(join(tmpdir(), 'iren-faults-'));
    // PostgreSQL runs as `postgres`, which must reach its directory below this one.
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'logs'));
    const postgres = await PostgresServer.create(join(dir, 'pg'), await sparePort());
    const nats = await NatsBroker.create(join(dir, 'nats'), await sparePort(), NAMESPACE);
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
      { name: 'nats-server', pid: this.nats.pid },
      { name: 'postgres', pid: this.postgres.pid },
    ];
  }

  note(line: string): void {
    this.options.log?.(line);
  }

  /** Stops the apps, the proxies and both servers, and removes the directory unless asked to keep it. */
  async stop(options: { keep?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.apps) await stopApps(Object.values(this.apps));
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
      IREN_STREAM_MAX_BYTES: String(64 * 1024 ** 2),
      // Officers here publish far faster than people do: budgets that never bind.
      IREN_PUBLISH_PER_MINUTE: '1000000',
      IREN_REQUESTS_PER_MINUTE: '10000000',
      IREN_STREAMS_PER_NODE: '1000',
      LOG_LEVEL: process.env.IREN_FAULT_LOG_LEVEL ?? 'warn',
      ...this.options.env,
    };
    const ports = new Map<AppName, number>([['gateway', this.gatewayPort]]);
    for (const app of APP_NAMES) if (!ports.has(app)) ports.set(app, await sparePort());
    this.apps = await startApps(
      this.appEnv,
      (app) => ports.get(app)!,
      (app) => ({ file: join(this.dir, 'logs', `${app}.log`) }),
    );
    this.note(
      `network up in ${this.dir} (gateway ${this.gatewayUrl}, PostgreSQL ${this.postgres.port}, NATS ${this.nats.port})`,
    );
  }

  /** When the process exits without `stop` (a crash, an interrupted test): kill what we started, synchronously. */
  private stopNow(): void {
    for (const app of Object.values(this.apps ?? {})) app.killNow();
    this.nats.killNow();
    this.postgres.stopNow();
  }
}
