import { Global, Module } from '@nestjs/common';
import { WORKER_OBSERVER } from '../worker-observer';
import { BatchMetrics } from './batch-metrics';
import { ConsumerMetrics } from './consumer-metrics';

/**
 * The metrics of the app's durable consumers: their counters and lag, read at scrape time, and
 * their batches, which the workers report to the `WORKER_OBSERVER` this module provides.
 */
@Global()
@Module({
  providers: [ConsumerMetrics, BatchMetrics, { provide: WORKER_OBSERVER, useExisting: BatchMetrics }],
  exports: [WORKER_OBSERVER],
})
export class BusMetricsModule {}
