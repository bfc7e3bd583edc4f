import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import {
  type ExchangeNames,
  REGISTRY_KEYS,
  RPC,
  type ServiceKeysRecord,
  serviceKeyPattern,
  verifyRegistryEntry,
  vouch,
} from '@iren/contracts';
import { openRegistryBucket } from '../registry-bucket';
import type { RegistryKey } from '../registry-mirror';
import { callRpc } from '../rpc-call';
import type { ServiceSigningKey } from './service-signing-key';

const REPLY_TIMEOUT_MS = 5000;
const RETRY_MS = 1000;
const WAIT_LOG_EVERY = 10;

/** The registry refused the service's key: the service must not run with a key nobody will believe. */
export class ServiceKeyRefusedError extends Error {
  constructor(service: string, reason: string) {
    super(`the registry refused the signing key of ${service}: ${reason}`);
    this.name = 'ServiceKeyRefusedError';
  }
}

/**
 * Registers the service's public key with the registry, on the service's own subject, and resolves
 * once the registry has published it in its bucket: only then may the service sign, since what it
 * signs is believed only with a key the registry publishes. Waits for a registry that is not up
 * yet; the request carries a signature by the key itself (proof that the caller holds it). Given
 * the registry's key this app pinned (`registryKey`: not on its first start), a key the bucket
 * already publishes, signed by the registry, needs no registry answer: an app of a national site,
 * whose copy of the bucket is a mirror, restarts while the link to the hub is down.
 */
export async function registerServiceKey(
  nc: NatsConnection,
  names: ExchangeNames,
  key: ServiceSigningKey,
  logger: Logger,
  registryKey?: RegistryKey,
): Promise<ServiceKeysRecord> {
  const done = new AbortController();
  try {
    const registered = register(nc, names, key, logger, done.signal);
    if (!registryKey) return await registered;
    return await Promise.race([published(nc, names, key, registryKey, done.signal), registered]);
  } finally {
    done.abort();
  }
}

/**
 * Resolves once the registry bucket publishes `key` for its service, signed by `registryKey`;
 * never, if it is stopped first.
 */
async function published(
  nc: NatsConnection,
  names: ExchangeNames,
  key: ServiceSigningKey,
  registryKey: RegistryKey,
  stop: AbortSignal,
): Promise<ServiceKeysRecord> {
  const bucketKey = REGISTRY_KEYS.services(key.service);
  const watcher = await (await openRegistryBucket(nc, names)).watch({ key: bucketKey });
  stop.addEventListener('abort', () => watcher.stop(), { once: true });
  if (stop.aborted) watcher.stop();
  for await (const entry of watcher) {
    if (entry.operation !== 'PUT') continue;
    const verdict = verifyRegistryEntry(bucketKey, parsed(entry.string()), registryKey);
    if ('problem' in verdict) continue;
    const record = verdict.entry.record as ServiceKeysRecord;
    if (record.keys.some((k) => k.keyId === key.keyId)) return record;
  }
  return new Promise<never>(() => undefined);
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function register(
  nc: NatsConnection,
  names: ExchangeNames,
  key: ServiceSigningKey,
  logger: Logger,
  stop: AbortSignal,
): Promise<ServiceKeysRecord> {
  const pattern = serviceKeyPattern(key.service);
  const proof = vouch(key, names.rpc(pattern), key.keyId, new TextEncoder().encode(key.publicKeyPem)).signature;
  for (let attempt = 1; !stop.aborted; attempt++) {
    if (nc.isClosed()) throw new Error(`the NATS connection closed before the key of ${key.service} was registered`);
    try {
      const reply = await callRpc<ServiceKeysRecord>(
        nc,
        names.rpc(pattern),
        RPC.registerServiceKey,
        { publicKey: key.publicKeyPem, proof },
        REPLY_TIMEOUT_MS,
      );
      if (reply.response) return reply.response;
      if (reply.err?.status !== undefined && reply.err.status < 500) {
        throw new ServiceKeyRefusedError(key.service, reply.err.message ?? 'no reason given');
      }
    } catch (error) {
      if (error instanceof ServiceKeyRefusedError) throw error;
      if (attempt % WAIT_LOG_EVERY === 1) {
        logger.info({ err: error, keyId: key.keyId }, 'waiting for the registry to register this service’s key');
      }
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  return new Promise<never>(() => undefined);
}
