import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { HEALTH_DETAILS, type HealthDetail } from '@iren/platform';
import { NatsClients } from './nats-clients';
import type { ConsumerSpec } from './consumer-definition';
import { type BatchHandler, JetStreamWorker, type MessageHandler } from './worker';
import { WORKER_OBSERVER, type WorkerObserver } from './worker-observer';

/**
 * The app's durable consumers: makes each one's worker, shows their states in `/health`
 * (`details.consumers`; the report says `degraded` while one waits for a dependency), and finds
 * one by its durable name to put a dead letter back through its handler.
 */
@Injectable()
export class DurableConsumers {
  private readonly workers: JetStreamWorker[] = [];

  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    @Inject(HEALTH_DETAILS) health: HealthDetail[],
    @Optional() @Inject(WORKER_OBSERVER) private readonly observer?: WorkerObserver,
  ) {
    void this.watchConnection();
    health.push({
      name: 'consumers',
      detail: () => this.workers.map((w) => w.state()),
      degraded: () => this.workers.some((w) => w.state().state === 'degraded'),
    });
  }

  /** A worker for `spec`, started and stopped by its owner. */
  worker(spec: ConsumerSpec, handler: MessageHandler, logger: Logger): JetStreamWorker {
    return this.add(spec, handler, logger);
  }

  /** A worker handing `handler` batches of up to `spec.batch.max` messages. */
  batchWorker(
    spec: ConsumerSpec & Required<Pick<ConsumerSpec, 'batch'>>,
    handler: BatchHandler,
    logger: Logger,
  ): JetStreamWorker {
    return this.add(spec, { batch: handler }, logger);
  }

  private add(spec: ConsumerSpec, handler: MessageHandler | { batch: BatchHandler }, logger: Logger): JetStreamWorker {
    const worker = new JetStreamWorker(this.nats.js, this.nats.jsm, this.names, spec, handler, logger, this.observer);
    this.workers.push(worker);
    return worker;
  }

  /** Tells every worker when the connection drops (`JetStreamWorker.connectionLost`). */
  private async watchConnection(): Promise<void> {
    for await (const status of this.nats.nc.status()) {
      if (status.type === 'disconnect') for (const worker of this.workers) worker.connectionLost();
    }
  }

  /** This app's worker of the durable consumer `durable`, if it has one. */
  find(durable: string): JetStreamWorker | undefined {
    return this.workers.find((w) => this.names.consumer(w.purpose) === durable);
  }
}
