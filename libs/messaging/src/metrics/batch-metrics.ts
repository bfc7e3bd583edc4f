import { Injectable } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';
import type { WorkerObserver } from '../worker-observer';

const SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The workers' batches, as they tell them: how many messages each held and how long it took to its commit. */
@Injectable()
export class BatchMetrics implements WorkerObserver {
  private readonly sizes: Histogram<'consumer'>;
  private readonly durations: Histogram<'consumer'>;

  constructor(registry: Registry) {
    this.sizes = new Histogram({
      name: 'iren_consumer_batch_messages',
      help: 'Messages per batch a consumer handled (its _sum: messages consumed)',
      labelNames: ['consumer'],
      buckets: SIZE_BUCKETS,
      registers: [registry],
    });
    this.durations = new Histogram({
      name: 'iren_consumer_batch_duration_seconds',
      help: 'Time a consumer took to handle a batch, up to its commit',
      labelNames: ['consumer'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  }

  batchHandled(consumer: string, messages: number, seconds: number): void {
    this.sizes.observe({ consumer }, messages);
    this.durations.observe({ consumer }, seconds);
  }
}
