import 'reflect-metadata';
import { createRootLogger, loadRouterConfig } from '@iren/platform';
import { startRouter } from './router.app';

async function main(): Promise<void> {
  const config = loadRouterConfig(process.env);
  const logger = createRootLogger('router', config.logLevel);
  await startRouter(config, logger);
  logger.info({ port: config.port, namespace: config.namespace }, 'router ready');
}

main().catch((error: unknown) => {
  console.error(`router failed to start: ${(error as Error).message}`);
  process.exit(1);
});
