import 'reflect-metadata';
import { createRootLogger, loadGatewayConfig } from '@iren/platform';
import { startGateway } from './gateway.app';

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const logger = createRootLogger('gateway', config.logLevel);
  await startGateway(config, logger);
  logger.info({ port: config.port, namespace: config.namespace }, 'gateway ready');
}

main().catch((error: unknown) => {
  console.error(`gateway failed to start: ${(error as Error).message}`);
  process.exit(1);
});
