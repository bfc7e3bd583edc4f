import { AckPolicy, type ConsumerConfig, DeliverPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { ConsumableStream, ExchangeNames } from '@iren/contracts';
import { CONSUMER_POLICY, isNotFound } from './streams';

export interface ConsumerSpec {
  stream: ConsumableStream;
  /** Purpose of the consumer; the durable name is `<namespace>_<purpose>`. */
  purpose: string;
  filterSubject?: string;
  /**
   * Messages handled at once (default 1, in stream order). Above 1 only for handlers that do not
   * depend on the order of messages, or that retry when a message arrives before the one it
   * depends on.
   */
  concurrency?: number;
  /**
   * Handled in batches (a `BatchHandler`): up to `max` messages at once, gathered for at most
   * `lingerMs` after the first. `concurrency` then counts batches.
   */
  batch?: { max: number; lingerMs: number };
}

/** Creates or updates a durable pull consumer with the shared redelivery policy. */
export async function ensureConsumer(jsm: JetStreamManager, names: ExchangeNames, spec: ConsumerSpec): Promise<string> {
  const config = consumerConfig(names, spec, { deliver_policy: DeliverPolicy.All });
  try {
    await jsm.consumers.info(names.stream(spec.stream), config.durable_name);
    // Where a consumer starts cannot be updated (and one rewound after a lost tail keeps its start).
    const { deliver_policy: _start, durable_name: _name, ...updatable } = config;
    await jsm.consumers.update(names.stream(spec.stream), config.durable_name, updatable);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(names.stream(spec.stream), config);
  }
  return config.durable_name;
}

/**
 * Makes `spec`'s consumer again, starting at `startSeq`: after the stream lost messages it had
 * already delivered, the consumer would otherwise skip the new messages given those sequences.
 */
export async function rewindConsumer(
  jsm: JetStreamManager,
  names: ExchangeNames,
  spec: ConsumerSpec,
  startSeq: number,
): Promise<void> {
  const config = consumerConfig(names, spec, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq });
  await jsm.consumers.delete(names.stream(spec.stream), config.durable_name).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
  });
  await jsm.consumers.add(names.stream(spec.stream), config);
}

/** A durable consumer of `spec` with the shared redelivery policy, starting where `start` says. */
function consumerConfig(
  names: ExchangeNames,
  spec: ConsumerSpec,
  start: Pick<ConsumerConfig, 'deliver_policy' | 'opt_start_seq'>,
): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: names.consumer(spec.purpose),
    ack_policy: AckPolicy.Explicit,
    ...start,
    ack_wait: nanos(CONSUMER_POLICY.ackWaitMs),
    max_deliver: CONSUMER_POLICY.maxDeliver,
    max_ack_pending: 1000,
    ...(spec.filterSubject && { filter_subject: spec.filterSubject }),
  };
}
