// Real nats-server processes for the tests of the bus's authentication: each on a spare loopback
// port with its own temporary material directory, removed by stop().
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BusMaterial, ensureBusMaterial } from '../bus-auth/bus-material';
import { findNatsServer, type NatsServerProcess, startNatsServer } from '../bus-auth/nats-server-process';

export const NATS_SERVER = findNatsServer();

/** A port nothing listens on right now. */
export async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface SecuredNats {
  material: BusMaterial;
  url: string;
  server: NatsServerProcess;
  /** Stops the server (when running) and starts it again on the same material and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Generates material for `namespace` in a fresh temporary directory and starts a server from its nats.conf. */
export async function startSecuredNats(namespace = 'iren'): Promise<SecuredNats> {
  if (!NATS_SERVER) throw new Error('nats-server is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'iren-nats-'));
  const port = await sparePort();
  const material = await ensureBusMaterial({ dir, namespace, port });
  const start = () => startNatsServer({ binary: NATS_SERVER!, config: material.layout.natsConf, port });
  const secured: SecuredNats = {
    material,
    url: material.url,
    server: await start(),
    restart: async () => {
      await secured.server.stop();
      secured.server = await start();
    },
    stop: async () => {
      await secured.server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return secured;
}

/** Connects with a creds file, failing fast (no reconnects) so refusals show at once. */
export function connectWithCreds(url: string, credsFile: string, inboxPrefix?: string): Promise<NatsConnection> {
  return connect({
    servers: url.replace(/^nats:\/\//, ''),
    authenticator: credsAuthenticator(readFileSync(credsFile)),
    ...(inboxPrefix && { inboxPrefix }),
    reconnect: false,
  });
}

/** A nats-server with JetStream and no authentication at all (as on a developer machine), on a spare port. */
export async function startOpenNats(): Promise<{ url: string; stop(): Promise<void> }> {
  if (!NATS_SERVER) throw new Error('nats-server is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'iren-open-nats-'));
  const port = await sparePort();
  const config = join(dir, 'nats.conf');
  writeFileSync(config, `listen: 127.0.0.1:${port}\njetstream { store_dir: ${JSON.stringify(join(dir, 'js'))} }\n`);
  const server = await startNatsServer({ binary: NATS_SERVER, config, port });
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
