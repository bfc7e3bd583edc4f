import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { startApp } from '@iren/messaging';
import { ensureDatabase, type RouterConfig } from '@iren/platform';
import { RouterModule } from './router.module';

/**
 * Starts the router: its schema, the routing table from the registry's KV bucket, then the EXCHANGE
 * consumer, and its request/reply handler (dead letters put back, for the gateway).
 */
export async function startRouter(config: RouterConfig, logger: Logger): Promise<INestApplication> {
  await ensureDatabase(config.databaseUrl);
  return startApp(RouterModule.forRoot(config, logger), {
    name: 'router',
    port: config.port,
    logger,
    rpc: true,
  });
}
