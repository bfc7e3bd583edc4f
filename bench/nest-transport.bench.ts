/**
 * What a NestJS user would reach for (issue 10, 4 g): the same fan-out through `@nestjs/microservices`'
 * built-in NATS transport — a `ClientProxy` `emit`ting each envelope to `@EventPattern` handlers in
 * three subscriber processes, over core NATS: no persistence, no filtering — beside the durable path
 * in the same run: the same payloads published to a JetStream stream and read by three durable pull
 * consumers (one per subscriber process) that ack each. Then once more with one subscriber's handler
 * spending 5 ms of CPU on each message: the share of messages it never handles (core NATS drops
 * what a slow consumer cannot take; JetStream keeps it). Prints figures; never asserts on time.
 *
 *   npm run build && node dist/bench/nest-transport.bench.js [--quick] [--messages=30000] [--runs=3]
 *     [--slow-messages=100000] [--slow-ms=5] [--settle-s=5] [--slow-window-s=180]
 *
 * Needs the local NATS; its stream, consumers and subjects carry a run id and are removed afterwards.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { benchArgs, emitFigures } from './lib/emit';
import { against, figureOf } from './lib/figures';
import { cleanUpOnStop } from './lib/stop-hooks';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const SUBSCRIBERS = 3;
/** Emits or publishes in flight at once. */
const IN_FLIGHT = 256;

/** An envelope as the router delivers it (about 1.3 KB of JSON), numbered so that a subscriber counts what it got. */
function delivery(serial: number) {
  return {
    serial,
    recipient: 'KZ-PCU-AKTAU',
    reasons: ['filter:0'],
    envelope: {
      id: randomUUID(),
      kind: 'ALERT',
      origin: 'AZ-PCU-BAKU',
      createdAt: new Date().toISOString(),
      tlp: 'AMBER',
      to: { nodes: [], countries: [], groups: [] },
      body: {
        category: 'FALSIFIED_MEDICAL',
        riskLevel: 'HIGH',
        mode: 'SEA',
        title: `Benchmark alert ${serial}`,
        summary: 'Suspected falsified antibiotics; new consignee; route deviation through the Caspian.',
        lang: 'en',
        transport: { containers: ['BENU0000010'], awbs: [] },
        itinerary: [
          { locode: 'AZBAK', role: 'LOADING' },
          { locode: 'KZAAU', role: 'DISCHARGE' },
          { locode: 'UZTAS', role: 'DESTINATION' },
        ],
        goods: [{ hsCode: '300420', description: 'Antibiotics, retail packs', quantity: 12000, unit: 'PCS' }],
        indicators: ['ROUTE_DEVIATION'],
        requestedAction: 'EXAMINE',
      },
      signature: { keyId: 'AZ-PCU-BAKU#0123456789abcdef', value: 'c2lnbmF0dXJl'.repeat(7) },
    },
  };
}

/** A subscriber process and the count of messages it last reported handled. */
interface Subscriber {
  child: ChildProcess;
  handled: number;
  disconnects: number;
}

/** Forks the subscriber processes with `env` each (one of them slow when `slowMs` > 0) and waits until each listens. */
async function startSubscribers(env: (i: number) => NodeJS.ProcessEnv): Promise<Subscriber[]> {
  const entry = join(__dirname, 'lib', 'nest-transport-subscriber.js');
  const subscribers = Array.from({ length: SUBSCRIBERS }, (_, i) => {
    const child = fork(entry, [], { env: { ...process.env, NATS_URL, ...env(i) }, stdio: 'inherit' });
    const subscriber: Subscriber = { child, handled: 0, disconnects: 0 };
    child.on('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'handled' in message) {
        Object.assign(subscriber, message as { handled: number; disconnects: number });
      }
    });
    return subscriber;
  });
  try {
    await Promise.all(
      subscribers.map(
        ({ child }) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('a subscriber did not start within 30 s')), 30_000);
            child.on('message', (message) => message === 'ready' && (clearTimeout(timer), resolve()));
            child.once('exit', (code) => reject(new Error(`a subscriber exited (${code}) before it listened`)));
          }),
      ),
    );
    return subscribers;
  } catch (error) {
    await stopSubscribers(subscribers);
    throw error;
  }
}

/** Asks each subscriber to stop (its last count arrives first), and kills it after 5 s. */
async function stopSubscribers(subscribers: Subscriber[]): Promise<void> {
  await Promise.all(
    subscribers.map(({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.connected) child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      return exited.finally(() => clearTimeout(timer));
    }),
  );
}

/**
 * Waits until every subscriber handled `count`, or until none progressed for `settleMs` (what is
 * missing then was dropped: core NATS sends nothing again), or `timeoutMs`. Answers when the last
 * progress was seen.
 */
