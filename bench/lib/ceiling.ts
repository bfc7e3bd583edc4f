/**
 * The ceiling the pipeline is measured against: JetStream alone through the `@nats-io` clients.
 * Each run has a stream of its own (file storage), removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { AckPolicy, jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { natsServers } from './network';

export interface CeilingOptions {
  messages: number;
  /** Publications awaiting their acknowledgement at any time. */
  inFlight: number;
  payloadBytes: number;
}

export const CEILING_DEFAULTS = { inFlight: 256, payloadBytes: 1024 };

/**
 * Messages per second, one run: `messages` published with `inFlight` awaiting their ack at a time
 * and, when `consume` is set, read back by a pull consumer that acks each; the rate is then up to
 * the last message acked by the reader.
 */
export async function ceilingRun(options: CeilingOptions & { consume: boolean }): Promise<number> {
  const nc = await connect({ servers: natsServers() });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = `BENCH_CEILING_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`.toUpperCase();
  const subject = `bench.ceiling.${stream.toLowerCase()}`;
  try {
    await jsm.streams.add({
      name: stream,
      subjects: [subject],
      storage: StorageType.File,
      max_bytes: Math.max(64 * 1024 ** 2, options.messages * (options.payloadBytes + 256) * 2),
    });
    if (options.consume) await jsm.consumers.add(stream, { durable_name: 'reader', ack_policy: AckPolicy.Explicit });
    const payload = randomBytes(options.payloadBytes);
    const started = performance.now();
    const reading = options.consume ? readAll(js, stream, options.messages) : Promise.resolve();
    let next = 0;
    await Promise.all(
      Array.from({ length: options.inFlight }, async () => {
        while (next < options.messages) {
          next++;
          await js.publish(subject, payload);
        }
      }),
    );
    await reading;
    return options.messages / ((performance.now() - started) / 1000);
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  }
}

async function readAll(js: ReturnType<typeof jetstream>, stream: string, count: number): Promise<void> {
  const consumer = await js.consumers.get(stream, 'reader');
  const messages = await consumer.consume({ max_messages: 1024 });
  let read = 0;
  for await (const m of messages) {
    m.ack();
    if (++read === count) break;
  }
  await messages.close();
}

/** `runs` runs of both ceilings, alternated so that drift on a shared machine touches both alike. */
export async function ceilingRuns(
  runs: number,
  options: CeilingOptions,
): Promise<{ publish: number[]; publishConsume: number[] }> {
  const publish: number[] = [];
  const publishConsume: number[] = [];
  for (let run = 0; run < runs; run++) {
    publish.push(await ceilingRun({ ...options, consume: false }));
    publishConsume.push(await ceilingRun({ ...options, consume: true }));
  }
  return { publish, publishConsume };
}

/** The cases' names in figures, so that other benchmarks can refer to them as baselines. */
export const CEILING_CASES = {
  publish: (o: Pick<CeilingOptions, 'inFlight' | 'payloadBytes'>) =>
    `async publish, ${o.payloadBytes / 1024} KiB, ${o.inFlight} in flight, file storage`,
  publishConsume: (o: Pick<CeilingOptions, 'inFlight' | 'payloadBytes'>) =>
    `publish + pull consume (acked), ${o.payloadBytes / 1024} KiB, ${o.inFlight} in flight, file storage`,
};
