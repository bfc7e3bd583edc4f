import type { Provider } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ScrapeSources } from '@iren/platform';
import { type OutboxBacklog, OutboxBacklogRepository } from './outbox-backlog.repository';

/** The backlog of the app's outbox, read at scrape time (source `outbox`). */
export class OutboxMetrics {
  constructor(registry: Registry, sources: ScrapeSources, repository: OutboxBacklogRepository) {
    const reading = sources.reading('outbox', () => repository.backlog());
    const gauge = (name: string, help: string, value: (backlog: OutboxBacklog) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.reset();
          const backlog = await reading.value();
          if (backlog) this.set(value(backlog));
        },
      });
    gauge(
      'iren_outbox_unsent_messages',
      'Outbox rows committed and not yet published to NATS: 0 in steady state, grows while NATS is away or a stream is full',
      (b) => b.unsent,
    );
    gauge(
      'iren_outbox_oldest_unsent_age_seconds',
      'How long the oldest unsent outbox row has waited (0 when none waits)',
      (b) => b.oldestUnsentSeconds,
    );
  }
}

/** The outbox metrics of an app whose outbox table is in `schema` (gateway, registry). */
export function outboxMetricsProvider(schema: string): Provider {
  return {
    provide: OutboxMetrics,
    inject: [Registry, ScrapeSources, DataSource],
    useFactory: (registry: Registry, sources: ScrapeSources, ds: DataSource) =>
      new OutboxMetrics(registry, sources, new OutboxBacklogRepository(ds, schema)),
  };
}
