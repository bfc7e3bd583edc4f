import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import {
  EventOutbox,
  NatsClients,
  NatsModule,
  OutboxRelayHost,
  OutboxRepository,
  openRegistryBucket,
} from '@iren/messaging';
import {
  HEALTH_CHECKS,
  HealthController,
  LoggerModule,
  Transactor,
  appDataSourceOptions,
  type RegistryConfig,
} from '@iren/platform';
import { DEMO_SEED_OPTIONS, DemoSeeder } from './demo/demo-seeder';
import { RegistryOutboxEntity } from './events/registry-outbox.entity';
import { RegistrySchema1764400000000 } from './migrations/1764400000000-registry-schema';
import { KvMirrorWriter, REGISTRY_KV } from './mirror/kv-mirror-writer';
import { NodeEntity } from './nodes/node.entity';
import { NodesController } from './nodes/nodes.controller';
import { NodesRepository } from './nodes/nodes.repository';
import { NodesService } from './nodes/nodes.service';
import { SubscriptionEntity } from './subscriptions/subscription.entity';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { SubscriptionsRepository } from './subscriptions/subscriptions.repository';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { TokenEntity } from './tokens/token.entity';
import { TokensController } from './tokens/tokens.controller';
import { TokensRepository } from './tokens/tokens.repository';
import { TokensService } from './tokens/tokens.service';

export const REGISTRY_ENTITIES = [NodeEntity, SubscriptionEntity, TokenEntity, RegistryOutboxEntity];
export const REGISTRY_MIGRATIONS = [RegistrySchema1764400000000];

@Module({})
export class RegistryModule {
  static forRoot(config: RegistryConfig, logger: Logger): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        LoggerModule.forRoot(logger),
        NatsModule.forRoot({
          url: config.natsUrl,
          namespace: config.namespace,
          name: 'iren-registry',
          logger,
          streams: { replicas: config.streamReplicas, maxBytes: config.streamMaxBytes },
        }),
        TypeOrmModule.forRoot(
          appDataSourceOptions({
            databaseUrl: config.databaseUrl,
            schema: 'registry',
            entities: REGISTRY_ENTITIES,
            migrations: REGISTRY_MIGRATIONS,
          }),
        ),
      ],
      controllers: [HealthController, NodesController, SubscriptionsController, TokensController],
      providers: [
        Transactor,
        NodesRepository,
        SubscriptionsRepository,
        TokensRepository,
        NodesService,
        SubscriptionsService,
        TokensService,
        KvMirrorWriter,
        OutboxRelayHost,
        {
          provide: EventOutbox,
          inject: [ExchangeNames, OutboxRepository],
          useFactory: (names: ExchangeNames, outbox: OutboxRepository) => new EventOutbox(names, outbox),
        },
        DemoSeeder,
        { provide: DEMO_SEED_OPTIONS, useValue: { enabled: config.seedDemo, adminToken: config.adminToken } },
        {
          provide: OutboxRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new OutboxRepository(ds, 'registry'),
        },
        {
          provide: REGISTRY_KV,
          inject: [NatsClients, ExchangeNames],
          useFactory: (nats: NatsClients, names: ExchangeNames) => openRegistryBucket(nats.nc, names, nats.replicas),
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
