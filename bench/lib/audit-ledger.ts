/**
 * The audit's ledger for `bench/ledger.bench.ts`: its real append use case, tree, checkpoint signer
 * and proofs service, wired by Nest as the audit wires them, on a database of its own, with the
 * checkpoint policy the audit's configuration gives (`IREN_CHECKPOINT_EVERY`, `_SECONDS`). The
 * consumers, queries and registry mirror of the audit app are left out: they are not on this path.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import { Leases, NatsClients } from '@iren/messaging';
import {
  appDataSourceOptions,
  type AuditConfig,
  createRootLogger,
  dropDatabase,
  ensureDatabase,
  loadAuditConfig,
  LoggerModule,
} from '@iren/platform';
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS, ledgerProviders } from '../../apps/audit/src/audit.module';
import { LedgerProofsService } from '../../apps/audit/src/checkpoints/ledger-proofs.service';
import { exchangeEventCommand } from '../../apps/audit/src/ingest/ledger-commands';
import { AppendLedgerEntry } from '../../apps/audit/src/ledger/append-ledger-entry.usecase';
import type { LedgerEntryDraft } from '../../apps/audit/src/ledger/ledger-entry';
import { LedgerRepository } from '../../apps/audit/src/ledger/ledger.repository';
import { LedgerTree } from '../../apps/audit/src/tree/ledger-tree';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const RECIPIENTS = ['KZ-PCU-AKTAU', 'KZ-HQ-ASTANA', 'UZ-HQ-TASHKENT'];

@Module({})
class AuditLedgerModule {
  static forRoot(config: AuditConfig, nats: NatsClients, names: ExchangeNames): DynamicModule {
    return {
      module: AuditLedgerModule,
      imports: [
        LoggerModule.forRoot(createRootLogger('audit', config.logLevel)),
        TypeOrmModule.forRoot(
          appDataSourceOptions({
            databaseUrl: config.databaseUrl,
            schema: 'audit',
            entities: AUDIT_ENTITIES,
            migrations: AUDIT_MIGRATIONS,
          }),
        ),
      ],
      providers: [
        ...ledgerProviders(config),
        { provide: NatsClients, useValue: nats },
        { provide: ExchangeNames, useValue: names },
        // The one writer: it takes the lease at start, and its checkpoint timer signs as the audit's does.
        {
          provide: Leases,
          useFactory: () => new Leases(nats, names, 'audit', [], undefined, createRootLogger('audit', config.logLevel)),
        },
      ],
    };
  }
}

/** The ledger of one benchmark run: append, prove, count; `close()` drops its database. */
export class AuditLedger {
  private serial = 0;

  private constructor(
    private readonly app: INestApplicationContext,
    readonly config: AuditConfig,
  ) {}

  static async start(): Promise<AuditLedger> {
    const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    const config = loadAuditConfig({
      ...process.env,
      NATS_URL,
      DATABASE_URL: `${PG_URL}/iren_bench_${run}`,
      IREN_NAMESPACE: `benchl${run}`,
      LOG_LEVEL: 'warn',
    });
    await ensureDatabase(config.databaseUrl);
    const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
    try {
      const nats = new NatsClients(nc, jetstream(nc), await jetstreamManager(nc));
      const module = AuditLedgerModule.forRoot(config, nats, new ExchangeNames(config.namespace));
      // A provider missing from the wiring is thrown with its name, not an exit with nothing said.
      const app = await NestFactory.createApplicationContext(module, { logger: false, abortOnError: false });
      app.enableShutdownHooks();
      return new AuditLedger(app, config);
    } catch (error) {
      await nc.close();
      await dropDatabase(config.databaseUrl);
      throw error;
    }
  }

  get append(): AppendLedgerEntry {
    return this.app.get(AppendLedgerEntry);
  }

  get proofs(): LedgerProofsService {
    return this.app.get(LedgerProofsService);
  }

  /** A tree of its own over the stored ledger, as a starting audit instance builds it. */
  freshTree(): LedgerTree {
    return new LedgerTree(this.app.get(LedgerRepository));
  }

  /** `count` ledger commands as the audit makes of `message.routed` events, each a new source. */
  drafts(count: number): LedgerEntryDraft[] {
    return Array.from({ length: count }, () => {
      const i = this.serial++;
      const origin = 'AZ-PCU-BAKU';
      return exchangeEventCommand(
        {
          id: randomUUID(),
          type: 'message.routed',
          at: new Date().toISOString(),
          node: origin,
          nodes: [origin, ...RECIPIENTS],
          messageId: randomUUID(),
          correlationId: `bench-${i}`,
          data: {
            kind: 'ALERT',
            tlp: 'AMBER',
            recipients: RECIPIENTS.map((node) => ({ node, reasons: ['filter:0'] })),
          },
        },
        undefined,
      );
    });
  }

  /** Entries and signed checkpoints stored. */
  async counts(): Promise<{ entries: number; checkpoints: number }> {
    const [row] = await this.app
      .get(DataSource)
      .query(
        'SELECT (SELECT count(*) FROM audit.ledger)::int AS entries, (SELECT count(*) FROM audit.checkpoints)::int AS checkpoints',
      );
    return row as { entries: number; checkpoints: number };
  }

  /** Closes the context (the signer finishes, the lease is released, NATS drains), drops the database and the lease bucket. */
  async close(): Promise<void> {
    try {
      await this.app.close();
    } finally {
      await dropDatabase(this.config.databaseUrl);
      const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
      await (
        await jetstreamManager(nc)
      ).streams
        .delete(new ExchangeNames(this.config.namespace).leaseBucketStream)
        .catch(() => undefined)
        .finally(() => nc.close());
    }
  }
}
