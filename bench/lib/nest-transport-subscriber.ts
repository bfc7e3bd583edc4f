/**
 * One subscriber of `bench/nest-transport.bench.ts`, run as a child process of it (forked, with an
 * IPC channel): a Nest microservice on the built-in NATS transport whose `@EventPattern` handler
 * takes each envelope (`BENCH_MODE=nest`), or a durable JetStream pull consumer that acks each one
 * (`BENCH_MODE=jetstream`). Either spends `BENCH_SLOW_MS` of CPU on each message, reports how many
 * distinct messages it handled (and how often it lost its connection) to its parent every 50 ms, and exits when the parent says `stop`.
 */
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, type MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

const MODE = process.env.BENCH_MODE ?? 'nest';
const SUBJECT = process.env.BENCH_SUBJECT ?? 'bench.nest';
const SLOW_MS = Number(process.env.BENCH_SLOW_MS ?? 0);
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Serials handled (a redelivered one counts once). */
const handled = new Set<number>();
/** Times the connection was lost (the server closes a slow consumer's). */
let disconnects = 0;

/** A handler that holds the CPU for `SLOW_MS`, like one doing synchronous work on each message. */
function handle(serial: number): void {
  if (SLOW_MS > 0) {
    const until = performance.now() + SLOW_MS;
    while (performance.now() < until);
  }
  handled.add(serial);
}

@Controller()
class DeliveryController {
  @EventPattern<Record<string, { serial: number }>>(SUBJECT)
  delivered(@Payload() delivery: { serial: number }): void {
    handle(delivery.serial);
  }
}

@Module({ controllers: [DeliveryController] })
class SubscriberModule {}

async function nestSubscriber(): Promise<() => Promise<void>> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(SubscriberModule, {
    transport: Transport.NATS,
    options: { servers: [NATS_URL] },
    logger: ['error'],
  });
  await app.listen();
  // The server has the subscription once it answers a flush: nothing published after is missed for want of it.
  const nc = app.unwrap<NatsConnection>();
  await nc.flush();
  void (async () => {
    for await (const status of nc.status()) if (status.type === 'disconnect') disconnects += 1;
  })();
  return () => app.close();
}

async function jetStreamSubscriber(): Promise<() => Promise<void>> {
  const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
  const consumer = await jetstream(nc).consumers.get(process.env.BENCH_STREAM!, process.env.BENCH_CONSUMER!);
  const messages = await consumer.consume({ max_messages: 256 });
  void (async () => {
    for await (const m of messages) {
      handle(m.json<{ serial: number }>().serial);
      m.ack();
    }
  })();
  return async () => {
    await messages.close();
    await nc.drain();
  };
}

async function main(): Promise<void> {
  const close = MODE === 'jetstream' ? await jetStreamSubscriber() : await nestSubscriber();
  const report = () => process.send?.({ handled: handled.size, disconnects });
  const timer = setInterval(report, 50);
  process.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    report();
    void close().finally(() => process.exit(0));
  });
  // Gone with the parent, whatever happened to it.
  process.on('disconnect', () => process.exit(0));
  process.send?.('ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
