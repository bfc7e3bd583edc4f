export * from './vocabulary';
export * from './envelope';
export * from './names';
export * from './registry-records';
export * from './events';
