export * from './trust-fixtures';
export * from './fake-registry-bucket';
export * from './stand-in-registry';
export * from './secured-nats';
