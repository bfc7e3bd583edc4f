import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import { EventOutbox, NatsClients, NatsModule, OutboxRelayHost, OutboxRepository } from '@iren/messaging';
import {
  HEALTH_CHECKS,
  HealthController,
  LoggerModule,
  Transactor,
  appDataSourceOptions,
  type GatewayConfig,
} from '@iren/platform';
import { AuditController } from './audit/audit.controller';
import { ADMIN_TOKEN, AuthGuard } from './auth/auth.guard';
import { DeliveriesRepository } from './inbox/deliveries.repository';
import { DeliveryEntity } from './inbox/delivery.entity';
import { InboxConsumer } from './inbox/inbox-consumer';
import { InboxNotifier } from './inbox/inbox-notifier';
import { InboxController } from './inbox/inbox.controller';
import { InboxService } from './inbox/inbox.service';
import { MessageEntity } from './messages/message.entity';
import { MessagesController } from './messages/messages.controller';
import { MessagesRepository } from './messages/messages.repository';
import { MessagesService } from './messages/messages.service';
import { GatewaySchema1764400000000 } from './migrations/1764400000000-gateway-schema';
import { NodesController } from './nodes/nodes.controller';
import { NodesService } from './nodes/nodes.service';
import { SubscriptionsController } from './nodes/subscriptions.controller';
import { GatewayOutboxEntity } from './outbox/gateway-outbox.entity';
import { GatewayDirectory } from './registry/gateway-directory';
import { RPC_CLIENT, RpcClient } from './registry/registry-client';

export const GATEWAY_ENTITIES = [MessageEntity, DeliveryEntity, GatewayOutboxEntity];
export const GATEWAY_MIGRATIONS = [GatewaySchema1764400000000];

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        LoggerModule.forRoot(logger),
        NatsModule.forRoot({
          url: config.natsUrl,
          namespace: config.namespace,
          name: 'iren-gateway',
          logger,
          streams: { replicas: config.streamReplicas, maxBytes: config.streamMaxBytes },
        }),
        TypeOrmModule.forRoot(
          appDataSourceOptions({
            databaseUrl: config.databaseUrl,
            schema: 'gateway',
            entities: GATEWAY_ENTITIES,
            migrations: GATEWAY_MIGRATIONS,
          }),
        ),
      ],
      controllers: [
        HealthController,
        NodesController,
        SubscriptionsController,
        MessagesController,
        InboxController,
        AuditController,
      ],
      providers: [
        Transactor,
        MessagesRepository,
        DeliveriesRepository,
        MessagesService,
        NodesService,
        InboxService,
        InboxConsumer,
        InboxNotifier,
        GatewayDirectory,
        RpcClient,
        OutboxRelayHost,
        { provide: ADMIN_TOKEN, useValue: config.adminToken },
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: OutboxRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new OutboxRepository(ds, 'gateway'),
        },
        {
          provide: EventOutbox,
          inject: [ExchangeNames, OutboxRepository],
          useFactory: (names: ExchangeNames, outbox: OutboxRepository) => new EventOutbox(names, outbox),
        },
        {
          provide: RPC_CLIENT,
          useFactory: () =>
            ClientProxyFactory.create({
              transport: Transport.NATS,
              options: {
                servers: config.natsUrl.replace(/^nats:\/\//, ''),
                name: 'iren-gateway-rpc',
                maxReconnectAttempts: -1,
                reconnectTimeWait: 500,
              },
            }),
        },
        {
          provide: HEALTH_CHECKS,
          inject: [DataSource, NatsClients],
          useFactory: (ds: DataSource, nats: NatsClients) => [
            { name: 'database', check: async () => (await ds.query('SELECT 1')).length === 1 },
            { name: 'nats', check: async () => nats.ready },
          ],
        },
      ],
    };
  }
}
