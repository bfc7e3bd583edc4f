import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import { HEALTH_DETAILS, type HealthDetail, ROOT_LOGGER } from '@iren/platform';
import { NatsAuditLedgerSource } from './audit-ledger-source';
import { CheckpointWatchRepository, type CheckpointWatchState } from './checkpoint-watch.repository';
import { CheckpointWatcher, type IgnoredCheckpoints } from './checkpoint-watcher';
import { NatsClients } from './nats.module';
import { BusSigner } from './trust/bus-signer';

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

  constructor(
    dataSource: DataSource,
    nats: NatsClients,
    names: ExchangeNames,
    signer: BusSigner,
    schema: string,
    logger: Logger,
  ) {
    this.store = new CheckpointWatchRepository(dataSource, schema);
    this.watcher = new CheckpointWatcher(
      new NatsAuditLedgerSource(nats.nc, names, signer),
      this.store,
      nats,
      names,
      signer,
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

  /** What the watch holds, with the checkpoints it ignored since start (not signed by the pinned key). */
  async state(): Promise<CheckpointWatchState & { ignored: IgnoredCheckpoints }> {
    return { ...(await this.store.load()), ignored: this.watcher.ignored };
  }

  /** The operator trusts the ledger as it is now: the alert closes and the watch starts anew. */
  async acknowledge(): Promise<CheckpointWatchState & { ignored: IgnoredCheckpoints }> {
    await this.store.acknowledge();
    await this.watcher.poll();
    return this.state();
  }
}

/**
 * The app's watch, kept in its own schema (`gateway`, `registry`), with what it ignored reported
 * under `details.checkpoints` of its `/health`.
 */
export function checkpointWatchProvider(schema: string, context: string): Provider {
  return {
    provide: CheckpointWatchService,
    inject: [DataSource, NatsClients, ExchangeNames, BusSigner, HEALTH_DETAILS, ROOT_LOGGER],
    useFactory: (
      ds: DataSource,
      nats: NatsClients,
      names: ExchangeNames,
      signer: BusSigner,
      health: HealthDetail[],
      root: Logger,
    ) => {
      const watch = new CheckpointWatchService(ds, nats, names, signer, schema, root.child({ context }));
      health.push({ name: 'checkpoints', detail: () => watch.watcher.ignored });
      return watch;
    },
  };
}
