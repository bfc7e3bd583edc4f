import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import {
  type ExchangeNames,
  HUB_JETSTREAM_DOMAIN,
  siteJetStreamDomain,
  SOURCED_FROM_SITES,
  type StreamName,
  STREAMS,
} from '@iren/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What an operator sets for the streams (`IREN_STREAM_REPLICAS`, `IREN_STREAM_MAX_BYTES`). */
export interface StreamSettings {
  replicas: number;
  /** Size of EXCHANGE and INBOX; the others are scaled from it by `STREAM_LIMITS.sizeShare`. */
  maxBytes: number;
  /**
   * At the hub: the countries of the national sites (`IREN_SITES`), whose EXCHANGE and EVENTS the
   * hub's streams of the same name source, and for each of which the hub keeps `siteStream(CC)`.
   */
  sites?: readonly string[];
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = { replicas: 1, maxBytes: 1024 ** 3 };

/**
 * Limits of every stream, in one place. Discard policy is `new`: when a stream is full the publish
 * is refused and the message stays in the publisher's outbox, instead of the oldest unconsumed
 * message being silently dropped. JetStream reserves each stream's size on disk when it is created.
 */
export const STREAM_LIMITS: Record<
  StreamName,
  { maxMsgSize: number; sizeShare: number; maxAgeMs: number; duplicateWindowMs: number }
> = {
  EXCHANGE: { maxMsgSize: 1024 * 1024, sizeShare: 1, maxAgeMs: 90 * DAY_MS, duplicateWindowMs: 60 * 60 * 1000 },
  INBOX: { maxMsgSize: 1024 * 1024, sizeShare: 1, maxAgeMs: 90 * DAY_MS, duplicateWindowMs: 60 * 60 * 1000 },
  EVENTS: { maxMsgSize: 256 * 1024, sizeShare: 0.5, maxAgeMs: 90 * DAY_MS, duplicateWindowMs: 60 * 60 * 1000 },
  DLQ: { maxMsgSize: 2 * 1024 * 1024, sizeShare: 0.25, maxAgeMs: 365 * DAY_MS, duplicateWindowMs: 2 * 60 * 1000 },
};

/** Consumer redelivery policy shared by every durable consumer (see `JetStreamWorker`). */
export const CONSUMER_POLICY = {
  /** Time to ack before the server redelivers; a worker extends it for every message it still has in hand. */
  ackWaitMs: 30_000,
  progressEveryMs: 10_000,
  /**
   * Failed attempts before a message is dead-lettered as `max_deliveries`, counted by the worker
   * (`DeliveryAttempts`); waiting out an outage is not one.
   */
  retryBudget: 8,
  /**
   * The server's limit: none. The worker gives up on a message (dead-letters it), never the server:
   * a message whose dead letter could not be published comes back to be dead-lettered again. On NATS
   * 2.9 with leaf nodes configured, a pull left waiting by a process killed -9 counts up to its batch
   * size of deliveries of each new message in a millisecond; with a limit (20 until this was seen)
   * the server dropped such a message from the consumer before any live worker saw it.
   */
  maxDeliver: -1,
  /** Delay before redelivery after a failed attempt, by attempt (the last value repeats). */
  backoffMs: [500, 2_000, 5_000, 15_000, 30_000, 60_000],
  /** Retrying a message in place while a dependency is down: the first wait, doubling up to the cap. */
  outageRetryMs: { first: 250, max: 5_000 },
  /** How long one pull waits for messages. */
  pullExpiresMs: 5_000,
  /** How often a worker checks that the stream still holds what it acked (`StreamPosition.check`). */
  positionCheckMs: 15_000,
} as const;

function subjectsOf(names: ExchangeNames, stream: StreamName): string[] {
  switch (stream) {
    case 'EXCHANGE':
      return [names.publishWildcard];
    case 'INBOX':
      return [names.inboxWildcard];
    case 'EVENTS':
      return [names.eventWildcard];
    case 'DLQ':
      // The consumers' dead letters, and the server's own when a consumer could not even dead-letter.
      return [names.dlqWildcard, ...STREAMS.filter((s) => s !== 'DLQ').map((s) => names.maxDeliveriesAdvisories(s))];
  }
}

/**
 * A stream's configuration. At the hub (`settings.sites`), EXCHANGE and EVENTS also source each
 * site's stream of the same name across its leaf link, keeping their own subjects: a site's
 * messages arrive once, in order, with their `Nats-Msg-Id`, after the link was down. The sources
 * are part of the configuration because `ensureStreams` overwrites it.
 */
export function streamConfig(
  names: ExchangeNames,
  stream: StreamName,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
): Partial<StreamConfig> & { name: string } {
  const sites = SOURCED_FROM_SITES.includes(stream) ? (settings.sites ?? []) : [];
  return {
    ...limitsOf(stream, settings),
    name: names.stream(stream),
    subjects: subjectsOf(names, stream),
    ...(sites.length > 0 && {
      sources: sites.map((country) => ({
        name: names.stream(stream),
        external: { api: jetStreamApi(siteJetStreamDomain(country)), deliver: names.linkPrefix(country) },
      })),
    }),
  };
}

/**
 * The hub's stream of what waits for the national site of `country` (`iren.site.<CC>.>`), which the
 * site's `fromHubStream` sources; the limits of INBOX, since it holds deliveries.
 */
export function siteStreamConfig(
  names: ExchangeNames,
  country: string,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
): Partial<StreamConfig> & { name: string } {
  siteJetStreamDomain(country); // checks the country code
  return { ...limitsOf('INBOX', settings), name: names.siteStream(country), subjects: [names.siteWildcard(country)] };
}

/** `$JS.<domain>.API`: another JetStream domain's API, as a source's or a mirror's `external.api`. */
export function jetStreamApi(domain: string): string {
  return `$JS.${domain}.API`;
}

/** The hub's JetStream API as a national site reaches it across its leaf link. */
export const HUB_JETSTREAM_API = jetStreamApi(HUB_JETSTREAM_DOMAIN);

/** A stream's storage and limits, as `STREAM_LIMITS` has them for `stream`. */
export function limitsOf(stream: StreamName, settings: StreamSettings): Partial<StreamConfig> {
  const limits = STREAM_LIMITS[stream];
  return {
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    max_msg_size: limits.maxMsgSize,
    max_bytes: Math.floor(settings.maxBytes * limits.sizeShare),
    max_age: nanos(limits.maxAgeMs),
    duplicate_window: nanos(limits.duplicateWindowMs),
    num_replicas: settings.replicas,
  };
}

/**
 * Creates the network's streams, or brings an existing one's configuration up to date (limits,
 * and the sources of the sites in `settings.sites`), with one `siteStream` per site; and brings the
 * lease bucket (made by whichever app needed it first, with the replicas of its day) to
 * `settings.replicas`. Only the topology owner (`TOPOLOGY_OWNER`, the registry) may: the others'
 * users have no right to, and wait. A site no longer listed keeps its `siteStream` (it may still
 * hold deliveries); its sources are dropped.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  names: ExchangeNames,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
): Promise<void> {
  for (const stream of STREAMS) await ensureStream(jsm, streamConfig(names, stream, settings));
  for (const country of settings.sites ?? []) await ensureStream(jsm, siteStreamConfig(names, country, settings));
  await ensureReplicas(jsm, names.leaseBucketStream, settings.replicas).catch((error: unknown) => {
    if (!isNotFound(error)) throw error; // not made yet: its maker gives it the replicas
  });
}

/** Creates a stream, or overwrites its configuration with `config` when it exists. */
export async function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  try {
    await jsm.streams.info(config.name);
    await jsm.streams.update(config.name, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add(config).catch(async (addError: unknown) => {
      // Another app created it meanwhile.
      if (!String(addError).includes('already in use')) throw addError;
    });
  }
}

/**
 * Brings an existing stream to `replicas` copies (a bucket's stream too: creating a KV bucket that
 * exists leaves its options as they were), so that raising `IREN_STREAM_REPLICAS` on a cluster
 * reaches what was made before. Its durable consumers, which ask for no replicas of their own, follow.
 */
export async function ensureReplicas(jsm: JetStreamManager, stream: string, replicas: number): Promise<void> {
  const { config } = await jsm.streams.info(stream);
  if (config.num_replicas !== replicas) await jsm.streams.update(stream, { ...config, num_replicas: replicas });
}

export function isNotFound(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /not found/i.test(text);
}

/**
 * Deletes every stream of a namespace, the registry's and the lease bucket's too, a site's
 * `fromHubStream`, and the hub's `siteStream` of each of `sites` (tests clean up after themselves).
 */
export async function deleteStreams(
  jsm: JetStreamManager,
  names: ExchangeNames,
  sites: readonly string[] = [],
): Promise<void> {
  const streams = [
    ...STREAMS.map((s) => names.stream(s)),
    names.registryBucketStream,
    names.leaseBucketStream,
    names.fromHubStream,
    ...sites.map((country) => names.siteStream(country)),
  ];
  for (const stream of streams) {
    await jsm.streams.delete(stream).catch(() => undefined);
  }
}
