import { Registry } from 'prom-client';
import { BatchMetrics } from './batch-metrics';

describe(BatchMetrics.name, () => {
  it("histograms each consumer's batch sizes and durations", async () => {
    const registry = new Registry();
    const metrics = new BatchMetrics(registry);
    metrics.batchHandled('iren_router', 3, 0.02);
    metrics.batchHandled('iren_router', 5, 0.2);
    metrics.batchHandled('iren_audit_events', 1, 0.004);
    const text = await registry.metrics();
    expect(text).toContain('iren_consumer_batch_messages_sum{consumer="iren_router"} 8');
    expect(text).toContain('iren_consumer_batch_messages_count{consumer="iren_router"} 2');
    expect(text).toContain('iren_consumer_batch_messages_bucket{le="4",consumer="iren_router"} 1');
    expect(text).toContain('iren_consumer_batch_duration_seconds_bucket{le="0.025",consumer="iren_router"} 1');
    expect(text).toContain('iren_consumer_batch_duration_seconds_count{consumer="iren_audit_events"} 1');
  });
});
