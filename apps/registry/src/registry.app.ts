import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { startApp } from '@iren/messaging';
import { ensureDatabase, type RegistryConfig } from '@iren/platform';
import { RegistryModule } from './registry.module';

/** Starts the registry: its database schema, KV mirror, events relay and NATS handlers. */
export async function startRegistry(config: RegistryConfig, logger: Logger): Promise<INestApplication> {
  await ensureDatabase(config.databaseUrl);
  return startApp(RegistryModule.forRoot(config, logger), {
    name: 'registry',
    port: config.port,
    logger,
    rpc: true,
  });
}
