import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ClientProxyFactory } from '@nestjs/microservices';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import {
  appInfrastructure,
  CheckpointWatchService,
  DeadLetterQueue,
  DeadLetterReplay,
  EventOutbox,
  NATS_OPTIONS,
  NatsClients,
  natsHealthCheck,
  type NatsModuleOptions,
  OutboxReconcilerHost,
  OutboxRelayHost,
  outboxMetricsProvider,
  OutboxRepository,
  RECONCILE_AFTER_SECONDS,
  RegistryDirectory,
  REGISTRY_FOLLOW_BOUND_MS,
  rpcClientOptions,
  checkpointWatchProvider,
} from '@iren/messaging';
import {
  databaseHealthCheck,
  HEALTH_CHECKS,
  HealthController,
  PLACEMENT,
  Transactor,
  type GatewayConfig,
} from '@iren/platform';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { CheckpointWatchController } from './checkpoints/checkpoint-watch.controller';
import { DeadLetterReplaysRepository } from './dead-letters/dead-letter-replays.repository';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { ReplayAttempts } from './dead-letters/replay-attempts';
import { ReplayDeadLetter } from './dead-letters/replay-dead-letter.usecase';
import { CheckpointWatch1764731000000 } from './migrations/1764731000000-checkpoint-watch';
import { AuthGuard } from './auth/auth.guard';
import { ADMIN_TOKEN, Authenticator } from './auth/authenticator';
import { DoorRefusals } from './auth/door-refusals';
import { RefusalsInterceptor } from './auth/refusals.interceptor';
import { DEADLINE_SCAN_MS, FeedbackDeadlineScanner } from './deadlines/feedback-deadline.scanner';
import { FeedbackDeadlinesRepository } from './deadlines/feedback-deadlines.repository';
import { FeedbackService } from './followups/feedback.service';
import { GatewayMetricsController } from './metrics/gateway-metrics.controller';
import { FollowUpPublisher } from './followups/follow-up-publisher';
import { FollowUpsController } from './followups/follow-ups.controller';
import { MessageChangesService } from './followups/message-changes.service';
import { GroupsController } from './groups/groups.controller';
import { GroupsService } from './groups/groups.service';
import { DeliveriesRepository } from './inbox/deliveries.repository';
import { DeliveryEntity } from './inbox/delivery.entity';
import { InboxConsumer } from './inbox/inbox-consumer';
import { InboxNotifier } from './inbox/inbox-notifier';
import { InboxStreamController } from './inbox/inbox-stream.controller';
import { InboxStreamService } from './inbox/inbox-stream.service';
import { StreamPrincipalWatch } from './inbox/stream-principal-watch';
import { StreamSlots } from './inbox/stream-slots';
import { InboxController } from './inbox/inbox.controller';
import { InboxService } from './inbox/inbox.service';
import { StoreDelivery } from './inbox/store-delivery.usecase';
import { MessageViewService } from './messages/message-view.service';
import { MessageLifecycle1764710000000 } from './migrations/1764710000000-message-lifecycle';
import { MessageEntity } from './messages/message.entity';
import { MessagesController } from './messages/messages.controller';
import { MessagesRepository } from './messages/messages.repository';
import { MessagesService } from './messages/messages.service';
import { MadeEnvelopes } from './inbox/made-envelopes';
import { GatewaySchema1764400000000 } from './migrations/1764400000000-gateway-schema';
import { NatsCredentialsController } from './nodes/nats-credentials.controller';
import { NatsCredentialsService } from './nodes/nats-credentials.service';
import { NodesController } from './nodes/nodes.controller';
import { NodesService } from './nodes/nodes.service';
import { SubscriptionsController } from './nodes/subscriptions.controller';
import { GatewayOutboxEntity } from './outbox/gateway-outbox.entity';
import { GatewayRouting } from './preview/gateway-routing';
import { PreviewController } from './preview/preview.controller';
import { PreviewService } from './preview/preview.service';
import { RPC_CLIENT, RpcClient } from './registry/registry-client';
import { ReferenceController } from './reference/reference.controller';
import { ReportsController } from './reports/reports.controller';
import { ScreeningController } from './screening/screening.controller';
import { ScreeningService } from './screening/screening.service';
import { SessionController } from './session/session.controller';
import { SessionService } from './session/session.service';
import { RecentAlertsRepository } from './subscription-preview/recent-alerts.repository';
import { SubscriptionPreviewController } from './subscription-preview/subscription-preview.controller';
import { SubscriptionPreviewService } from './subscription-preview/subscription-preview.service';
import { NodeSigningKeys1764750000000 } from './migrations/1764750000000-node-signing-keys';
import { BusKeys1764760000000 } from './migrations/1764760000000-bus-keys';
import { OutboxVerification1764790000000 } from './migrations/1764790000000-outbox-verification';
import { DeadLetterReplays1764800000000 } from './migrations/1764800000000-dead-letter-replays';
import { NodeKeysController } from './signing/node-keys.controller';
import { NodeSigningService } from './signing/node-signing.service';
import { SigningKeyEntity } from './signing/signing-key.entity';
import { SigningKeysRepository } from './signing/signing-keys.repository';
import { DoorThrottlerGuard } from './throttling/door-throttler.guard';
import { RefusedCallers } from './throttling/refused-callers';
import { doorThrottlers } from './throttling/door-throttlers';

