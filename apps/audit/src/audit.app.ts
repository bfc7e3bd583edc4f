import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { startApp } from '@iren/messaging';
import { ensureDatabase, type AuditConfig } from '@iren/platform';
import { AuditModule } from './audit.module';

/** Starts the audit service: its ledger schema, its consumers on EXCHANGE and EVENTS, its query handlers. */
export async function startAudit(config: AuditConfig, logger: Logger): Promise<INestApplication> {
  await ensureDatabase(config.databaseUrl);
  return startApp(AuditModule.forRoot(config, logger), {
    name: 'audit',
    port: config.port,
    logger,
    rpc: true,
  });
}
