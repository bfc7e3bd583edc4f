import 'reflect-metadata';
import { createRootLogger, loadAuditConfig } from '@iren/platform';
import { startAudit } from './audit.app';

async function main(): Promise<void> {
  const config = loadAuditConfig(process.env);
  const logger = createRootLogger('audit', config.logLevel);
  await startAudit(config, logger);
  logger.info({ port: config.port, namespace: config.namespace }, 'audit ready');
}

main().catch((error: unknown) => {
  console.error(`audit failed to start: ${(error as Error).message}`);
  process.exit(1);
});
