import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import {
  CheckpointWatchService,
  EventOutbox,
  NatsClients,
  natsHealthCheck,
  outboxMetricsProvider,
  OutboxReconcilerHost,
  OutboxRelayHost,
  OutboxRepository,
  RECONCILE_AFTER_SECONDS,
  createRegistryBucket,
  appInfrastructure,
  checkpointWatchProvider,
} from '@iren/messaging';
import {
  databaseHealthCheck,
  HEALTH_CHECKS,
  HealthController,
  MetricsController,
  PLACEMENT,
  Transactor,
  type RegistryConfig,
} from '@iren/platform';
import { DEMO_SEED_OPTIONS, DemoSeeder } from './demo/demo-seeder';
import { RegistryOutboxEntity } from './events/registry-outbox.entity';
import { RegistrySchema1764400000000 } from './migrations/1764400000000-registry-schema';
import { GroupMemberEntity } from './groups/group-member.entity';
import { GroupEntity } from './groups/group.entity';
import { GroupsController } from './groups/groups.controller';
import { GroupsRepository } from './groups/groups.repository';
import { GroupsService } from './groups/groups.service';
import { Groups1764700000000 } from './migrations/1764700000000-groups';
import { NodeKeyEntity } from './keys/node-key.entity';
import { NodeKeysController } from './keys/node-keys.controller';
import { NodeKeysRepository } from './keys/node-keys.repository';
import { NodeKeysService } from './keys/node-keys.service';
import { NodeKeys1764750000000 } from './migrations/1764750000000-node-keys';
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
import { CheckpointWatch1764731000000 } from './migrations/1764731000000-checkpoint-watch';
import { BusTrust1764760000000 } from './migrations/1764760000000-bus-trust';
import { NatsCredentials1764770000000 } from './migrations/1764770000000-nats-credentials';
import { OutboxVerification1764790000000 } from './migrations/1764790000000-outbox-verification';
import { BusAccountSync } from './nats-credentials/bus-account-sync';
import { NatsCredentialEntity } from './nats-credentials/nats-credential.entity';
import { NatsCredentialsController } from './nats-credentials/nats-credentials.controller';
import { NatsCredentialsRepository } from './nats-credentials/nats-credentials.repository';
import { NatsCredentialsService } from './nats-credentials/nats-credentials.service';
import { natsAccountAuthority } from './nats-credentials/nats-account-authority.provider';
import { ServiceKeyEntity } from './services/service-key.entity';
import { ServiceKeysController } from './services/service-keys.controller';
import { ServiceKeysRepository } from './services/service-keys.repository';
import { ServiceKeysService } from './services/service-keys.service';
import { rpcCallerKeysProvider } from './services/rpc-caller-keys.provider';

export const REGISTRY_ENTITIES = [
  NodeEntity,
  SubscriptionEntity,
  TokenEntity,
  RegistryOutboxEntity,
  GroupEntity,
  GroupMemberEntity,
  NodeKeyEntity,
  ServiceKeyEntity,
  NatsCredentialEntity,
];
export const REGISTRY_MIGRATIONS = [
  RegistrySchema1764400000000,
  Groups1764700000000,
  CheckpointWatch1764731000000,
  NodeKeys1764750000000,
  BusTrust1764760000000,
  NatsCredentials1764770000000,
  OutboxVerification1764790000000,
];

@Module({})
export class RegistryModule {
  static forRoot(config: RegistryConfig, logger: Logger): DynamicModule {
    return {
      module: RegistryModule,
      imports: appInfrastructure('registry', config, logger, {
        schema: 'registry',
        entities: REGISTRY_ENTITIES,
        migrations: REGISTRY_MIGRATIONS,
      }),
      controllers: [
        HealthController,
        MetricsController,
        NodesController,
        SubscriptionsController,
        TokensController,
        GroupsController,
        NodeKeysController,
        ServiceKeysController,
        NatsCredentialsController,
      ],
      providers: [
        Transactor,
        NodesRepository,
        SubscriptionsRepository,
        TokensRepository,
        NodesService,
        SubscriptionsService,
        TokensService,
        GroupsRepository,
        GroupsService,
        NodeKeysRepository,
        NodeKeysService,
        ServiceKeysRepository,
        ServiceKeysService,
        rpcCallerKeysProvider,
        NatsCredentialsRepository,
        NatsCredentialsService,
        BusAccountSync,
        natsAccountAuthority(config),
        KvMirrorWriter,
        checkpointWatchProvider('registry', 'RegistryCheckpointWatch'),
        OutboxRelayHost,
        OutboxReconcilerHost,
        outboxMetricsProvider('registry'),
        { provide: RECONCILE_AFTER_SECONDS, useValue: config.reconcileAfterSeconds },
        { provide: PLACEMENT, useValue: config.placement },
        {
          provide: EventOutbox,
          inject: [ExchangeNames, OutboxRepository],
          useFactory: (names: ExchangeNames, outbox: OutboxRepository) => new EventOutbox(names, outbox),
        },
        DemoSeeder,
        { provide: DEMO_SEED_OPTIONS, useValue: { enabled: config.seedDemo, tokensFile: config.demoTokensFile } },
        {
          provide: OutboxRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new OutboxRepository(ds, 'registry'),
        },
        {
          provide: REGISTRY_KV,
          inject: [NatsClients, ExchangeNames],
          useFactory: (nats: NatsClients, names: ExchangeNames) => createRegistryBucket(nats.nc, names, nats.replicas),
        },
        {
          provide: HEALTH_CHECKS,
          inject: [DataSource, NatsClients, CheckpointWatchService],
          useFactory: (ds: DataSource, nats: NatsClients, ledgerWatch: CheckpointWatchService) => [
            databaseHealthCheck(ds),
            natsHealthCheck(nats),
            // Down while a rolled-back or forked audit ledger waits for an operator's acknowledgement.
            { name: 'ledger', check: () => ledgerWatch.healthy() },
          ],
        },
      ],
    };
  }
}
