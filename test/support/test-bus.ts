import { jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExchangeNames } from '@iren/contracts';
import {
  createRegistryBucket,
  CREDS_FILES,
  ensureStreams,
  materialLayout,
  parseNatsUrl,
  writeNamespaceCreds,
} from '@iren/messaging';

/** The NATS every test run shares (`NATS_URL`, as the apps read it). */
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * The material the shared NATS was made from when it requires authentication (`IREN_NATS_DIR`,
 * recorded by scripts/setup.sh when it started a secured NATS, or set by hand for one made with
 * `npm run nats:secure`). Unset: the shared NATS is open, and tests connect as they always did.
 */
export const NATS_MATERIAL_DIR = process.env.IREN_NATS_DIR || undefined;

/** A NATS for tests: its URL, and the material it was made from when it requires authentication. */
export interface TestBus {
  url: string;
  materialDir?: string;
}

/** The NATS every test run shares, unless a test starts its own. */
export const SHARED_BUS: TestBus = { url: NATS_URL, ...(NATS_MATERIAL_DIR && { materialDir: NATS_MATERIAL_DIR }) };

/**
 * Credentials for one run's namespace (`t<run>`): its own service users, issued from the bus's
 * material into a temporary directory that `removeRunCreds` deletes. Undefined on an open NATS.
 */
export async function runCredsDir(namespace: string, bus: TestBus = SHARED_BUS): Promise<string | undefined> {
  if (!bus.materialDir) return undefined;
  const dir = mkdtempSync(join(tmpdir(), `iren-creds-${namespace}-`));
  await writeNamespaceCreds(bus.materialDir, namespace, dir);
  return dir;
}

export function removeRunCreds(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * A connection for the tests' own plumbing — deleting a run's streams, forging what an attacker
 * without bus permissions could send — as the operators' user when the bus is closed.
 */
export function connectPlumbing(bus: TestBus = SHARED_BUS): Promise<NatsConnection> {
  const { servers, user, pass } = parseNatsUrl(bus.url);
  if (!bus.materialDir) return connect({ servers, ...(user !== undefined && { user, pass }) });
  const ops = join(materialLayout(bus.materialDir).creds, CREDS_FILES.ops);
  return connect({ servers, authenticator: credsAuthenticator(readFileSync(ops)) });
}

/**
 * Lays out a namespace's streams and registry bucket as the registry would (small streams: JetStream
 * reserves their size, and runs share one server), for tests that run other services without it.
 */
export async function layOutTopology(namespace: string, bus: TestBus = SHARED_BUS): Promise<void> {
  const names = new ExchangeNames(namespace);
  const nc = await connectPlumbing(bus);
  try {
    await ensureStreams(await jetstreamManager(nc), names, { replicas: 1, maxBytes: 64 * 1024 ** 2 });
    await createRegistryBucket(nc, names);
  } finally {
    await nc.close();
  }
}
