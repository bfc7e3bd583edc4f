export * from './batch-metrics';
export * from './bus-metrics.module';
export * from './consumer-metrics';
export * from './outbox-metrics';
export * from './own-consumers';
