import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { RPC } from '@iren/contracts';
import {
  appInfrastructure,
  DeadLetterQueue,
  DeadLetterReplay,
  DeadLetterReplayController,
  mirroredCallerKeysProvider,
  NatsClients,
  natsHealthCheck,
  RegistryDirectory,
} from '@iren/messaging';
import {
  databaseHealthCheck,
  HEALTH_CHECKS,
  HealthController,
  MetricsController,
  PLACEMENT,
  type RouterConfig,
} from '@iren/platform';
import { ParkedFollowUps } from './followups/parked-follow-ups';
import { ParkedFollowUpsSweeper, SWEEPER_CLOCK } from './followups/parked-follow-ups.sweeper';
import { PendingFollowUpEntity } from './followups/pending-follow-up.entity';
import { PendingFollowUpsRepository } from './followups/pending-follow-ups.repository';
import { AlertIdentifierEntity } from './hits/alert-identifier.entity';
import { DetectHits } from './hits/detect-hits.usecase';
import { HitEntity } from './hits/hit.entity';
import { HitIds } from './hits/hit-ids';
import { HitDigestsSweeper } from './hits/hit-digests.sweeper';
import { HitNoticeEntity } from './hits/hit-notice.entity';
import { HitNotifier } from './hits/hit-notifier';
import { HitPublisher } from './hits/hit-publisher';
import { HIT_CLOCK, HIT_DIGEST_SECONDS, HIT_WINDOW_DAYS } from './hits/hit-settings';
import { HitsRepository } from './hits/hits.repository';
import { IdentifierSightingEntity } from './hits/identifier-sighting.entity';
import { SendHitDigests } from './hits/send-hit-digests.usecase';
import { Hits1764720000000 } from './migrations/1764720000000-hits';
import { BusKeys1764760000000 } from './migrations/1764760000000-bus-keys';
import { PendingFollowUps1764780000000 } from './migrations/1764780000000-pending-follow-ups';
import { HitDigests1764810000000 } from './migrations/1764810000000-hit-digests';
import { HitIdKey1764820000000 } from './migrations/1764820000000-hit-id-key';
import { RouterSchema1764600000000 } from './migrations/1764600000000-router-schema';
import { CLOCK_SKEW_MS, ExchangeConsumer } from './routing/exchange-consumer';
import { FromHubRelay } from './routing/from-hub-relay';
import { RejectMessage } from './routing/reject-message.usecase';
import { RoutedMessageEntity } from './routing/routed-message.entity';
import { RoutedMessagesRepository } from './routing/routed-messages.repository';
import { RouteMessage } from './routing/route-message.usecase';
import { RouterPlacement } from './routing/router-placement';
import { RoutingTable } from './routing/routing-table';

export const ROUTER_ENTITIES = [
  RoutedMessageEntity,
  AlertIdentifierEntity,
  IdentifierSightingEntity,
  HitEntity,
  HitNoticeEntity,
  PendingFollowUpEntity,
];
export const ROUTER_MIGRATIONS = [
  RouterSchema1764600000000,
  Hits1764720000000,
  BusKeys1764760000000,
  PendingFollowUps1764780000000,
  HitDigests1764810000000,
  HitIdKey1764820000000,
];

/**
 * The router reads the network from the registry's KV bucket and records each routing decision in
 * its schema; over request/reply it puts its consumer's dead letters back, for the gateway only.
 */
@Module({})
export class RouterModule {
  static forRoot(config: RouterConfig, logger: Logger): DynamicModule {
    return {
      module: RouterModule,
      imports: appInfrastructure('router', config, logger, {
        schema: 'router',
        entities: ROUTER_ENTITIES,
        migrations: ROUTER_MIGRATIONS,
      }),
      controllers: [HealthController, MetricsController, DeadLetterReplayController(RPC.replayRouterDeadLetter)],
      providers: [
        RegistryDirectory,
        mirroredCallerKeysProvider,
        DeadLetterQueue,
        DeadLetterReplay,
        RoutingTable,
        { provide: PLACEMENT, useValue: config.placement },
        RouterPlacement,
        RoutedMessagesRepository,
        RouteMessage,
        RejectMessage,
        ExchangeConsumer,
        FromHubRelay,
        HitsRepository,
        HitPublisher,
        HitNotifier,
        {
          provide: HitIds,
          inject: [HitsRepository],
          useFactory: async (hits: HitsRepository) => new HitIds(await hits.hitIdKey()),
        },
        DetectHits,
        SendHitDigests,
        HitDigestsSweeper,
        PendingFollowUpsRepository,
        ParkedFollowUps,
        ParkedFollowUpsSweeper,
        { provide: SWEEPER_CLOCK, useValue: () => new Date() },
        { provide: HIT_WINDOW_DAYS, useValue: config.hitWindowDays },
        { provide: HIT_DIGEST_SECONDS, useValue: config.hitDigestSeconds },
        { provide: HIT_CLOCK, useValue: () => new Date() },
        { provide: CLOCK_SKEW_MS, useValue: config.clockSkewSeconds * 1000 },
        {
          provide: HEALTH_CHECKS,
          inject: [DataSource, NatsClients],
          useFactory: (ds: DataSource, nats: NatsClients) => [databaseHealthCheck(ds), natsHealthCheck(nats)],
        },
      ],
    };
  }
}
