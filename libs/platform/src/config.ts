/**
 * Configuration shared by every app, read from the environment once at boot and validated.
 * A bad value stops the app with a message naming the variable; nothing else reads process.env.
 */

export interface BaseConfig {
  /**
   * NATS servers, comma-separated (`nats://hub-1:4222,nats://hub-2:4222,nats://hub-3:4222`): the
   * apps fail over between them. A user and password in a URL are used to log in.
   */
  natsUrl: string;
  /**
   * Directory of the services' NATS credentials files (`gateway.creds`, ...); absent: no bus
   * authentication, which the apps warn about at start and in `/health`.
   */
  natsCredsDir?: string;
  databaseUrl: string;
  namespace: string;
  logLevel: string;
  /** Copies JetStream keeps of every stream and of the registry bucket (1 on one server, 3 in a cluster). */
  streamReplicas: number;
  /** Size limit of the EXCHANGE and INBOX streams; EVENTS get half, DLQ a quarter. JetStream reserves it. */
  streamMaxBytes: number;
  /**
   * How long after an outbox sent a message it is taken to be on the broker's disk, so that the
   * reconciler stops checking it: longer than the NATS server's sync interval.
   */
  reconcileAfterSeconds: number;
  /**
   * Where this app runs: at the hub, with the national sites it exchanges with by stream sourcing
   * (`IREN_SITES=KZ,UZ`, none by default), or at the national site of one country (`IREN_SITE=KZ`),
   * on that site's own NATS server and database. See docs/national-sites.md.
   */
  placement: Placement;
}

/** The hub and the countries with a national site of their own, or one national site. */
export type Placement = { at: 'hub'; sites: string[] } | { at: 'site'; country: string };

/** Nest injection token of the app's `Placement`. */
export const PLACEMENT = Symbol('PLACEMENT');

/**
 * Whether the apps placed at `placement` serve `node`'s officers and deliveries: a national site its
 * own country's nodes, the hub every other node. A node's country is the first two letters of its id.
 */
export function servesNode(placement: Placement, node: string): boolean {
  const country = node.slice(0, 2);
  return placement.at === 'site' ? country === placement.country : !placement.sites.includes(country);
}

/** An app that serves only `/health` (and its NATS handlers) over HTTP. */
export interface ServiceConfig extends BaseConfig {
  port: number;
}

/** How much one caller may ask of the gateway (DESIGN section 8: 429 with `Retry-After`). */
export interface RateLimits {
  /** Messages a token may publish per minute (`POST /messages`, withdrawals, amendments, feedback). */
  publishPerMinute: number;
  /** Other requests a token (or an address, without one) may make per minute. */
  requestsPerMinute: number;
  /** Live inbox streams one node may hold open at once. */
  streamsPerNode: number;
}

export interface GatewayConfig extends ServiceConfig {
  adminToken: string;
  /** Origins a browser may call the API from (CORS); none by default. */
  corsOrigins: string[];
  rateLimits: RateLimits;
  /** Largest request body accepted, in bytes; larger ones answer 413. */
  maxBodyBytes: number;
  /** How often, at most, the gateway looks for overdue feedback (it also wakes at the next known deadline). */
  deadlineScanMs: number;
  /**
   * How long the gateway trusts its copy of the registry without catching up with it (NATS away):
   * past it, it refuses node tokens rather than miss a revocation made meanwhile.
   */
  registryFollowSeconds: number;
}

/** The services that judge whether a published message is fresh: the router and the audit. */
export interface FreshnessConfig {
  /** A message created further than this from the time the exchange received it is refused. */
  clockSkewSeconds: number;
}

/** The audit service: when it signs checkpoints, and with which key. */
export interface AuditConfig extends ServiceConfig, FreshnessConfig {
  /** Sign a checkpoint once the tree has grown by this many entries since the last one. */
  checkpointEvery: number;
  /** Sign a checkpoint at least this often, in seconds, whenever the tree has grown. */
  checkpointSeconds: number;
  /** PEM of the Ed25519 checkpoint signing key; absent: a key generated and kept in the audit schema. */
  signingKeyPem?: string;
  /**
   * How long the ledger writer's lease stands without a renewal: a standby takes over a killed or
   * cut-off writer about this long after its last renewal (the writer stops at 0.8 of it).
   */
  ledgerLeaseSeconds: number;
}

export interface RouterConfig extends ServiceConfig, FreshnessConfig {
  /** Two alerts naming the same identifier at most this many days apart make a HIT. */
  hitWindowDays: number;
  /** A hit tells its two nodes of later alerts at most once in this many seconds, as a digest. */
  hitDigestSeconds: number;
}

export interface RegistryConfig extends ServiceConfig {
  adminToken: string;
  seedDemo: boolean;
  /** Where the demo seed writes the demo officers' tokens (owner-only); absent: they are only logged as issued. */
  demoTokensFile?: string;
}

