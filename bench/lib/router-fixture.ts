/**
 * The router's benchmark network (`bench/router.bench.ts`): the built registry, gateway and router
 * as processes on a database and namespace of their own (no audit: nothing else should read
 * `EXCHANGE` while the router is timed), origins that sign with keys of their own, subscriber
 * nodes registered through the gateway's admin API, and alerts signed and published to `EXCHANGE`
 * the way a node's own system publishes them (its publish subject, `Nats-Msg-Id` = envelope id).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import {
  containerCheckDigit,
  type Envelope,
  EnvelopeDto,
  ExchangeNames,
  newSigningKeyPair,
  privateKeyOf,
  signEnvelope,
  type SigningKey,
  signingKeyId,
  validatePlain,
} from '@iren/contracts';
import { deleteStreams } from '@iren/messaging';
import { dropDatabase } from '@iren/platform';
import { type AppName, AppProcess, portsFrom, stopApps } from '../../test/support/app-processes';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** The nodes that publish: each signs with a key its own system holds (registered as `holder: node`). */
const ORIGINS = ['AZ-PCU-BAKU', 'GE-PCU-POTI', 'TM-PCU-TURKMENBASHI', 'PK-PCU-KARACHI'];
/** Countries of the subscriber nodes and of the places their filters watch. */
const COUNTRIES = ['KZ', 'UZ', 'KG', 'TJ', 'TM', 'AZ', 'GE', 'AM', 'MN', 'AF'];
/** Letters and digits a UN/LOCODE's place part may use (no 0 or 1). */
const PLACE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789';
/** Places the filters watch: a region's worth, so that many filters share each place. */
const PLACES = 300;
/** Real HS chapters (01 to 97 without 77), for filter prefixes the validators accept. */
const CHAPTERS = Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')).filter((c) => c !== '77');
/** Subscribers each alert is built to reach. */
export const RECIPIENTS_PER_ALERT = 3;

/** The place filter `g` watches. */
function placeOf(g: number): string {
  const p = g % PLACES;
  return `${COUNTRIES[p % COUNTRIES.length]}Q${PLACE[Math.floor(p / PLACE.length) % PLACE.length]}${PLACE[p % PLACE.length]}`;
}

/** The HS subheading filter `g` watches: distinct for every filter, so only the filters an alert targets match it. */
function subheadingOf(g: number): string {
  return `${CHAPTERS[g % CHAPTERS.length]}${String(Math.floor(g / CHAPTERS.length)).padStart(4, '0')}`;
}

/**
 * The subscriptions of one size: `filters` filters (a place and a subheading each) spread over the
 * first `min(nodes, filters)` subscriber nodes, filter `g` to node `g mod that`.
 */
export class SubscriptionLayout {
  readonly owners: number;

  constructor(
    readonly filters: number,
    nodes: number,
  ) {
    this.owners = Math.min(nodes, filters);
  }

  filtersOf(node: number): { locodes: string[]; hsPrefixes: string[] }[] {
    const mine: { locodes: string[]; hsPrefixes: string[] }[] = [];
    for (let g = node; g < this.filters; g += this.owners)
      mine.push({ locodes: [placeOf(g)], hsPrefixes: [subheadingOf(g)] });
    return mine;
  }

  /**
   * One filter of every node that holds some, the last one it was given, in groups of at most 50
   * (an itinerary's limit): a node's filters are replaced at once, so a router that matches these
   * holds the whole layout.
   */
  lastFilters(): number[][] {
    const last = Array.from(
      { length: this.owners },
      (_, i) => i + Math.floor((this.filters - 1 - i) / this.owners) * this.owners,
    );
    return Array.from({ length: Math.ceil(last.length / 50) }, (_, k) => last.slice(k * 50, k * 50 + 50));
  }

  /** The filters alert `a` is built to match: three, a third of the filters apart, so of three nodes. */
  targetsOf(a: number): number[] {
    const step = Math.floor(this.filters / RECIPIENTS_PER_ALERT);
    return Array.from({ length: RECIPIENTS_PER_ALERT }, (_, k) => (a + k * step) % this.filters);
  }
}

/** A valid ISO 6346 container number for serial `i` (owner code BENU): each alert its own. */
function containerNumber(i: number): string {
  const serial = String(i % 1_000_000).padStart(6, '0');
  return `BENU${serial}${containerCheckDigit(`BENU${serial}`)}`;
}

