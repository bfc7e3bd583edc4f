/**
 * A network of the built apps for the end-to-end benchmarks: the four apps as processes on a
 * database and a namespace of their own, N nodes registered through the admin API, each watching
 * one UN/LOCODE of its own, so that an alert reaches exactly the nodes whose places its itinerary
 * names. Everything it made goes again in `close()`.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { ExchangeNames } from '@iren/contracts';
import { deleteStreams } from '@iren/messaging';
import { dropDatabase } from '@iren/platform';
import { parseSamples, type Sample, sampleValue } from '../../test/support/metrics-text';
import {
  APP_NAMES,
  type AppName,
  AppProcess,
  portsFrom,
  residentKb,
  startApps,
  stopApps,
} from '../../test/support/app-processes';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** The countries the benchmark's nodes belong to: the region the exchange serves. */
const COUNTRIES = ['KZ', 'UZ', 'KG', 'TJ', 'TM', 'AZ', 'GE', 'AM', 'MN', 'AF'];
/** Letters and digits a UN/LOCODE's place part may use (no 0 or 1). */
const PLACE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789';

export interface BenchNode {
  id: string;
  country: string;
  /** The one place the node watches: an alert whose itinerary names it reaches this node. */
  locode: string;
  token: string;
}

/** The `i`th benchmark node: its id and the place it watches, distinct for every `i` below 34². */
export function benchNode(i: number): Omit<BenchNode, 'token'> {
  const country = COUNTRIES[i % COUNTRIES.length];
  const n = Math.floor(i / COUNTRIES.length);
  const place = `Q${PLACE[Math.floor(n / PLACE.length) % PLACE.length]}${PLACE[n % PLACE.length]}`;
  return { id: `${country}-PCU-B${String(i).padStart(5, '0')}`, country, locode: `${country}${place}` };
}

export interface BenchNetworkOptions {
  /** The gateway's port; the other apps take the next ones. */
  port: number;
  /** Extra environment for every app. */
  env?: NodeJS.ProcessEnv;
}

/** The apps of one benchmark, their database and namespace, and an HTTP client of the gateway. */
export class BenchNetwork {
  readonly nodes: BenchNode[] = [];
  /** Gateways beyond the first (`addGateway`), on the same database and namespace. */
  private readonly moreGateways: AppProcess[] = [];

