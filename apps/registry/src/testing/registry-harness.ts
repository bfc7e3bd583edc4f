import type { INestApplication } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { ExchangeNames, type ServiceName } from '@iren/contracts';
import {
  busConnectionOptions,
  BusSigner,
  openRegistryBucket,
  registerServiceKey,
  RegistryMirror,
  rpcClientOptions,
  SERVICE_SIGNING_KEY,
  type ServiceSigningKey,
} from '@iren/messaging';
import { testServiceKey } from '@iren/messaging/testing';
import { createRootLogger, dropDatabase, loadRegistryConfig } from '@iren/platform';
import { RpcClient } from '../../../gateway/src/registry/registry-client';
import { connectPlumbing, NATS_URL, removeRunCreds, runCredsDir } from '../../../../test/support/test-bus';
import { removeNamespace, runId } from '../../../../test/support/test-network';
import { startRegistry } from '../registry.app';

const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** The registry running in-process for an integration test, with a client for its handlers and a mirror of its bucket. */
export interface RegistryHarness {
  app: INestApplication;
  nc: NatsConnection;
  rpc: RpcClient;
  mirror: RegistryMirror;
  names: ExchangeNames;
  databaseUrl: string;
  /** A connection as `service` (with its user when the bus is closed); the caller closes it. */
  connectAs(service: ServiceName): Promise<NatsConnection>;
  stop(): Promise<void>;
}

/**
 * Starts the registry on its own database (`iren_test_<label>_<run>`) and namespace against the
 * real PostgreSQL and NATS; `stop()` removes both. `now` is the mirror's clock; `overrides` are
 * variables of the registry's environment a test sets (`IREN_SEED_DEMO`, ...).
 */
export async function startRegistryHarness(
  label: string,
  now?: () => Date,
  overrides: Record<string, string> = {},
): Promise<RegistryHarness> {
  const id = runId();
  const names = new ExchangeNames(`t${id}`);
  const databaseUrl = `${PG}/iren_test_${label}_${id}`;
  const credsDir = await runCredsDir(names.namespace);
  const env = {
    NATS_URL,
    ...(credsDir && { NATS_CREDS_DIR: credsDir }),
    DATABASE_URL: databaseUrl,
    IREN_NAMESPACE: names.namespace,
    IREN_ADMIN_TOKEN: 'x'.repeat(32),
    PORT: '0',
    IREN_SEED_DEMO: 'false',
    // Small streams: JetStream reserves their size, and test runs share one server.
    IREN_STREAM_MAX_BYTES: String(64 * 1024 ** 2),
    ...overrides,
  };
  const app = await startRegistry(loadRegistryConfig(env), createRootLogger('registry', 'silent'));
  const nc = await connectPlumbing();
  const loginAs = (service: ServiceName) => ({
    url: NATS_URL,
    service,
    namespace: names.namespace,
    ...(credsDir && { credsDir }),
  });
  const connectAs = (service: ServiceName) => connect(busConnectionOptions(loginAs(service)));
  // Asks as the gateway does, with the gateway's user when the bus is closed.
  const login = loginAs('gateway');
  // Signs as the gateway does, with a gateway key the registry took (the first: no gateway runs here),
  // registered on the gateway's own subject as the gateway's user: the operators' user may not.
  const gatewayKey = testServiceKey('gateway').key;
  const gatewayNc = await connectAs('gateway');
  await registerServiceKey(gatewayNc, names, gatewayKey, pino({ level: 'silent' }));
  await gatewayNc.close();
  const rpc = new RpcClient(ClientProxyFactory.create(rpcClientOptions(login)), names, new BusSigner(gatewayKey));
  // The registry's own key, as every other app pins it.
  const { keyId, publicKeyPem } = app.get<ServiceSigningKey>(SERVICE_SIGNING_KEY);
  const kv = await openRegistryBucket(nc, names);
  const mirror = new RegistryMirror(kv, { keyId, publicKey: publicKeyPem }, pino({ level: 'silent' }), now);
  await mirror.start();
  const stop = async (): Promise<void> => {
    mirror.stop();
    await rpc.onApplicationShutdown();
    await app.close();
    await nc.close();
    await removeNamespace(names.namespace);
    await dropDatabase(databaseUrl);
    removeRunCreds(credsDir);
  };
  return { app, nc, rpc, mirror, names, databaseUrl, connectAs, stop };
}
