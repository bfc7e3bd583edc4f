/**
 * `npm run reconcile [-- --app gateway|registry]`: one pass of an outbox's reconciler, as an
 * operator runs it after the NATS server lost what it had acknowledged (a power cut before its
 * next sync): every message the app's outbox sent and the broker no longer holds is sent again and
 * recorded in the ledger (`bus.resent`). The app itself does the same every minute; this does it
 * now. Run it with the app's own environment (`DATABASE_URL`, `NATS_URL`, `NATS_CREDS_DIR`, ...).
 * Prints what it found; exits 0 when the pass completed, 1 when it could not.
 */
import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import {
  appInfrastructure,
  EventOutbox,
  OutboxReconcilerHost,
  OutboxRelayHost,
  OutboxRepository,
  RECONCILE_AFTER_SECONDS,
} from '@iren/messaging';
import { createRootLogger, loadBaseConfig } from '@iren/platform';

const OUTBOX_APPS = ['gateway', 'registry'] as const;
type OutboxApp = (typeof OUTBOX_APPS)[number];

@Module({})
class ReconcileModule {
  static forApp(app: OutboxApp): DynamicModule {
    const config = loadBaseConfig(process.env);
    const logger = createRootLogger(`${app}-reconcile`, config.logLevel);
    return {
      module: ReconcileModule,
      imports: appInfrastructure(app, config, logger, { schema: app, entities: [], migrations: [] }),
      providers: [
        {
          provide: OutboxRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new OutboxRepository(ds, app),
        },
        {
          provide: EventOutbox,
          inject: [ExchangeNames, OutboxRepository],
          useFactory: (names: ExchangeNames, outbox: OutboxRepository) => new EventOutbox(names, outbox),
        },
        { provide: RECONCILE_AFTER_SECONDS, useValue: config.reconcileAfterSeconds },
        OutboxRelayHost,
        OutboxReconcilerHost,
      ],
    };
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { app: { type: 'string', default: 'gateway' } } });
  const app = values.app as OutboxApp;
  if (!OUTBOX_APPS.includes(app)) {
    console.error(`--app must be one of ${OUTBOX_APPS.join(', ')}`);
    return 2;
  }
  const context = await NestFactory.createApplicationContext(ReconcileModule.forApp(app), { logger: false });
  try {
    const report = await context.get(OutboxReconcilerHost).reconcileInTurn();
    // The bus.resent events it recorded go out before it stops.
    await context.get(OutboxRelayHost).relay.flush();
    console.log(
      `${app} outbox: ${report.checked} sent messages checked, ${report.verified} verified on disk, ` +
        `${report.recent} too recent to verify yet, ${report.resent} lost by the broker and sent again`,
    );
    return 0;
  } catch (error) {
    console.error(`reconciliation failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await context.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`reconciliation could not start: ${(error as Error).message}`);
    process.exit(1);
  },
);