/** Every variable any app reads, with its default; `docker-compose.yml` is checked against this list. */
export const ENVIRONMENT_VARIABLES = {
  NATS_URL: 'nats://127.0.0.1:4222',
  // Optional, so empty rather than undefined: no bus authentication.
  NATS_CREDS_DIR: '',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/iren',
  IREN_NAMESPACE: 'iren',
  IREN_ADMIN_TOKEN: undefined,
  // True only for the README's main command (npm start), which sets it.
  IREN_SEED_DEMO: 'false',
  IREN_DEMO_TOKENS_FILE: '',
  IREN_CORS_ORIGINS: '',
  IREN_PUBLISH_PER_MINUTE: '60',
  IREN_REQUESTS_PER_MINUTE: '600',
  IREN_STREAMS_PER_NODE: '5',
  PORT: '3000',
  LOG_LEVEL: 'info',
  IREN_MAX_BODY_BYTES: '262144',
  IREN_STREAM_REPLICAS: '1',
  // Optional, so empty rather than undefined: a hub without national sites.
  IREN_SITES: '',
  // Optional: set only for the apps of a national site, which then run on the site's servers.
  IREN_SITE: '',
  IREN_STREAM_MAX_BYTES: String(1024 ** 3),
  IREN_RECONCILE_AFTER_SECONDS: '300',
  IREN_DEADLINE_SCAN_MS: '60000',
  IREN_REGISTRY_FOLLOW_SECONDS: '180',
  IREN_HIT_WINDOW_DAYS: '90',
  IREN_HIT_DIGEST_SECONDS: '3600',
  IREN_CHECKPOINT_EVERY: '100',
  IREN_CHECKPOINT_SECONDS: '10',
  IREN_LEDGER_LEASE_SECONDS: '5',
  IREN_CLOCK_SKEW_SECONDS: '600',
  // Optional, so empty rather than undefined (undefined marks a required variable): no key given.
  IREN_AUDIT_SIGNING_KEY: '',
} as const satisfies Record<string, string | undefined>;

export type EnvironmentVariable = keyof typeof ENVIRONMENT_VARIABLES;

export class ConfigError extends Error {
  constructor(
    readonly variable: EnvironmentVariable,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: EnvironmentVariable): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? ENVIRONMENT_VARIABLES[name] : value;
}

function required(env: Env, name: EnvironmentVariable): string {
  const value = read(env, name);
  if (value === undefined) throw new ConfigError(name, 'is required');
  return value;
}

function url(env: Env, name: EnvironmentVariable, protocols: string[]): string {
  const value = required(env, name);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `"${value}" is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `"${value}" must use ${protocols.join(' or ')}`);
  }
  if (name === 'DATABASE_URL' && parsed.pathname.replace(/^\//, '') === '') {
    throw new ConfigError(name, `"${value}" must name a database`);
  }
  return value;
}

/** One server URL or several, comma-separated (a cluster's), each checked as `url` checks one. */
function serverUrls(env: Env, name: EnvironmentVariable, protocols: string[]): string {
  const value = required(env, name);
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '')) throw new ConfigError(name, `"${value}" has an empty server in its list`);
  for (const entry of entries) url({ [name]: entry }, name, protocols);
  return value;
}

function integer(env: Env, name: EnvironmentVariable, min: number, max: number): number {
  const value = required(env, name);
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
    throw new ConfigError(name, `"${value}" must be a whole number from ${min} to ${max}`);
  }
  return parsed;
}

function boolean(env: Env, name: EnvironmentVariable): boolean {
  const value = required(env, name).toLowerCase();
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(name, `"${value}" must be true or false`);
}

const COUNTRY = /^[A-Z]{2}$/;

/** `IREN_SITE` (an app of a national site) or `IREN_SITES` (the hub's list), never both. */
function placement(env: Env): Placement {
  const site = read(env, 'IREN_SITE') ?? '';
  const sites = (read(env, 'IREN_SITES') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const country of [site, ...sites].filter(Boolean)) {
    if (!COUNTRY.test(country)) {
      const name = country === site ? 'IREN_SITE' : 'IREN_SITES';
      throw new ConfigError(name, `"${country}" is not an ISO 3166-1 alpha-2 country code such as KZ`);
    }
  }
  if (site && sites.length > 0) {
    throw new ConfigError('IREN_SITE', "is set for the apps of a national site, IREN_SITES for the hub's: not both");
  }
  if (new Set(sites).size !== sites.length)
    throw new ConfigError('IREN_SITES', `"${sites.join(',')}" repeats a country`);
  return site ? { at: 'site', country: site } : { at: 'hub', sites };
}

/** A comma-separated list of web origins (`https://console.example.org`), each scheme, host and port only. */
function origins(env: Env, name: EnvironmentVariable): string[] {
  const value = read(env, name) ?? '';
  const list = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of list) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(name, `"${origin}" is not an origin such as https://console.example.org`);
    }
  }
  return list;
}

