import 'reflect-metadata';
import { createRootLogger, loadRegistryConfig } from '@iren/platform';
import { startRegistry } from './registry.app';

async function main(): Promise<void> {
  const config = loadRegistryConfig(process.env);
  const logger = createRootLogger('registry', config.logLevel);
  await startRegistry(config, logger);
  logger.info({ port: config.port, namespace: config.namespace }, 'registry ready');
}

main().catch((error: unknown) => {
  console.error(`registry failed to start: ${(error as Error).message}`);
  process.exit(1);
});
