import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { type ExchangeNames, siteJetStreamDomain, STREAMS } from '@iren/contracts';
import { REGISTRY_BUCKET_OPTIONS } from './registry-bucket';
import { ensureStream, HUB_JETSTREAM_API, limitsOf, type StreamSettings, streamConfig } from './streams';

/**
 * At a national site: the stream that takes what the hub keeps for the site (`siteStream(CC)` at
 * the hub) across the leaf link, with no subjects of its own. The site's router relays it.
 */
export function fromHubStreamConfig(
  names: ExchangeNames,
  country: string,
  settings: StreamSettings,
): Partial<StreamConfig> & { name: string } {
  siteJetStreamDomain(country); // checks the country code
  return {
    ...limitsOf('INBOX', settings),
    name: names.fromHubStream,
    subjects: [],
    sources: [
      {
        name: names.siteStream(country),
        external: { api: HUB_JETSTREAM_API, deliver: names.linkPrefix(country) },
      },
    ],
  };
}

/**
 * At a national site: a read-only mirror of the hub's registry bucket, with the options the bucket
 * has at the hub (`createRegistryBucket`), so that `new Kvm(nc).open(names.registryBucket)` reads
 * it (`get`, `watch`) while the link is down. A `put` at the site finds no stream for its subject
 * (a mirror has none) and cannot cross the link: it is refused.
 */
export function registryMirrorConfig(
  names: ExchangeNames,
  country: string,
  settings: StreamSettings,
): Partial<StreamConfig> & { name: string } {
  siteJetStreamDomain(country);
  return {
    name: names.registryBucketStream,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.New,
    max_msgs_per_subject: REGISTRY_BUCKET_OPTIONS.history,
    max_msg_size: REGISTRY_BUCKET_OPTIONS.max_value_size,
    allow_rollup_hdrs: true,
    deny_delete: true,
    allow_direct: true,
    num_replicas: settings.replicas,
    mirror: {
      name: names.registryBucketStream,
      external: { api: HUB_JETSTREAM_API, deliver: names.linkPrefix(country) },
    },
  };
}

/**
 * Lays out JetStream at the national site of `country`, on the site's own server (its own domain,
 * `siteJetStreamDomain(country)`): EXCHANGE, INBOX, EVENTS and DLQ as at the hub (the hub's
 * EXCHANGE and EVENTS source the first and the third), `fromHubStream`, and the registry mirror.
 * Creates each, or overwrites its configuration when it exists, like `ensureStreams` at the hub.
 * Returns the names of the streams, in the order made.
 */
export async function ensureSiteStreams(
  jsm: JetStreamManager,
  names: ExchangeNames,
  country: string,
  settings: StreamSettings,
): Promise<string[]> {
  const configs = [
    ...STREAMS.map((stream) =>
      streamConfig(names, stream, { replicas: settings.replicas, maxBytes: settings.maxBytes }),
    ),
    fromHubStreamConfig(names, country, settings),
    registryMirrorConfig(names, country, settings),
  ];
  for (const config of configs) await ensureStream(jsm, config);
  return configs.map((config) => config.name);
}