async function settle(subscribers: Subscriber[], count: number, settleMs: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = subscribers.map((s) => s.handled);
  let progressAt = performance.now();
  while (subscribers.some((s) => s.handled < count)) {
    const now = performance.now();
    if (now - progressAt > settleMs || now > deadline) break;
    await new Promise((r) => setTimeout(r, 20));
    const counts = subscribers.map((s) => s.handled);
    if (counts.some((c, i) => c !== last[i])) [last, progressAt] = [counts, performance.now()];
  }
  return progressAt;
}

interface FanOut {
  /** Messages handled per second, all subscribers together, from the first emit to the last handled. */
  perSecond: number;
  /** Per subscriber, the share of the messages it never handled (%). */
  lostPercent: number[];
  /** Whether the slowest subscriber stopped progressing (else it was cut off by the time limit while it still did). */
  settled: boolean;
  /** Connections the first subscriber lost. */
  disconnects: number;
}

/** The Nest way: a ClientProxy emits `count` envelopes on core NATS to the subscribers' `@EventPattern`. */
async function nestFanOut(
  run: string,
  count: number,
  slowMs: number,
  settleMs: number,
  timeoutMs: number,
): Promise<FanOut> {
  const subject = `bench_${run}.nest.delivery`;
  const subscribers = await startSubscribers((i) => ({
    BENCH_MODE: 'nest',
    BENCH_SUBJECT: subject,
    BENCH_SLOW_MS: String(i === 0 ? slowMs : 0),
  }));
  const client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
  try {
    await client.connect();
    const started = performance.now();
    for (let i = 0; i < count; i += IN_FLIGHT) {
      const emits = Array.from({ length: Math.min(IN_FLIGHT, count - i) }, (_, k) =>
        lastValueFrom(client.emit(subject, delivery(i + k)), { defaultValue: undefined }),
      );
      await Promise.all(emits);
    }
    await client.unwrap<NatsConnection>().flush();
    const done = await settle(subscribers, count, settleMs, timeoutMs);
    const settled = performance.now() - done > settleMs || subscribers.every((s) => s.handled === count);
    await stopSubscribers(subscribers);
    const handled = subscribers.map((s) => s.handled);
    return {
      perSecond: handled.reduce((a, b) => a + b, 0) / ((done - started) / 1000),
      lostPercent: handled.map((h) => (100 * (count - h)) / count),
      settled,
      disconnects: subscribers[0].disconnects,
    };
  } finally {
    await client.close();
    await stopSubscribers(subscribers);
  }
}

/**
 * The durable way: `count` envelopes published to a file stream (256 in flight) and read by one
 * durable pull consumer per subscriber, each acking what it handled. A slow subscriber loses nothing:
 * what it has not handled when the others are done is still in its consumer; `lostPercent` counts
 * what is neither handled nor pending.
 */
