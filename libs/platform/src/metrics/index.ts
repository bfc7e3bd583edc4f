export * from './app-registry';
export * from './http-labels';
export * from './metrics.controller';
export * from './metrics.module';
export * from './scrape-reading';
export * from './scrape-sources';
