import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
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

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PG_SERVER = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestNetwork {
  baseUrl: string;
  adminToken: string;
  namespace: string;
  databaseUrl: string;
  names: ExchangeNames;
  /** Sits between the gateway and NATS: `pause()` makes NATS unreachable for the gateway alone. */
  gatewayNats: TcpProxy;
  stop(): Promise<void>;
}

/** A unique suffix per run, so concurrent runs never share a database, stream or bucket. */
export function runId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Starts the four apps in this process on a fresh database and namespace, against the real
 * PostgreSQL and NATS; `stop()` closes them and removes everything the run created.
 */
export async function startTestNetwork(): Promise<TestNetwork> {
  const id = runId();
  const namespace = `t${id}`;
  const databaseUrl = `${PG_SERVER}/iren_test_${id}`;
  const adminToken = `admin-${randomBytes(18).toString('hex')}`;
  const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
  const env = {
    NATS_URL,
    DATABASE_URL: databaseUrl,
    IREN_NAMESPACE: namespace,
    IREN_ADMIN_TOKEN: adminToken,
    PORT: '0',
    LOG_LEVEL: logLevel,
    IREN_SEED_DEMO: 'false',
    // Small streams: JetStream reserves their size, and test runs share one server.
    IREN_STREAM_MAX_BYTES: String(64 * 1024 ** 2),
  };
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(NATS_URL).port || 4222));
  const proxyPort = await proxy.start();
  const apps: INestApplication[] = [];
  const stop = async (): Promise<void> => {
    for (const app of apps.reverse()) await app.close().catch(() => undefined);
    await proxy.stop();
    await removeNamespace(namespace);
    await dropDatabase(databaseUrl);
  };
  try {
    apps.push(await startRegistry(loadRegistryConfig(env), createRootLogger('registry', logLevel)));
    apps.push(await startAudit(loadAuditConfig(env), createRootLogger('audit', logLevel)));
    apps.push(await startRouter(loadRouterConfig(env), createRootLogger('router', logLevel)));
    const gatewayEnv = { ...env, NATS_URL: `nats://127.0.0.1:${proxyPort}` };
    const gateway = await startGateway(loadGatewayConfig(gatewayEnv), createRootLogger('gateway', logLevel));
    apps.push(gateway);
    const { port } = gateway.getHttpServer().address() as { port: number };
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      adminToken,
      namespace,
      databaseUrl,
      names: new ExchangeNames(namespace),
      gatewayNats: proxy,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function removeNamespace(namespace: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
  try {
    const names = new ExchangeNames(namespace);
    const jsm = await jetstreamManager(nc);
    await deleteStreams(jsm, names);
    await jsm.streams.delete(`KV_${names.registryBucket}`).catch(() => undefined);
  } finally {
    await nc.close();
  }
}
