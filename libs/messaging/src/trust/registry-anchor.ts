import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { type ExchangeNames, REGISTRY_KEYS, type ServiceKeysRecord, verifyRegistryEntry } from '@iren/contracts';
import type { NatsClients } from '../nats.module';
import { openRegistryBucket } from '../registry-bucket';
import { RegistryMirror, type RegistryKey } from '../registry-mirror';
import type { BusKeysRepository } from './bus-keys.repository';

const WAIT_LOG_EVERY_MS = 10_000;

/**
 * The registry's key as this app trusts it: the one pinned in the app's own schema, or, on the
 * app's first start, the key the registry publishes under `services.registry`, signed with itself,
 * which is then pinned (trust on first use). From then on a bucket value signed with any other key
 * is refused, whoever wrote it. On a bus with permissions only the registry can write the bucket,
 * so the first sight is the registry's; on an open bus whoever wrote first would be believed.
 */
export async function trustedRegistryKey(kv: KV, store: BusKeysRepository, logger: Logger): Promise<RegistryKey> {
  const pinned = await store.find('registry');
  if (pinned) return pinned;
  const offered = await selfSignedRegistryKey(kv, logger);
  const stored = await store.storeOnce('registry', { ...offered, privateKey: null });
  logger.info({ keyId: stored.keyId }, 'pinned the registry key on first use');
  return stored;
}

/** Waits for the registry to publish its key (it does at every start) and answers it. */
async function selfSignedRegistryKey(kv: KV, logger: Logger): Promise<RegistryKey> {
  const key = REGISTRY_KEYS.services('registry');
  const watcher = await kv.watch({ key });
  const timer = setInterval(() => logger.info('waiting for the registry to publish its key'), WAIT_LOG_EVERY_MS);
  try {
    for await (const entry of watcher) {
      const offered = entry.operation === 'PUT' ? selfSigned(key, parsed(entry.string())) : undefined;
      if (offered) return offered;
      logger.warn({ key }, 'the registry key entry is not signed with a key it names; waiting for a valid one');
    }
    throw new Error('the registry bucket watch ended before the registry published its key');
  } finally {
    clearInterval(timer);
    watcher.stop();
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function selfSigned(key: string, value: unknown): RegistryKey | undefined {
  const record = (value as { record?: ServiceKeysRecord } | null)?.record;
  const signer = (value as { keyId?: unknown } | null)?.keyId;
  // Read before anything is verified, from whoever wrote first: `keys` may be anything at all.
  const keys: unknown[] = Array.isArray(record?.keys) ? record.keys : [];
  const own = keys.find(
    (k): k is ServiceKeysRecord['keys'][number] =>
      typeof k === 'object' && k !== null && 'keyId' in k && k.keyId === signer,
  );
  if (record?.service !== 'registry' || !own) return undefined;
  const candidate = { keyId: own.keyId, publicKey: own.publicKey };
  return 'entry' in verifyRegistryEntry(key, value, candidate) ? candidate : undefined;
}

/**
 * A mirror of the registry bucket that takes only what the registry signed, with the key this app
 * trusts (pinned on first use). Not started: the caller may attach views before it loads.
 */
export async function trustedRegistryMirror(
  nats: NatsClients,
  names: ExchangeNames,
  store: BusKeysRepository,
  logger: Logger,
): Promise<RegistryMirror> {
  const kv = await openRegistryBucket(nats.nc, names, logger);
  return new RegistryMirror(kv, await trustedRegistryKey(kv, store, logger), logger);
}
