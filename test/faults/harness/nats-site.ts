import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { siteJetStreamDomain } from '@iren/contracts';
import {
  CREDS_FILES,
  findNatsServer,
  type NatsServerProcess,
  startNatsServer,
  writeSiteMaterial,
} from '@iren/messaging';
import { TcpProxy } from '../../support/tcp-proxy';
import type { NatsBroker } from './nats-broker';
import { sparePort } from './spare-port';

const COMMITTED_SITE_CONF = join(__dirname, '../../../deploy/nats/leaf-kz.conf');

/**
 * deploy/nats/leaf-kz.conf as a site would run it, on loopback and without TLS: its JetStream, its
 * remotes, its includes and its resolver as committed, its paths in `dir`, and its JetStream
 * domain that of `country` (the file is Kazakhstan's).
 */
export function siteServerConfig(dir: string, port: number, country: string): string {
  return readFileSync(COMMITTED_SITE_CONF, 'utf8')
    .replace(/\n\s*tls \{[^}]*\}/g, '')
    .replace('listen: 0.0.0.0:4222', `listen: 127.0.0.1:${port}`)
    .replace(/^http: .*$/m, '')
    .replace(/^(\s*)domain: kz$/m, `$1domain: ${siteJetStreamDomain(country)}`)
    .replaceAll('/etc/nats/', `${dir}/`)
    .replaceAll('/var/lib/nats-server', `${dir}/data`);
}

export interface NatsSiteOptions {
  /** The hub, made with `leafnodes: true` and this site among its `sites`; it is told to advertise the link's proxy (and restarted if running). */
  hub: NatsBroker;
  /** The site server's files: its material, configuration and JetStream store. */
  dir: string;
  /** ISO 3166-1 alpha-2 code of the site's country (`KZ`). */
  country: string;
  namespace: string;
}

/**
 * A national site's nats-server for one harness: the committed deploy/nats/leaf-kz.conf on
 * loopback (its own JetStream domain, operator mode with the hub's trust, leaf users written by
 * `writeSiteMaterial`), joined to the hub through a TCP proxy so that a test can cut the link
 * (`cutLink`: every connection dropped, new ones refused) and restore it. One site per hub: the
 * hub advertises this site's proxy as its leaf address.
 */
export class NatsSite {
  private server?: NatsServerProcess;
  private cut = false;
  /** Whether the link's proxy listens: from `create` until `stop`, and not while cut. */
  private linkListening = true;

  private constructor(
    readonly country: string,
    readonly port: number,
    private readonly config: string,
    private readonly binary: string,
    private readonly link: TcpProxy,
    private readonly credsDir: string,
  ) {}

  static async create(options: NatsSiteOptions): Promise<NatsSite> {
    const { hub, dir, country, namespace } = options;
    const binary = findNatsServer();
    if (!binary) throw new Error('nats-server is not installed');
    if (hub.leafPort === undefined) throw new Error('the hub must be created with leafnodes: true');
    if (!hub.sites.includes(country)) {
      throw new Error(
        `the hub must be created with sites: ['${country}'], or its registry cannot make ${country}'s stream`,
      );
    }
    mkdirSync(dir, { recursive: true });
    const material = await writeSiteMaterial(hub.material.layout.dir, { country, namespace });
    for (const file of readdirSync(material)) copyFileSync(join(material, file), join(dir, file));
    const port = await sparePort();
    const config = join(dir, `leaf-${country.toLowerCase()}.conf`);
    writeFileSync(config, siteServerConfig(dir, port, country));
    const link = new TcpProxy('127.0.0.1', hub.leafPort);
    await link.start();
    await hub.advertiseLeafAt(`127.0.0.1:${link.port}`);
    return new NatsSite(country, port, config, binary, link, hub.credsDir);
  }

  /** The site's JetStream domain (`kz`): the hub reaches its API as `$JS.kz.API`. */
  get domain(): string {
    return siteJetStreamDomain(this.country);
  }

  /** `NATS_URL` for the site's apps and nodes. */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.running ? this.server?.child.pid : undefined;
  }

  get running(): boolean {
    const child = this.server?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** True from `cutLink` until `restoreLink`. */
  get linkCut(): boolean {
    return this.cut;
  }

  /** Starts the site server on its store and port; its leaf connections dial the hub through the proxy. */
  async start(): Promise<void> {
    if (this.running) throw new Error('the site server is already running');
    if (!this.cut && !this.linkListening) await this.openLink();
    const hub = `nats-leaf://127.0.0.1:${this.link.port}`;
    this.server = await startNatsServer({
      binary: this.binary,
      config: this.config,
      port: this.port,
      env: {
        ...process.env,
        IREN_SERVER_NAME: `${this.domain}-site-1`,
        IREN_HUB_1: hub,
        IREN_HUB_2: hub,
        IREN_HUB_3: hub,
      },
    });
  }

  /** Drops the leaf connections and refuses new ones until `restoreLink`: the site runs alone. */
  async cutLink(): Promise<void> {
    this.cut = true;
    await this.closeLink();
  }

  /** Accepts leaf connections again; the site reconnects on its own (within its reconnect delay, about 1 s). */
  async restoreLink(): Promise<void> {
    if (!this.cut) return;
    this.cut = false;
    await this.openLink();
  }

  private async openLink(): Promise<void> {
    await this.link.resume();
    this.linkListening = true;
  }

  private async closeLink(): Promise<void> {
    if (this.linkListening) await this.link.pause();
    this.linkListening = false;
  }

  /** A connection with every right in the account (the operators' user, the hub's `ops.creds`), to the site server. */
  connect(): Promise<NatsConnection> {
    const ops = readFileSync(join(this.credsDir, CREDS_FILES.ops));
    return connect({ servers: `127.0.0.1:${this.port}`, authenticator: credsAuthenticator(ops) });
  }

  /** SIGTERM (JetStream writes out its state before it exits), and the link's proxy closed until `start`. */
  async stop(): Promise<void> {
    if (this.running) await this.server!.stop(10_000);
    await this.closeLink();
  }

  /** SIGKILL: no chance to write anything out. The link's proxy stays as it was. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.server!.child.kill('SIGKILL');
    await this.server!.exited;
  }

  /** Synchronous last resort for an exiting parent. */
  killNow(): void {
    if (this.running) this.server!.child.kill('SIGKILL');
  }

  /** What the server logged (its stderr) since it last started. */
  log(): string {
    return this.server?.output() ?? '';
  }
}
