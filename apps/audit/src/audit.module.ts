import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { NatsClients, NatsModule } from '@iren/messaging';
import {
  HEALTH_CHECKS,
  HealthController,
  LoggerModule,
  appDataSourceOptions,
  type ServiceConfig,
} from '@iren/platform';
import { AuditEventsController } from './events-query/audit-events.controller';
import { AuditEventsService } from './events-query/audit-events.service';
import { AuditConsumers } from './ingest/audit-consumers';
import { LedgerMessageHandlers } from './ingest/ledger-message-handlers';
import { AppendLedgerEntry } from './ledger/append-ledger-entry.usecase';
import { LedgerEntryEntity } from './ledger/ledger-entry.entity';
import { LedgerRepository } from './ledger/ledger.repository';
import { AuditSchema1764500000000 } from './migrations/1764500000000-audit-schema';

export const AUDIT_ENTITIES = [LedgerEntryEntity];
export const AUDIT_MIGRATIONS = [AuditSchema1764500000000];

/** The audit service: ledger consumers on EXCHANGE and EVENTS, ledger queries over NATS, `/health`. */
@Module({})
export class AuditModule {
  static forRoot(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        LoggerModule.forRoot(logger),
        NatsModule.forRoot({
          url: config.natsUrl,
          namespace: config.namespace,
          name: 'iren-audit',
          logger,
          streams: { replicas: config.streamReplicas, maxBytes: config.streamMaxBytes },
        }),
        TypeOrmModule.forRoot(
          appDataSourceOptions({
            databaseUrl: config.databaseUrl,
            schema: 'audit',
            entities: AUDIT_ENTITIES,
            migrations: AUDIT_MIGRATIONS,
          }),
        ),
      ],
      controllers: [HealthController, AuditEventsController],
      providers: [
        LedgerRepository,
        AppendLedgerEntry,
        LedgerMessageHandlers,
        AuditConsumers,
        AuditEventsService,
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
