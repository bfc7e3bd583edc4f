import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { startApp } from '@iren/messaging';
import type { ServiceConfig } from '@iren/platform';
import { RouterModule } from './router.module';

/** Starts the router: routing table from the registry's KV bucket, then the EXCHANGE consumer. */
export function startRouter(config: ServiceConfig, logger: Logger): Promise<INestApplication> {
  return startApp(RouterModule.forRoot(config, logger), {
    name: 'router',
    port: config.port,
    natsUrl: config.natsUrl,
    namespace: config.namespace,
    logger,
    rpc: false,
  });
}
