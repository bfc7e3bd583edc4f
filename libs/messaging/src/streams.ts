import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { type ExchangeNames, type StreamName, STREAMS } from '@iren/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What an operator sets for the streams (`IREN_STREAM_REPLICAS`, `IREN_STREAM_MAX_BYTES`). */
export interface StreamSettings {
  replicas: number;
  /** Size of EXCHANGE and INBOX; the others are scaled from it by `STREAM_LIMITS.sizeShare`. */
  maxBytes: number;
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
  /** Failed attempts before a message is dead-lettered as `max_deliveries`; waiting out an outage is not one. */
  retryBudget: 8,
  /**
   * The server's limit, above the worker's budget, so a message whose dead letter could not be
   * published comes back to be dead-lettered again; past it the server's advisory is kept in the DLQ.
   */
  maxDeliver: 20,
  /** Delay before redelivery after a failed attempt, by attempt (the last value repeats). */
  backoffMs: [500, 2_000, 5_000, 15_000, 30_000, 60_000],
  /** Retrying a message in place while a dependency is down: the first wait, doubling up to the cap. */
  outageRetryMs: { first: 250, max: 5_000 },
  /** How long one pull waits for messages. */
  pullExpiresMs: 5_000,
  /** How often a worker checks that the stream still holds what it acked (`JetStreamWorker.checkPosition`). */
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

export function streamConfig(
  names: ExchangeNames,
  stream: StreamName,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
): Partial<StreamConfig> & { name: string } {
  const limits = STREAM_LIMITS[stream];
  return {
    name: names.stream(stream),
    subjects: subjectsOf(names, stream),
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
 * Creates the network's streams, or brings an existing one's limits up to date. Only the topology
 * owner (`TOPOLOGY_OWNER`, the registry) may: the others' users have no right to, and wait.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  names: ExchangeNames,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
): Promise<void> {
  for (const stream of STREAMS) {
    const config = streamConfig(names, stream, settings);
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
}

export function isNotFound(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /not found/i.test(text);
}

/** Deletes every stream of a namespace, the registry bucket's too (tests clean up after themselves). */
export async function deleteStreams(jsm: JetStreamManager, names: ExchangeNames): Promise<void> {
  for (const stream of [...STREAMS.map((s) => names.stream(s)), names.registryBucketStream]) {
    await jsm.streams.delete(stream).catch(() => undefined);
  }
}
