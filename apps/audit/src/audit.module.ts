import { type DynamicModule, Module, type Provider } from '@nestjs/common';
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
  type AuditConfig,
} from '@iren/platform';
import { AUDIT_SIGNING_KEY, loadAuditSigningKey } from './checkpoints/audit-signing-key';
import { CHECKPOINT_POLICY, CheckpointSigner } from './checkpoints/checkpoint-signer';
import { CheckpointsRepository } from './checkpoints/checkpoints.repository';
import { LedgerProofsController } from './checkpoints/ledger-proofs.controller';
import { LedgerProofsService } from './checkpoints/ledger-proofs.service';
import { AuditEventsController } from './events-query/audit-events.controller';
import { AuditEventsService } from './events-query/audit-events.service';
import { AuditConsumers } from './ingest/audit-consumers';
import { CLOCK_SKEW_MS, LedgerMessageHandlers } from './ingest/ledger-message-handlers';
import { AppendLedgerEntry } from './ledger/append-ledger-entry.usecase';
import { LedgerEntryEntity } from './ledger/ledger-entry.entity';
import { LedgerRepository } from './ledger/ledger.repository';
import { LEDGER_LEASE_TTL_MS, LedgerWriterLease } from './ledger/ledger-writer-lease';
import { LedgerMetrics } from './metrics/ledger-metrics';
import { LedgerStatsRepository } from './metrics/ledger-stats.repository';
import { AuditSchema1764500000000 } from './migrations/1764500000000-audit-schema';
import { LedgerAppendOnly1764730000000 } from './migrations/1764730000000-ledger-append-only';
import { LedgerCheckpoints1764730000001 } from './migrations/1764730000001-ledger-checkpoints';
import { ReportIndexes1764740000000 } from './migrations/1764740000000-report-indexes';
import { BusKeys1764760000000 } from './migrations/1764760000000-bus-keys';
import { ReportsController } from './reports/reports.controller';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';
import { LedgerTree } from './tree/ledger-tree';
import { LedgerVerificationController } from './verify/ledger-verification.controller';
import { LedgerVerificationService } from './verify/ledger-verification.service';

export const AUDIT_ENTITIES = [LedgerEntryEntity];
export const AUDIT_MIGRATIONS = [
  AuditSchema1764500000000,
  LedgerAppendOnly1764730000000,
  LedgerCheckpoints1764730000001,
  ReportIndexes1764740000000,
  BusKeys1764760000000,
];

/**
 * The audit service: ledger consumers on EXCHANGE and EVENTS, the Merkle tree and signed
 * checkpoints over the ledger, queries, proofs, the verify run and dead letters put back over
 * NATS, `/health` and `/metrics`.
 */
@Module({})
export class AuditModule {
  static forRoot(config: AuditConfig, logger: Logger): DynamicModule {
    return {
      module: AuditModule,
      imports: appInfrastructure('audit', config, logger, {
        schema: 'audit',
        entities: AUDIT_ENTITIES,
        migrations: AUDIT_MIGRATIONS,
      }),
      controllers: [
        HealthController,
        MetricsController,
        AuditEventsController,
        LedgerProofsController,
        LedgerVerificationController,
        ReportsController,
        DeadLetterReplayController(RPC.replayAuditDeadLetter),
      ],
      providers: [
        ...ledgerProviders(config),
        LedgerMessageHandlers,
        { provide: CLOCK_SKEW_MS, useValue: config.clockSkewSeconds * 1000 },
        RegistryDirectory,
        mirroredCallerKeysProvider,
        AuditConsumers,
        DeadLetterQueue,
        DeadLetterReplay,
        AuditEventsService,
        LedgerVerificationService,
        ReportsRepository,
        ReportsService,
        LedgerStatsRepository,
        LedgerMetrics,
        {
          provide: HEALTH_CHECKS,
          inject: [DataSource, NatsClients],
          useFactory: (ds: DataSource, nats: NatsClients) => [databaseHealthCheck(ds), natsHealthCheck(nats)],
        },
      ],
    };
  }
}

/**
 * The ledger's writing and proving, as the audit wires them: the table, the writer's lease, the
 * append use case, the tree, the checkpoints and their signer, the proofs. The ledger benchmark
 * wires the same (`bench/lib/audit-ledger.ts`), with `Leases`, `NatsClients` and `ExchangeNames` of
 * its own.
 */
export function ledgerProviders(config: AuditConfig): Provider[] {
  return [
    LedgerRepository,
    { provide: LEDGER_LEASE_TTL_MS, useValue: config.ledgerLeaseSeconds * 1000 },
    LedgerWriterLease,
    AppendLedgerEntry,
    LedgerTree,
    CheckpointsRepository,
    CheckpointSigner,
    LedgerProofsService,
    { provide: CHECKPOINT_POLICY, useValue: { every: config.checkpointEvery, seconds: config.checkpointSeconds } },
    {
      provide: AUDIT_SIGNING_KEY,
      inject: [CheckpointsRepository],
      useFactory: (repository: CheckpointsRepository) => loadAuditSigningKey(config.signingKeyPem, repository),
    },
  ];
}