/** An AMBER alert from `origin` whose itinerary and goods are those of the target filters, and nothing else's. */
function alertEnvelope(origin: string, serial: number, targets: number[]): Envelope {
  const roles = ['LOADING', 'TRANSSHIPMENT', 'DISCHARGE'] as const;
  return {
    id: randomUUID(),
    kind: 'ALERT',
    origin,
    createdAt: new Date().toISOString(),
    tlp: 'AMBER',
    to: { nodes: [], countries: [], groups: [] },
    body: {
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title: `Router benchmark alert ${serial}`,
      summary: 'Suspected falsified antibiotics; new consignee; route deviation through the Caspian.',
      lang: 'en',
      transport: { containers: [containerNumber(serial)], awbs: [] },
      itinerary: targets.map((g, k) => ({ locode: placeOf(g), role: roles[k % roles.length] })),
      goods: targets.map((g) => ({
        hsCode: subheadingOf(g),
        description: 'Antibiotics, retail packs',
        quantity: 1200,
        unit: 'PCS',
      })),
      indicators: ['ROUTE_DEVIATION'],
      requestedAction: 'EXAMINE',
    },
  } as Envelope;
}

/** One signed alert, ready to publish: its subject, dedupe id and bytes. */
export interface SignedAlert {
  subject: string;
  msgId: string;
  data: Uint8Array;
}

export interface RouterNetworkOptions {
  /** The gateway's port; the registry and router take the ones `portsFrom` gives. */
  port: number;
  /** Subscriber nodes registered (at most 100 filters each: the API's limit). */
  nodes: number;
}

export class RouterNetwork {
  private readonly keys = new Map<string, SigningKey>();
  private serial = 0;
  private checked = false;
  /** Whose filters were last replaced, so a smaller size empties the rest. */
  private subscribed = 0;

  private constructor(
    readonly names: ExchangeNames,
    readonly databaseUrl: string,
    private readonly admin: string,
    readonly apps: Record<'registry' | 'gateway' | 'router', AppProcess>,
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly db: Client,
    readonly nodes: string[],
    readonly logFile: string,
  ) {}

