import { StorageType } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ExchangeNames } from '@iren/contracts';

/** The registry bucket's options, the same wherever it is opened (create is idempotent on equal options). */
const BUCKET_OPTIONS = { history: 1, storage: StorageType.File, max_value_size: 256 * 1024 };

/** Opens the registry bucket, creating it when missing (the registry passes the configured replicas). */
export async function openRegistryBucket(nc: NatsConnection, names: ExchangeNames, replicas = 1): Promise<KV> {
  return new Kvm(nc).create(names.registryBucket, { ...BUCKET_OPTIONS, replicas });
}
