import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import { HEALTH_DETAILS, type HealthDetail, JobLock, ROOT_LOGGER } from '@iren/platform';
import { EventOutbox } from './event-outbox';
import { NatsClients } from './nats-clients';
import { NATS_OPTIONS, type NatsModuleOptions } from './nats.module';
import { OutboxRepository } from './outbox';
import { OutboxReconciler, type ReconcileReport } from './outbox-reconciler';
import { OutboxRelayHost } from './outbox-relay.host';

/** Seconds after which a sent message is taken to be on the broker's disk (`IREN_RECONCILE_AFTER_SECONDS`). */
export const RECONCILE_AFTER_SECONDS = Symbol('RECONCILE_AFTER_SECONDS');

/** How often the reconciler looks at what the outbox sent. */
export const RECONCILE_EVERY_MS = 60_000;

/**
 * Runs an app's outbox reconciler every minute for the app's lifetime (`OutboxReconciler`), tells
 * it each time the app's connection to NATS drops, and shows its last pass in `/health`
 * (`details.reconciliation`). A pass that cannot reach NATS or PostgreSQL is logged and tried
 * again at the next one. With several instances one reconciles at a time (`JobLock`), the others
 * skip that minute.
 */
@Injectable()
export class OutboxReconcilerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly reconciler: OutboxReconciler;
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private readonly logger: Logger;
  private readonly status: {
    lastPassAt?: string;
    /** When this instance's turn came while another instance reconciled the same outbox. */
    lastSkippedAt?: string;
    last?: ReconcileReport;
    resentSinceStart: number;
    failing?: string;
  } = { resentSinceStart: 0 };
  /**
   * One pass at a time across the app's instances: two would find the same rows missing from the
   * stream and each resend and record them (`bus.resent` twice in the ledger).
   */
  private readonly lock: JobLock;

  constructor(
    dataSource: DataSource,
    outbox: OutboxRepository,
    events: EventOutbox,
    private readonly nats: NatsClients,
    names: ExchangeNames,
    private readonly relay: OutboxRelayHost,
    @Inject(NATS_OPTIONS) options: NatsModuleOptions,
    @Inject(RECONCILE_AFTER_SECONDS) settleSeconds: number,
    @Inject(HEALTH_DETAILS) health: HealthDetail[],
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: OutboxReconciler.name });
    this.reconciler = new OutboxReconciler(
      dataSource,
      outbox,
      events,
      nats.jsm,
      names,
      (row) => relay.relay.publish(row),
      options.service,
      this.logger,
      { settleMs: settleSeconds * 1000 },
    );
    health.push({ name: 'reconciliation', detail: () => this.status });
    this.lock = new JobLock(dataSource, `${options.service}.outbox-reconciliation`);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce(), RECONCILE_EVERY_MS);
    this.timer.unref();
    void this.watchConnection();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }

  /** One pass, unless one is under way (then that one). */
  runOnce(): Promise<void> {
    this.pass ??= this.reconcile().finally(() => (this.pass = undefined));
    return this.pass;
  }

  /** One pass for an operator (`npm run reconcile`): waits for a pass another instance is making, then makes its own. */
  reconcileInTurn(): Promise<ReconcileReport> {
    return this.lock.run(() => this.reconciler.reconcile());
  }

  /** Every drop of the connection (a broker that stopped, or a link that did) is a possible loss. */
  private async watchConnection(): Promise<void> {
    for await (const status of this.nats.nc.status()) {
      if (status.type === 'disconnect') this.reconciler.sightLost();
    }
  }

  private async reconcile(): Promise<void> {
    try {
      const pass = await this.lock.tryRun(() => this.reconciler.reconcile());
      if (!pass.ran) {
        this.status.lastSkippedAt = new Date().toISOString();
        return;
      }
      const report = pass.value;
      this.status.lastPassAt = new Date().toISOString();
      this.status.last = report;
      this.status.resentSinceStart += report.resent;
      this.status.failing = undefined;
      if (report.resent > 0) this.relay.notify();
    } catch (error) {
      this.status.failing = (error as Error)?.message ?? String(error);
      this.logger.warn({ err: error }, 'reconciliation pass failed; trying again at the next');
    }
  }
}
