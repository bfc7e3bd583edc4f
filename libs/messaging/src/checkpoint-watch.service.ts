import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ExchangeNames } from '@iren/contracts';
import { NatsAuditLedgerSource } from './audit-ledger-source';
import { CheckpointWatchRepository, type CheckpointWatchState } from './checkpoint-watch.repository';
import { CheckpointWatcher } from './checkpoint-watcher';
import type { NatsClients } from './nats.module';

/** Seconds between polls of the audit service: the audit's default checkpoint period. */
export const CHECKPOINT_POLL_SECONDS = 10;

/**
 * An app's watch over the audit ledger's checkpoints, in its own schema's `checkpoint_watch`
 * table: started with the app, stopped before NATS drains, a `ledger` health check, and the
 * operator's acknowledgement of an alert.
 */
export class CheckpointWatchService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly store: CheckpointWatchRepository;
  readonly watcher: CheckpointWatcher;

  constructor(dataSource: DataSource, nats: NatsClients, names: ExchangeNames, schema: string, logger: Logger) {
    this.store = new CheckpointWatchRepository(dataSource, schema);
    this.watcher = new CheckpointWatcher(
      new NatsAuditLedgerSource(nats.nc, names),
      this.store,
      nats,
      names,
      { watcher: schema, pollSeconds: CHECKPOINT_POLL_SECONDS },
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.watcher.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.watcher.stop();
  }

  /** The `ledger` health check: down while an alert waits for an operator. */
  async healthy(): Promise<boolean> {
    return !(await this.store.alertOpen());
  }

  state(): Promise<CheckpointWatchState> {
    return this.store.load();
  }

  /** The operator trusts the ledger as it is now: the alert closes and the watch starts anew. */
  async acknowledge(): Promise<CheckpointWatchState> {
    await this.store.acknowledge();
    await this.watcher.poll();
    return this.store.load();
  }
}
