import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { join } from 'node:path';
import { Client } from 'pg';
import { ExchangeNames } from '@iren/contracts';
import { ensureSiteStreams } from '@iren/messaging';
import { AppProcess } from '../../support/app-processes';
import { apiClient } from '../../support/http';
import type { SettlePart } from '../check/settle';
import type { NatsBroker } from './nats-broker';
import { NatsSite } from './nats-site';
import type { PostgresServer } from './postgres-server';
import { sparePort } from './spare-port';

export interface NationalSiteOptions {
  /** ISO 3166-1 alpha-2 code of the site's country (`KZ`). */
  country: string;
  /** The harness's directory: the site's server lives in `sites/<cc>/`, its apps log to `logs/<app>-<cc>.log`. */
  dir: string;
  /** The hub's server, made with `leafnodes: true`. */
  hub: NatsBroker;
  /** The PostgreSQL server the site's database is made on (a database of its own, `iren_<cc>`). */
  postgres: PostgresServer;
  namespace: string;
  streamMaxBytes: number;
}

/**
 * A national site on loopback, as issue 12 deploys one: its own nats-server with its own JetStream
 * domain, joined to the hub as a leaf node through a link a test can cut (`NatsSite`); its streams
 * as `npm run site:streams` lays them out; its own database; and its own gateway and router
 * (`IREN_SITE`), so its officers publish and read their inboxes while the link is down.
 */
export class NationalSite {
  readonly names: ExchangeNames;
  readonly country: string;
  private readonly database: string;
  private readonly apps: Record<'gateway' | 'router', AppProcess | undefined> = {
    gateway: undefined,
    router: undefined,
  };

  private constructor(
    readonly nats: NatsSite,
    private readonly options: NationalSiteOptions,
  ) {
    this.country = options.country;
    this.names = new ExchangeNames(options.namespace);
    this.database = `${options.namespace}_${this.country.toLowerCase()}`;
  }

  /**
   * Makes the site's server (not started) and its link: call it before the hub's server starts, since
   * the hub is told to advertise the link (`NatsSite`).
   */
  static async create(options: NationalSiteOptions): Promise<NationalSite> {
    const { country, dir, hub, namespace } = options;
    const nats = await NatsSite.create({ hub, dir: join(dir, 'sites', country.toLowerCase()), country, namespace });
    return new NationalSite(nats, options);
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.gateway.port}`;
  }

  /** A client of the site's gateway's API. */
  get api(): ReturnType<typeof apiClient> {
    return apiClient(this.gatewayUrl);
  }

  get gateway(): AppProcess {
    return this.started(this.apps.gateway);
  }

  get router(): AppProcess {
    return this.started(this.apps.router);
  }

  /**
   * Starts the site's server, lays out its streams, then its router and gateway, which take the hub
   * apps' environment (`hubEnv`) on the site's server and database, as the site's (`IREN_SITE`).
   */
  async start(hubEnv: NodeJS.ProcessEnv): Promise<void> {
    const cc = this.country.toLowerCase();
    const { IREN_SITES: _theHubs, ...common } = hubEnv;
    const env = {
      ...common,
      NATS_URL: this.nats.url,
      DATABASE_URL: this.options.postgres.url(this.database),
      IREN_SITE: this.country,
      IREN_STREAM_REPLICAS: '1',
    };
    const app = (name: 'gateway' | 'router', port: number) =>
      new AppProcess({ app: name, env, port, output: { file: join(this.options.dir, 'logs', `${name}-${cc}.log`) } });
    // Chosen now, with the hub's apps listening: a port chosen before could be theirs by then.
    this.apps.gateway = app('gateway', await sparePort());
    this.apps.router = app('router', await sparePort());
    await this.nats.start();
    const nc = await this.nats.connect();
    try {
      const settings = { replicas: 1, maxBytes: this.options.streamMaxBytes };
      await ensureSiteStreams(await jetstreamManager(nc), this.names, this.country, settings);
    } finally {
      await nc.close();
    }
    await Promise.all([this.router.start(), this.gateway.start()]);
  }

  /** A connection with every right in the account, to the site's server. */
  connectNats(): Promise<NatsConnection> {
    return this.nats.connect();
  }

  /** A client of the site's database; the caller ends it. */
  async connectDatabase(): Promise<Client> {
    const client = new Client({ connectionString: this.options.postgres.url(this.database) });
    await client.connect();
    return client;
  }

  /** Where work waits at the site, for the checker: its gateway's outbox, its streams and the hub's deliveries to relay. */
  settlePart(): SettlePart {
    return {
      name: `site ${this.country}`,
      nats: () => this.connectNats(),
      db: () => this.connectDatabase(),
      outboxes: ['gateway'],
      streams: ['EXCHANGE', 'INBOX', 'EVENTS', 'FROM_HUB'],
    };
  }

  processes(): { name: string; pid: number | undefined }[] {
    const cc = this.country.toLowerCase();
    return [
      { name: `gateway@${cc}`, pid: this.apps.gateway?.pid },
      { name: `router@${cc}`, pid: this.apps.router?.pid },
      { name: `nats-server@${cc}`, pid: this.nats.pid },
    ];
  }

  async stop(): Promise<void> {
    await Promise.all([this.apps.gateway?.dispose(), this.apps.router?.dispose()]);
    await this.nats.stop().catch(() => this.nats.kill());
  }

  stopNow(): void {
    this.apps.gateway?.killNow();
    this.apps.router?.killNow();
    this.nats.killNow();
  }

  private started(app: AppProcess | undefined): AppProcess {
    if (!app) throw new Error(`site ${this.country} is not started`);
    return app;
  }
}
