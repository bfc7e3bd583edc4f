export * from './bus-keys.repository';
export * from './bus-signer';
export * from './bus-trust.module';
export * from './registry-anchor';
export * from './service-key-registration';
export * from './service-signing-key';
export * from './received-message';
export * from './registry-directory';