export const GATEWAY_ENTITIES = [MessageEntity, DeliveryEntity, GatewayOutboxEntity, SigningKeyEntity];
export const GATEWAY_MIGRATIONS = [
  GatewaySchema1764400000000,
  MessageLifecycle1764710000000,
  CheckpointWatch1764731000000,
  NodeSigningKeys1764750000000,
  BusKeys1764760000000,
  OutboxVerification1764790000000,
  DeadLetterReplays1764800000000,
];

/** Every HTTP route of the gateway; the OpenAPI document is built from these alone (http/openapi.ts). */
export const GATEWAY_CONTROLLERS = [
  HealthController,
  GatewayMetricsController,
  NodesController,
  SubscriptionsController,
  PreviewController,
  MessagesController,
  FollowUpsController,
  InboxStreamController,
  InboxController,
  ScreeningController,
  AuditController,
  CheckpointWatchController,
  GroupsController,
  ReportsController,
  NodeKeysController,
  NatsCredentialsController,
  DeadLettersController,
  ReferenceController,
  SessionController,
  SubscriptionPreviewController,
];

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ...appInfrastructure('gateway', config, logger, {
          schema: 'gateway',
          entities: GATEWAY_ENTITIES,
          migrations: GATEWAY_MIGRATIONS,
        }),
        ThrottlerModule.forRoot(doorThrottlers(config.rateLimits)),
      ],
      controllers: GATEWAY_CONTROLLERS,
      providers: [
        Transactor,
        MessagesRepository,
        DeliveriesRepository,
        MessagesService,
        MessageViewService,
        MessageChangesService,
        FeedbackService,
        FollowUpPublisher,
        SigningKeysRepository,
        NodeSigningService,
        StoreDelivery,
        FeedbackDeadlinesRepository,
        FeedbackDeadlineScanner,
        { provide: DEADLINE_SCAN_MS, useValue: config.deadlineScanMs },
        { provide: REGISTRY_FOLLOW_BOUND_MS, useValue: config.registryFollowSeconds * 1000 },
        NodesService,
        NatsCredentialsService,
        GroupsService,
        InboxService,
        InboxStreamService,
        StreamPrincipalWatch,
        { provide: StreamSlots, useValue: new StreamSlots(config.rateLimits.streamsPerNode) },
        PreviewService,
        GatewayRouting,
        ScreeningService,
        SessionService,
        SubscriptionPreviewService,
        RecentAlertsRepository,
        InboxConsumer,
        MadeEnvelopes,
        InboxNotifier,
        RegistryDirectory,
        RpcClient,
        AuditService,
        DeadLetterQueue,
        DeadLetterReplay,
        DeadLettersService,
        DeadLetterReplaysRepository,
        ReplayAttempts,
        ReplayDeadLetter,
        checkpointWatchProvider('gateway', 'GatewayCheckpointWatch'),
        OutboxRelayHost,
        OutboxReconcilerHost,
        outboxMetricsProvider('gateway'),
        { provide: RECONCILE_AFTER_SECONDS, useValue: config.reconcileAfterSeconds },
        { provide: ADMIN_TOKEN, useValue: config.adminToken },
        { provide: PLACEMENT, useValue: config.placement },
        Authenticator,
        DoorRefusals,
        RefusedCallers,
        // Budgets first: a flood is refused before it costs an authentication.
        { provide: APP_GUARD, useClass: DoorThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: RefusalsInterceptor },
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
          inject: [NATS_OPTIONS],
          useFactory: (login: NatsModuleOptions) => ClientProxyFactory.create(rpcClientOptions(login)),
        },
        {
          provide: HEALTH_CHECKS,
          inject: [DataSource, NatsClients, CheckpointWatchService, RegistryDirectory],
          useFactory: (
            ds: DataSource,
            nats: NatsClients,
            ledgerWatch: CheckpointWatchService,
            directory: RegistryDirectory,
          ) => [
            databaseHealthCheck(ds),
            natsHealthCheck(nats),
            // Down while a rolled-back or forked audit ledger waits for an operator's acknowledgement.
            { name: 'ledger', check: () => ledgerWatch.healthy() },
            // Down while the registry copy does not follow the registry: tokens are then refused (503).
            { name: 'registry', check: async () => directory.following() },
          ],
        },
      ],
    };
  }
}