async function jetStreamFanOut(
  jsm: JetStreamManager,
  nc: NatsConnection,
  run: string,
  count: number,
  slowMs: number,
  settleMs: number,
): Promise<FanOut> {
  const stream = `BENCH_${run}_FANOUT`;
  const subject = `bench_${run}.js.delivery`;
  await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.File, max_bytes: 512 * 1024 ** 2 });
  const forget = cleanUpOnStop(() => jsm.streams.delete(stream));
  let subscribers: Subscriber[] = [];
  try {
    const consumers = Array.from({ length: SUBSCRIBERS }, (_, i) => `subscriber_${i}`);
    for (const durable of consumers) {
      await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, max_ack_pending: 1000 });
    }
    subscribers = await startSubscribers((i) => ({
      BENCH_MODE: 'jetstream',
      BENCH_STREAM: stream,
      BENCH_CONSUMER: consumers[i],
      BENCH_SLOW_MS: String(i === 0 ? slowMs : 0),
    }));
    const js = jetstream(nc);
    const encoder = new TextEncoder();
    const started = performance.now();
    for (let i = 0; i < count; i += IN_FLIGHT) {
      await Promise.all(
        Array.from({ length: Math.min(IN_FLIGHT, count - i) }, (_, k) =>
          js.publish(subject, encoder.encode(JSON.stringify(delivery(i + k))), { msgID: `${run}:${i + k}` }),
        ),
      );
    }
    // A slow subscriber would take count × slowMs; the others' pace is what is timed, its backlog what is checked.
    const fast = slowMs > 0 ? subscribers.slice(1) : subscribers;
    const done = await settle(fast, count, settleMs, 120_000);
    const waiting = await Promise.all(
      consumers.map(async (c) => {
        const info = await jsm.consumers.info(stream, c);
        return info.num_pending + info.num_ack_pending;
      }),
    );
    await stopSubscribers(subscribers);
    const handled = subscribers.map((s) => s.handled);
    return {
      perSecond: fast.reduce((a, s) => a + s.handled, 0) / ((done - started) / 1000),
      lostPercent: handled.map((h, i) => (100 * Math.max(0, count - h - waiting[i])) / count),
      settled: true,
      disconnects: subscribers[0].disconnects,
    };
  } finally {
    forget();
    await stopSubscribers(subscribers);
    await jsm.streams.delete(stream).catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const args = benchArgs();
  // The client's connection notices would be mixed into the benchmark's output.
  Logger.overrideLogger(['error']);
  const count = args.number('messages', 30_000, 10_000);
  const slowCount = args.number('slow-messages', 100_000, 60_000);
  const runs = args.number('runs', 3, 2);
  const slowRuns = args.number('slow-runs', 3, 1);
  const slowMs = args.number('slow-ms', 5);
  const settleMs = args.number('settle-s', 5, 3) * 1000;
  const slowWindowMs = args.number('slow-window-s', 180, 90) * 1000;
  console.log(
    `nest-transport benchmark: ${count} messages to ${SUBSCRIBERS} subscribers, ${runs} runs; ` +
      `then ${slowCount} with one handler taking ${slowMs} ms, ${slowRuns} runs; node ${process.version}`,
  );
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
  try {
    const jsm = await jetstreamManager(nc);
    const nest: number[] = [];
    const durable: number[] = [];
    const nestLost: number[] = [];
    for (let r = 0; r < runs; r++) {
      const n = await nestFanOut(`${run}n${r}`, count, 0, settleMs, 120_000);
      const j = await jetStreamFanOut(jsm, nc, `${run}j${r}`, count, 0, settleMs);
      nest.push(n.perSecond);
      durable.push(j.perSecond);
      nestLost.push(Math.max(...n.lostPercent));
      console.log(
        `run ${r + 1}: Nest emit ${n.perSecond.toFixed(0)}, JetStream ${j.perSecond.toFixed(0)} deliveries/s`,
      );
    }
    const durableFigure = figureOf(
      'nest-transport',
      `JetStream: publish, ${SUBSCRIBERS} durable pull consumers, ack`,
      'deliveries/s',
      durable,
      `${count} messages a run, file storage`,
    );
    // As it goes: what was measured is kept if the runner's time limit stops the rest.
    emitFigures([
      durableFigure,
      against(
        figureOf(
          'nest-transport',
          `@nestjs/microservices NATS: emit, ${SUBSCRIBERS} @EventPattern handlers`,
          'deliveries/s',
          nest,
          `${count} messages a run; lost with fast handlers: up to ${Math.max(...nestLost).toFixed(1)} %`,
        ),
        durableFigure,
      ),
    ]);
    const slowNest: number[] = [];
    const slowNestOthers: number[] = [];
    const slowDurable: number[] = [];
    const slowNotes: string[] = [];
    for (let r = 0; r < slowRuns; r++) {
      const n = await nestFanOut(`${run}sn${r}`, slowCount, slowMs, settleMs, slowWindowMs);
      const j = await jetStreamFanOut(jsm, nc, `${run}sj${r}`, slowCount, slowMs, settleMs);
      slowNest.push(n.lostPercent[0]);
      slowNestOthers.push(Math.max(...n.lostPercent.slice(1)));
      slowDurable.push(j.lostPercent[0]);
      slowNotes.push(
        n.settled
          ? `run ${r + 1}: connection dropped ${n.disconnects}×, nothing more came`
          : `run ${r + 1}: still handling when cut off after ${slowWindowMs / 1000} s (dropped ${n.disconnects}×)`,
      );
      console.log(
        `slow run ${r + 1}: the slow handler missed ${n.lostPercent[0].toFixed(1)} % over Nest's transport, ` +
          `${j.lostPercent[0].toFixed(1)} % over JetStream`,
      );
    }
    emitFigures([
      figureOf(
        'nest-transport',
        `@nestjs/microservices NATS: messages a ${slowMs} ms handler never handled`,
        '%',
        slowNest,
        `${slowCount} emitted as fast as the client goes; the other handlers missed up to ` +
          `${Math.max(...slowNestOthers).toFixed(1)} %; ${slowNotes.join('; ')}`,
      ),
      figureOf(
        'nest-transport',
        `JetStream: messages a ${slowMs} ms handler lost (neither handled nor still in its consumer)`,
        '%',
        slowDurable,
        `${slowCount} published`,
      ),
    ]);
  } finally {
    await nc.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
