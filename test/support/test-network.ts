import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import { ExchangeNames } from '@iren/contracts';
import { deleteStreams } from '@iren/messaging';
import {
  createRootLogger,
  dropDatabase,
  loadAuditConfig,
  loadGatewayConfig,
  loadRegistryConfig,
  loadRouterConfig,
} from '@iren/platform';
import { startAudit } from '../../apps/audit/src/audit.app';
import { startGateway } from '../../apps/gateway/src/gateway.app';
import { startRegistry } from '../../apps/registry/src/registry.app';
import { startRouter } from '../../apps/router/src/router.app';
import { TcpProxy } from './tcp-proxy';
import { connectPlumbing, removeRunCreds, runCredsDir, SHARED_BUS, type TestBus } from './test-bus';

export { NATS_URL } from './test-bus';
const PG_SERVER = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestNetwork {
  baseUrl: string;
  /** Each app's own HTTP root (`/health`, `/metrics`), the gateway's being `baseUrl`. */
  appUrls: Record<'registry' | 'audit' | 'router' | 'gateway', string>;
  adminToken: string;
  namespace: string;
  databaseUrl: string;
  names: ExchangeNames;
  /** Sits between the gateway and NATS: `pause()` makes NATS unreachable for the gateway alone. */
  gatewayNats: TcpProxy;
  /** The run's `NATS_CREDS_DIR` when the shared NATS requires authentication. */
  credsDir?: string;
  /** A connection outside the apps (to forge, to inspect), with every right when the bus is closed. */
  connectNats(): Promise<NatsConnection>;
  stop(): Promise<void>;
}

/** A unique suffix per run, so concurrent runs never share a database, stream or bucket. */
export function runId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Starts the four apps in this process on a fresh database and namespace, against the real
 * PostgreSQL and NATS; `stop()` closes them and removes everything the run created. On a NATS
 * that requires authentication, each app logs in with its own user, issued for this namespace.
 * `overrides` set or replace the apps' environment (a test's own rate limits, say).
 */
export async function startTestNetwork(
  bus: TestBus = SHARED_BUS,
  overrides: Record<string, string> = {},
): Promise<TestNetwork> {
  const id = runId();
  const namespace = `t${id}`;
  const databaseUrl = `${PG_SERVER}/iren_test_${id}`;
  const adminToken = `admin-${randomBytes(18).toString('hex')}`;
  const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
  const credsDir = await runCredsDir(namespace, bus);
  const env = {
    NATS_URL: bus.url,
    ...(credsDir && { NATS_CREDS_DIR: credsDir }),
    DATABASE_URL: databaseUrl,
    IREN_NAMESPACE: namespace,
    IREN_ADMIN_TOKEN: adminToken,
    PORT: '0',
    LOG_LEVEL: logLevel,
    IREN_SEED_DEMO: 'false',
    // Small streams: JetStream reserves their size, and test runs share one server.
    IREN_STREAM_MAX_BYTES: String(64 * 1024 ** 2),
    // Tests publish and poll with one token far faster than an officer: budgets that never bind,
    // unless a test sets its own.
    IREN_PUBLISH_PER_MINUTE: '1000000',
    IREN_REQUESTS_PER_MINUTE: '10000000',
    IREN_STREAMS_PER_NODE: '1000',
    // The gateway stops trusting its registry copy 5 s after it last caught up, so the tests that
    // cut it off from NATS see it refuse tokens without waiting for the production bound.
    IREN_REGISTRY_FOLLOW_SECONDS: '5',
    ...overrides,
  };
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(bus.url).port || 4222));
  const proxyPort = await proxy.start();
  const apps: INestApplication[] = [];
  const stop = async (): Promise<void> => {
    for (const app of apps.reverse()) await app.close().catch(() => undefined);
    await proxy.stop();
    await removeNamespace(namespace, bus);
    await dropDatabase(databaseUrl);
    removeRunCreds(credsDir);
  };
  try {
    apps.push(await startRegistry(loadRegistryConfig(env), createRootLogger('registry', logLevel)));
    apps.push(await startAudit(loadAuditConfig(env), createRootLogger('audit', logLevel)));
    const routerConfig = loadRouterConfig(env);
    apps.push(await startRouter(routerConfig, createRootLogger('router', logLevel)));
    // Through the proxy, with whatever user and password NATS_URL carries.
    const throughProxy = new URL(bus.url);
    throughProxy.hostname = '127.0.0.1';
    throughProxy.port = String(proxyPort);
    const gatewayEnv = { ...env, NATS_URL: throughProxy.toString() };
    const gateway = await startGateway(loadGatewayConfig(gatewayEnv), createRootLogger('gateway', logLevel));
    apps.push(gateway);
    const [registry, audit, router] = apps.map(urlOf);
    return {
      baseUrl: urlOf(gateway),
      appUrls: { registry, audit, router, gateway: urlOf(gateway) },
      adminToken,
      namespace,
      databaseUrl,
      names: new ExchangeNames(namespace),
      gatewayNats: proxy,
      ...(credsDir && { credsDir }),
      connectNats: () => connectPlumbing(bus),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function urlOf(app: INestApplication): string {
  const { port } = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

export async function removeNamespace(namespace: string, bus: TestBus = SHARED_BUS): Promise<void> {
  const nc = await connectPlumbing(bus);
  try {
    const names = new ExchangeNames(namespace);
    const jsm = await jetstreamManager(nc);
    await deleteStreams(jsm, names);
  } finally {
    await nc.close();
  }
}