  private constructor(
    readonly names: ExchangeNames,
    readonly databaseUrl: string,
    readonly adminToken: string,
    readonly apps: Record<AppName, AppProcess>,
    readonly port: number,
    readonly logFile: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Starts the apps on a fresh database and namespace; their output goes to a file under the temp directory. */
  static async start(options: BenchNetworkOptions): Promise<BenchNetwork> {
    const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    const names = new ExchangeNames(`bench${run}`);
    const databaseUrl = `${PG_URL}/iren_bench_${run}`;
    const admin = randomBytes(24).toString('hex');
    const logFile = join(tmpdir(), `iren-bench-${run}.log`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NATS_URL,
      DATABASE_URL: databaseUrl,
      IREN_NAMESPACE: names.namespace,
      IREN_ADMIN_TOKEN: admin,
      IREN_SEED_DEMO: 'false',
      IREN_STREAM_MAX_BYTES: String(1024 ** 3),
      // Budgets that never bind: door.bench.ts measures them; here they would only cap the figures.
      IREN_PUBLISH_PER_MINUTE: '1000000',
      IREN_REQUESTS_PER_MINUTE: '10000000',
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    let apps: Record<AppName, AppProcess> | undefined;
    try {
      apps = await startApps(env, portsFrom(options.port), () => ({ file: logFile }));
    } catch (error) {
      await cleanUp(names, databaseUrl);
      throw new Error(`the apps did not start (their output: ${logFile}): ${String(error)}`);
    }
    const network = new BenchNetwork(names, databaseUrl, admin, apps, options.port, logFile, env);
    openNetworks.add(network);
    return network;
  }

  get api(): string {
    return `http://127.0.0.1:${this.port}/api/v1`;
  }

  /** Every gateway's API: the first gateway's, then those `addGateway` started. */
  get apis(): string[] {
    return [this.api, ...this.moreGateways.map((g) => `http://127.0.0.1:${g.port}/api/v1`)];
  }

  /**
   * Starts one more gateway on the same database and namespace (gateways run side by side: they
   * share the inbox consumer and the outbox), on a port above the other apps'.
   */
  async addGateway(): Promise<void> {
    const port = this.port + 1 + APP_NAMES.length + this.moreGateways.length;
    const gateway = new AppProcess({ app: 'gateway', env: this.env, port, output: { file: this.logFile } });
    await gateway.start();
    this.moreGateways.push(gateway);
  }

  /** The running apps' process ids, each with its app's name (every gateway counts as `gateway`). */
  appPids(): Map<number, string> {
    const running = [...Object.values(this.apps), ...this.moreGateways];
    return new Map(running.flatMap((app) => (app.pid === undefined ? [] : [[app.pid, app.app] as [number, string]])));
  }

  /** Stops the gateways `addGateway` started (a gateway in hand of a batch finishes it first). */
  async removeGateways(): Promise<void> {
    await stopApps(this.moreGateways.splice(0));
  }

  /** One request to the gateway's API; throws unless it answers `expected`. */
  async call<T>(method: string, path: string, token: string, body?: unknown, expected = [200, 201, 202]): Promise<T> {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Registers nodes `from` to `from + count - 1` (`benchNode`), each subscribed to its own place
   * and with its signing key made,
   * `concurrency` at a time; `extraFilters` adds filters to each node's subscription (that match
   * nothing the benchmarks send). Resolves with how long it took, in ms.
   */
  async registerNodes(
    count: number,
    concurrency = 8,
    extraFilters: (i: number) => object[] = () => [],
  ): Promise<number> {
    const started = performance.now();
    const from = this.nodes.length;
    let next = from;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < from + count) {
          const i = next++;
          const node = benchNode(i);
          const { token } = await this.call<{ token: string }>('POST', '/nodes', this.adminToken, {
            id: node.id,
            type: 'PCU',
            country: node.country,
            name: `Benchmark node ${i}`,
            locodes: [node.locode],
          });
          await this.call('PUT', `/nodes/${node.id}/subscription`, token, {
            filters: [{ locodes: [node.locode] }, ...extraFilters(i)],
          });
          // The gateway's signing key for the node, which its first publication would otherwise make
          // (a registry round trip, once per node): the figures are of a network in use.
          await this.call('POST', `/nodes/${node.id}/keys`, token, {});
          this.nodes[i] = { ...node, token };
        }
      }),
    );
    return performance.now() - started;
  }

  /** A client of the gateway's database (the caller ends it). */
  async database(): Promise<Client> {
    const db = new Client({ connectionString: this.databaseUrl });
    // Stopped by a signal, the benchmark drops its database under this client: an error event not
    // listened to would end the process before the cleanup reports.
    db.on('error', (error) => console.error(`benchmark database connection: ${error.message}`));
    await db.connect();
    return db;
  }

  /** Resident memory of each app now, in MiB (VmRSS). */
  residentMiB(): Record<AppName, number> {
    return Object.fromEntries(
      APP_NAMES.map((app) => [app, (residentKb(this.apps[app].pid) ?? Number.NaN) / 1024]),
    ) as Record<AppName, number>;
  }

  /** Each app's V8 heap in use, as its own `/metrics` reports it (`nodejs_heap_size_used_bytes`). */
  async heapUsedMiB(): Promise<Record<AppName, number>> {
    const used = await Promise.all(
      APP_NAMES.map(async (app) => {
        const samples = parseSamples(await this.scrape(app));
        return (sampleValue(samples, 'nodejs_heap_size_used_bytes') ?? Number.NaN) / (1024 * 1024);
      }),
    );
    return Object.fromEntries(APP_NAMES.map((app, i) => [app, used[i]])) as Record<AppName, number>;
  }

  private async scrape(app: AppName): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.apps[app].port}/metrics`, {
      headers: { authorization: `Bearer ${this.adminToken}` },
    });
    return response.text();
  }

  /**
   * Where work waits, as the apps' own `/metrics` report it (consumer lag is read from JetStream at
   * most 2 s before): the gateway's unsent outbox rows and each durable consumer's pending and
   * unacknowledged messages.
   */
  async backlog(): Promise<string> {
    const scrape = async (app: AppName) => parseSamples(await this.scrape(app));
    const [gateway, router, audit] = await Promise.all((['gateway', 'router', 'audit'] as const).map(scrape));
    const lag = (samples: Sample[], purpose: string) => {
      const consumer = { consumer: this.names.consumer(purpose) };
      const pending = sampleValue(samples, 'iren_consumer_pending_messages', consumer);
      const unacked = sampleValue(samples, 'iren_consumer_ack_pending_messages', consumer);
      return pending === undefined ? `${purpose} (not reported)` : `${purpose} pending ${pending}, unacked ${unacked}`;
    };
    return [
      `gateway outbox unsent ${sampleValue(gateway, 'iren_outbox_unsent_messages') ?? '(not reported)'}`,
      lag(router, 'router'),
      lag(gateway, 'gateway_inbox'),
      lag(audit, 'audit_exchange'),
      lag(audit, 'audit_events'),
    ].join('; ');
  }

  /** Stops the apps, deletes the namespace's streams and drops the database. */
  async close(): Promise<void> {
    openNetworks.delete(this);
    await stopApps([...Object.values(this.apps), ...this.moreGateways.splice(0)]);
    await cleanUp(this.names, this.databaseUrl);
  }
}

/**
 * The networks not yet closed. A benchmark stopped by the runner (SIGTERM at its time limit) or by
 * hand (SIGINT) closes them before it exits: its apps would otherwise outlive it.
 */
const openNetworks = new Set<BenchNetwork>();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping the benchmark's apps and removing its database and streams`);
    void Promise.allSettled([...openNetworks].map((n) => n.close())).then(() => process.exit(130));
  });
}

async function cleanUp(names: ExchangeNames, databaseUrl: string): Promise<void> {
  const nc = await connect({ servers: natsServers() });
  try {
    const jsm = await jetstreamManager(nc);
    await deleteStreams(jsm, names);
  } finally {
    await nc.close();
  }
  await dropDatabase(databaseUrl);
}

/** `NATS_URL` as the node transport's `servers` option takes it. */
export function natsServers(): string {
  return NATS_URL.replace(/^nats:\/\//, '');
}