function adminToken(env: Env): string {
  const value = required(env, 'IREN_ADMIN_TOKEN');
  if (value.length < 24) throw new ConfigError('IREN_ADMIN_TOKEN', 'must be at least 24 characters');
  return value;
}

export function loadBaseConfig(env: Env): BaseConfig {
  const namespace = required(env, 'IREN_NAMESPACE');
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(namespace)) {
    throw new ConfigError('IREN_NAMESPACE', `"${namespace}" must be lower-case letters, digits or _ (max 32)`);
  }
  const logLevel = required(env, 'LOG_LEVEL');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not a pino level`);
  }
  const natsCredsDir = read(env, 'NATS_CREDS_DIR') || undefined;
  return {
    natsUrl: serverUrls(env, 'NATS_URL', ['nats:', 'tls:']),
    ...(natsCredsDir !== undefined && { natsCredsDir }),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    namespace,
    logLevel,
    streamReplicas: integer(env, 'IREN_STREAM_REPLICAS', 1, 5),
    streamMaxBytes: integer(env, 'IREN_STREAM_MAX_BYTES', 16 * 1024 ** 2, 2 ** 50),
    reconcileAfterSeconds: integer(env, 'IREN_RECONCILE_AFTER_SECONDS', 1, 86_400),
    placement: placement(env),
  };
}

export function loadServiceConfig(env: Env): ServiceConfig {
  return { ...loadBaseConfig(env), port: integer(env, 'PORT', 0, 65535) };
}

export function loadGatewayConfig(env: Env): GatewayConfig {
  return {
    ...loadServiceConfig(env),
    adminToken: adminToken(env),
    corsOrigins: origins(env, 'IREN_CORS_ORIGINS'),
    rateLimits: {
      publishPerMinute: integer(env, 'IREN_PUBLISH_PER_MINUTE', 1, 1_000_000),
      requestsPerMinute: integer(env, 'IREN_REQUESTS_PER_MINUTE', 1, 10_000_000),
      streamsPerNode: integer(env, 'IREN_STREAMS_PER_NODE', 1, 1000),
    },
    maxBodyBytes: integer(env, 'IREN_MAX_BODY_BYTES', 1024, 16 * 1024 * 1024),
    deadlineScanMs: integer(env, 'IREN_DEADLINE_SCAN_MS', 100, 86_400_000),
    registryFollowSeconds: integer(env, 'IREN_REGISTRY_FOLLOW_SECONDS', 1, 86_400),
  };
}

export function loadRegistryConfig(env: Env): RegistryConfig {
  const demoTokensFile = read(env, 'IREN_DEMO_TOKENS_FILE') || undefined;
  return {
    ...loadServiceConfig(env),
    adminToken: adminToken(env),
    seedDemo: boolean(env, 'IREN_SEED_DEMO'),
    ...(demoTokensFile !== undefined && { demoTokensFile }),
  };
}

/** The audit service's configuration: the common part, its checkpoint cadence and its optional signing key. */
export function loadAuditConfig(env: Env): AuditConfig {
  // Secrets stores often hand PEM over on one line with literal "\n" between its lines.
  const signingKeyPem = read(env, 'IREN_AUDIT_SIGNING_KEY')?.replace(/\\n/g, '\n') || undefined;
  if (signingKeyPem !== undefined && !signingKeyPem.includes('-----BEGIN PRIVATE KEY-----')) {
    throw new ConfigError('IREN_AUDIT_SIGNING_KEY', 'must be the PEM (PKCS#8) of an Ed25519 private key');
  }
  return {
    ...loadServiceConfig(env),
    checkpointEvery: integer(env, 'IREN_CHECKPOINT_EVERY', 1, 1_000_000),
    checkpointSeconds: integer(env, 'IREN_CHECKPOINT_SECONDS', 1, 86_400),
    ledgerLeaseSeconds: integer(env, 'IREN_LEDGER_LEASE_SECONDS', 1, 300),
    ...loadFreshnessConfig(env),
    ...(signingKeyPem !== undefined && { signingKeyPem }),
  };
}

/** The router's configuration: the common part, the window within which two alerts make a HIT, and the digest interval. */
export function loadRouterConfig(env: Env): RouterConfig {
  return {
    ...loadServiceConfig(env),
    hitWindowDays: integer(env, 'IREN_HIT_WINDOW_DAYS', 1, 3650),
    hitDigestSeconds: integer(env, 'IREN_HIT_DIGEST_SECONDS', 1, 7 * 24 * 3600),
    ...loadFreshnessConfig(env),
  };
}

function loadFreshnessConfig(env: Env): FreshnessConfig {
  return { clockSkewSeconds: integer(env, 'IREN_CLOCK_SKEW_SECONDS', 1, 86_400) };
}
