import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { ExchangeNames } from '@iren/contracts';
import { type ScrapeReading, ScrapeSources } from '@iren/platform';
import { DurableConsumers } from '../durable-consumers';
import { NatsClients } from '../nats-clients';
import { InjectNatsOptions, type NatsModuleOptions } from '../nats.module';
import type { ConsumerState } from '../worker';
import { ownDurableConsumers, type OwnConsumer } from './own-consumers';

/** What JetStream says waits for a consumer. */
interface ConsumerLag {
  pending: number;
  ackPending: number;
}

/**
 * Each durable consumer of the app, read at scrape time only: its worker's counters (`state()`,
 * counted in memory as it works) and, from JetStream's consumer info, what waits for it.
 */
@Injectable()
export class ConsumerMetrics {
  constructor(
    registry: Registry,
    sources: ScrapeSources,
    consumers: DurableConsumers,
    nats: NatsClients,
    names: ExchangeNames,
    @InjectNatsOptions() options: NatsModuleOptions,
  ) {
    const own = ownDurableConsumers(names, options.service);
    const states = (): ConsumerState[] => own.flatMap((c) => consumers.find(c.durable)?.state() ?? []);
    registerWorkerCounters(registry, states);
    const lags = own.map((consumer) => ({
      consumer,
      reading: sources.reading(`consumer_info:${consumer.durable}`, async (): Promise<ConsumerLag> => {
        const info = await nats.jsm.consumers.info(consumer.stream, consumer.durable);
        return { pending: info.num_pending, ackPending: info.num_ack_pending };
      }),
    }));
    registerLagGauges(registry, lags);
  }
}

function registerWorkerCounters(registry: Registry, states: () => ConsumerState[]): void {
  new Counter({
    name: 'iren_consumer_messages_total',
    help: 'Deliveries a durable consumer finished with since start, by outcome: acked (handled), retried (nak: put back with back-off), dead_lettered',
    labelNames: ['consumer', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of states()) {
        this.inc({ consumer: s.consumer, outcome: 'acked' }, s.acked);
        this.inc({ consumer: s.consumer, outcome: 'retried' }, s.retried);
        this.inc({ consumer: s.consumer, outcome: 'dead_lettered' }, s.deadLettered);
      }
    },
  });
  new Counter({
    name: 'iren_consumer_rewinds_total',
    help: 'Times a durable consumer was made again from an earlier sequence because its stream lost messages it had acked',
    labelNames: ['consumer'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of states()) this.inc({ consumer: s.consumer }, s.rewound);
    },
  });
  new Gauge({
    name: 'iren_consumer_held_messages',
    help: 'Messages a consumer holds un-acked while a dependency (PostgreSQL, NATS, a service) is down',
    labelNames: ['consumer'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of states()) this.set({ consumer: s.consumer }, s.held);
    },
  });
  new Gauge({
    name: 'iren_consumer_degraded',
    help: 'Whether a consumer waits out a dependency (1) or runs normally (0), as in details.consumers of /health',
    labelNames: ['consumer'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of states()) this.set({ consumer: s.consumer }, s.state === 'degraded' ? 1 : 0);
    },
  });
}

function registerLagGauges(
  registry: Registry,
  lags: { consumer: OwnConsumer; reading: ScrapeReading<ConsumerLag> }[],
): void {
  const lagGauge = (name: string, help: string, value: (lag: ConsumerLag) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['consumer', 'stream'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { consumer, reading } of lags) {
          const lag = await reading.value();
          if (lag) this.set({ consumer: consumer.durable, stream: consumer.stream }, value(lag));
        }
      },
    });
  lagGauge(
    'iren_consumer_pending_messages',
    'Messages in the stream not yet delivered to the consumer (JetStream num_pending): its backlog',
    (lag) => lag.pending,
  );
  lagGauge(
    'iren_consumer_ack_pending_messages',
    'Messages delivered to the consumer and not yet acked (JetStream num_ack_pending): in hand or awaiting redelivery',
    (lag) => lag.ackPending,
  );
}
