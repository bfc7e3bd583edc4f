import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { NatsClients, NatsModule } from '@iren/messaging';
import { HEALTH_CHECKS, HealthController, LoggerModule, type ServiceConfig } from '@iren/platform';
import { ExchangeConsumer } from './routing/exchange-consumer';
import { RejectMessage } from './routing/reject-message.usecase';
import { RouteMessage } from './routing/route-message.usecase';
import { RoutingTable } from './routing/routing-table';

/** The router keeps no tables: its state is the registry's KV bucket and the streams' consumers. */
@Module({})
export class RouterModule {
  static forRoot(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: RouterModule,
      imports: [
        LoggerModule.forRoot(logger),
        NatsModule.forRoot({
          url: config.natsUrl,
          namespace: config.namespace,
          name: 'iren-router',
          logger,
          streams: { replicas: config.streamReplicas, maxBytes: config.streamMaxBytes },
        }),
      ],
      controllers: [HealthController],
      providers: [
        RoutingTable,
        RouteMessage,
        RejectMessage,
        ExchangeConsumer,
        {
          provide: HEALTH_CHECKS,
          inject: [NatsClients],
          useFactory: (nats: NatsClients) => [{ name: 'nats', check: async () => nats.ready }],
        },
      ],
    };
  }
}
