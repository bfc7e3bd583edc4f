import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import pino, { type Logger } from 'pino';
import type { ExchangeNames } from '@iren/contracts';
import { ensureReplicas } from './streams';
import { waitUntilFound } from './topology-wait';

/**
 * The registry bucket's options, the same wherever it is created (create is idempotent on equal
 * options), and those of its mirror at a national site (`registryMirrorConfig`).
 */
export const REGISTRY_BUCKET_OPTIONS = { history: 1, storage: StorageType.File, max_value_size: 256 * 1024 };

/**
 * Creates the registry bucket, or opens it when it exists and brings it to `replicas` copies: for
 * the topology owner (the registry) only.
 */
export async function createRegistryBucket(nc: NatsConnection, names: ExchangeNames, replicas = 1): Promise<KV> {
  const bucket = await new Kvm(nc).create(names.registryBucket, { ...REGISTRY_BUCKET_OPTIONS, replicas });
  await ensureReplicas(await jetstreamManager(nc), names.registryBucketStream, replicas);
  return bucket;
}

/**
 * Opens the registry bucket without the right to create it: waits until the registry has made it
 * (a service may start first), then binds to it to watch it.
 */
export async function openRegistryBucket(
  nc: NatsConnection,
  names: ExchangeNames,
  logger: Logger = pino({ level: 'silent' }),
): Promise<KV> {
  const jsm = await jetstreamManager(nc);
  await waitUntilFound(() => jsm.streams.info(names.registryBucketStream), `bucket ${names.registryBucket}`, logger);
  return new Kvm(nc).open(names.registryBucket);
}