  /** Starts the registry, then the gateway and the router (whose durable consumer then exists), and registers the nodes. */
  static async start(options: RouterNetworkOptions): Promise<RouterNetwork> {
    const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    const names = new ExchangeNames(`benchr${run}`);
    const databaseUrl = `${PG_URL}/iren_bench_${run}`;
    const admin = randomBytes(24).toString('hex');
    const logFile = join(tmpdir(), `iren-router-bench-${run}.log`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NATS_URL,
      DATABASE_URL: databaseUrl,
      IREN_NAMESPACE: names.namespace,
      IREN_ADMIN_TOKEN: admin,
      IREN_SEED_DEMO: 'false',
      IREN_STREAM_MAX_BYTES: String(384 * 1024 ** 2),
      IREN_PUBLISH_PER_MINUTE: '1000000',
      IREN_REQUESTS_PER_MINUTE: '10000000',
      LOG_LEVEL: 'warn',
    };
    const portOf = portsFrom(options.port);
    const app = (name: AppName) => new AppProcess({ app: name, env, port: portOf(name), output: { file: logFile } });
    const apps = { registry: app('registry'), gateway: app('gateway'), router: app('router') };
    const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
    let db: Client | undefined;
    try {
      await apps.registry.start();
      await Promise.all([apps.gateway.start(), apps.router.start()]);
      db = new Client({ connectionString: databaseUrl });
      await db.connect();
      const network = new RouterNetwork(
        names,
        databaseUrl,
        admin,
        apps,
        nc,
        jetstream(nc),
        await jetstreamManager(nc),
        db,
        [],
        logFile,
      );
      await network.register(options.nodes);
      return network;
    } catch (error) {
      await stopApps(Object.values(apps));
      await db?.end();
      await removeRun(nc, names, databaseUrl);
      throw new Error(`the router's network did not start (apps' output: ${logFile}): ${String(error)}`);
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${this.apps.gateway.port}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.admin}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Runs `task` for 0..count-1, `concurrency` at a time. */
  private static async each(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) await task(next++);
      }),
    );
  }

  private async register(count: number): Promise<void> {
    for (const origin of ORIGINS) {
      const [country, type] = origin.split('-');
      await this.call('POST', '/nodes', { id: origin, type, country, name: origin, locodes: [] });
      const { publicKeyPem, privateKeyPem } = newSigningKeyPair();
      await this.call('POST', `/nodes/${origin}/keys`, { publicKey: publicKeyPem });
      this.keys.set(origin, { keyId: signingKeyId(origin, publicKeyPem), privateKey: privateKeyOf(privateKeyPem) });
    }
    for (let i = 0; i < count; i++)
      this.nodes.push(`${COUNTRIES[i % COUNTRIES.length]}-PCU-R${String(i).padStart(5, '0')}`);
    await RouterNetwork.each(count, 16, async (i) => {
      const id = this.nodes[i];
      await this.call('POST', '/nodes', {
        id,
        type: 'PCU',
        country: id.slice(0, 2),
        name: `Router benchmark node ${i}`,
        locodes: [],
      });
    });
  }

  /** Gives every subscriber node its filters of `layout` (through the gateway, which must be running). */
  async subscribe(layout: SubscriptionLayout): Promise<void> {
    const touched = Math.max(this.subscribed, layout.owners);
    await RouterNetwork.each(touched, 8, (i) =>
      this.call('PUT', `/nodes/${this.nodes[i]}/subscription`, {
        filters: i < layout.owners ? layout.filtersOf(i) : [],
      }),
    );
    this.subscribed = layout.owners;
  }

  /** `count` alerts built for `layout`, signed by their origins. */
  signAlerts(layout: SubscriptionLayout, count: number): SignedAlert[] {
    return Array.from({ length: count }, (_, a) => this.signedAlert(ORIGINS[a % ORIGINS.length], layout.targetsOf(a)));
  }

  /** An alert matching the `targets` filters and nothing else, signed by `origin`; the first one made is checked against the envelope DTO. */
  private signedAlert(origin: string, targets: number[]): SignedAlert {
    const envelope = signEnvelope(alertEnvelope(origin, this.serial++, targets), this.keys.get(origin)!);
    if (!this.checked) {
      const { errors } = validatePlain(EnvelopeDto, envelope);
      if (errors.length > 0)
        throw new Error(`the benchmark's alert is not a valid envelope: ${JSON.stringify(errors)}`);
      this.checked = true;
    }
    const data = new TextEncoder().encode(JSON.stringify(envelope));
    return { subject: this.names.publishSubject(origin, 'ALERT'), msgId: envelope.id, data };
  }

  /** Publishes `alerts`, each to `subjectOf` it (its publish subject by default), 256 in flight. */
  async publish(alerts: SignedAlert[], subjectOf: (alert: SignedAlert) => string = (a) => a.subject): Promise<void> {
    for (let i = 0; i < alerts.length; i += 256) {
      await Promise.all(alerts.slice(i, i + 256).map((a) => this.js.publish(subjectOf(a), a.data, { msgID: a.msgId })));
    }
  }

  /**
   * Routes alerts that each node's last filter of `layout` matches and answers how many of those
   * nodes they reached once the router recorded them (undefined after `timeoutMs`): the router's
   * view holds the layout when it is all of them.
   */
  async probe(layout: SubscriptionLayout, timeoutMs = 10_000): Promise<number | undefined> {
    const probes = layout.lastFilters().map((targets) => this.signedAlert(ORIGINS[0], targets));
    await this.publish(probes);
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const { rows } = await this.db.query(
        'SELECT count(*)::int AS routed, coalesce(sum(jsonb_array_length(recipients)), 0)::int AS reached FROM router.routed_messages WHERE message_id = ANY($1::uuid[])',
        [probes.map((p) => p.msgId)],
      );
      const { routed, reached } = rows[0] as { routed: number; reached: number };
      if (routed === probes.length) return reached;
      await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  }

  /** Messages the router's durable consumer has not yet acknowledged. */
  async routerBacklog(): Promise<number> {
    const info = await this.jsm.consumers.info(this.names.stream('EXCHANGE'), this.names.consumer('router'));
    return info.num_pending + info.num_ack_pending;
  }

  /** Messages the router recorded as routed, and their recipients. */
  async routed(): Promise<{ messages: number; recipients: number }> {
    const { rows } = await this.db.query(
      'SELECT count(*)::int AS messages, coalesce(sum(jsonb_array_length(recipients)), 0)::int AS recipients FROM router.routed_messages',
    );
    return rows[0] as { messages: number; recipients: number };
  }

  /** Messages the network dead-lettered (a refused alert would make the figures meaningless). */
  async deadLetters(): Promise<number> {
    return (await this.jsm.streams.info(this.names.stream('DLQ'))).state.messages;
  }

  /** How many of the last `count` routed messages each subscriber was given, fewest first (to explain a shortfall). */
  async recipientCounts(count: number): Promise<string> {
    const { rows } = await this.db.query(
      `SELECT r->>'node' AS node, count(*)::int AS n
         FROM (SELECT recipients FROM router.routed_messages ORDER BY routed_at DESC LIMIT $1) m,
              jsonb_array_elements(m.recipients) r
        GROUP BY 1 ORDER BY 2 LIMIT 10`,
      [count],
    );
    return rows.map((r: { node: string; n: number }) => `${r.node} ${r.n}`).join(', ');
  }

  /** Stops the apps, deletes the namespace's streams and drops the database. */
  async close(): Promise<void> {
    await stopApps(Object.values(this.apps));
    await this.db.end().catch(() => undefined);
    await removeRun(this.nc, this.names, this.databaseUrl);
  }
}

async function removeRun(nc: NatsConnection, names: ExchangeNames, databaseUrl: string): Promise<void> {
  try {
    await deleteStreams(await jetstreamManager(nc), names);
  } finally {
    await nc.close();
    await dropDatabase(databaseUrl);
  }
}
