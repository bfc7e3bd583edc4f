import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ExchangeNames } from '@iren/contracts';
import { verifyLedgerView, type Checkpoint } from '@iren/ledger';
import { AuditUnavailableError, type AuditLedgerSource } from './audit-ledger-source';
import type { CheckpointWatchRepository, CheckpointWatchState } from './checkpoint-watch.repository';
import type { BusSigner } from './trust/bus-signer';

/** The event type of the alert a watcher raises on EVENTS. */
export const LEDGER_INCONSISTENT_EVENT = 'ledger.inconsistent';

/** What the watcher made of one checkpoint. */
export type WatchOutcome =
  { status: 'accepted' | 'unchanged' | 'stale' } | { status: 'refused' | 'ignored' | 'unavailable'; reason: string };

/** Checkpoints not signed by the pinned audit key, since start: counted, logged, never acted on. */
export interface IgnoredCheckpoints {
  count: number;
  last?: { reason: string; at: string };
}

export interface CheckpointWatcherOptions {
  /** Who watches (`gateway`, `registry`): named in logs and in the alert. */
  watcher: string;
  /** Seconds between polls of the audit service. */
  pollSeconds: number;
}

/**
 * Keeps the last checkpoint of the audit ledger an app has seen, and refuses a newer one that
 * does not extend it. Only a checkpoint signed by the pinned audit key (pinned on first use) is
 * acted on; anything else announced on the checkpoints subject or answered to a poll is counted,
 * logged and ignored, so that whoever can publish junk there cannot raise the alarm. A signed
 * checkpoint must be proved consistent with the held one: a rolled-back or forked ledger is
 * refused, the held checkpoint stays, an error is logged, a `ledger.inconsistent` event goes to
 * EVENTS and the alert stays open (the app's `/health` answers 503 naming `ledger`) until an
 * operator acknowledges it.
 */
export class CheckpointWatcher {
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private subscription?: Subscription;
  readonly ignored: IgnoredCheckpoints = { count: 0 };

  constructor(
    private readonly source: AuditLedgerSource,
    private readonly store: CheckpointWatchRepository,
    private readonly nats: { nc: NatsConnection; js: JetStreamClient },
    private readonly names: ExchangeNames,
    private readonly signer: BusSigner,
    private readonly options: CheckpointWatcherOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.subscription = this.nats.nc.subscribe(this.names.checkpointSubject, {
      callback: (error, msg) => {
        if (error) return;
        let checkpoint: Checkpoint;
        try {
          checkpoint = msg.json<Checkpoint>();
        } catch {
          this.ignore('not JSON');
          return;
        }
        void this.consider(checkpoint);
      },
    });
    this.timer = setInterval(() => void this.poll(), this.options.pollSeconds * 1000);
    void this.poll();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
    await this.queue;
  }

  /** Asks the audit service for its latest checkpoint and considers it. */
  async poll(): Promise<WatchOutcome> {
    try {
      const latest = await this.source.latestCheckpoint();
      return latest ? await this.consider(latest) : { status: 'unchanged' };
    } catch (error) {
      return this.unavailable(error);
    }
  }

  /** Checks one checkpoint against the held one; one at a time, in arrival order. */
  consider(offered: Checkpoint): Promise<WatchOutcome> {
    const run = this.queue.then(() => this.judge(offered)).catch((error: unknown) => this.unavailable(error));
    this.queue = run;
    return run;
  }

  private async judge(offered: Checkpoint): Promise<WatchOutcome> {
    if (typeof offered !== 'object' || offered === null) return this.ignore('not a checkpoint');
    const state = await this.pinned();
    const held = state.checkpoint;
    const key = state.publicKey as string;
    const signed = verifyLedgerView(offered, key);
    if (!signed.valid) return this.ignore(signed.reason);
    if (held === null) {
      await this.store.accept(offered);
      return { status: 'accepted' };
    }
    if (offered.size === held.size && offered.rootHash === held.rootHash) return { status: 'unchanged' };
    const [older, newer] = offered.size < held.size ? [offered, held] : [held, offered];
    // Every ledger extends the empty one, which the audit will not prove (it refuses `from` 0): no alarm for it.
    const proof = older.size === 0 ? [] : await this.source.consistencyProof(older.size, newer.size);
    if (proof === 'refused') {
      return this.refuse(
        offered,
        `the audit ledger cannot prove size ${newer.size} extends size ${older.size}: it no longer holds what was signed`,
      );
    }
    const verdict = verifyLedgerView(newer, key, older, proof);
    if (!verdict.valid) return this.refuse(offered, verdict.reason);
    if (offered === older) return { status: 'stale' };
    await this.store.accept(offered);
    return { status: 'accepted' };
  }

  /** The state, with the audit's key pinned on first use. */
  private async pinned(): Promise<CheckpointWatchState> {
    const state = await this.store.load();
    if (state.publicKey !== null) return state;
    const key = await this.source.publicKey();
    await this.store.pinKey(key.keyId, key.publicKey);
    return { ...state, keyId: key.keyId, publicKey: key.publicKey };
  }

  private ignore(reason: string): WatchOutcome {
    this.ignored.count += 1;
    this.ignored.last = { reason, at: new Date().toISOString() };
    this.logger.warn(
      { reason, watcher: this.options.watcher },
      'checkpoint not signed by the pinned audit key: ignored',
    );
    return { status: 'ignored', reason };
  }

  private async refuse(offered: Checkpoint, reason: string): Promise<WatchOutcome> {
    const { watcher } = this.options;
    this.logger.error({ offered, reason, watcher }, 'audit ledger checkpoint refused: rolled back or forked ledger');
    if (await this.store.raiseAlert(reason, offered)) {
      const event = {
        id: randomUUID(),
        type: LEDGER_INCONSISTENT_EVENT,
        at: new Date().toISOString(),
        nodes: [],
        data: { watcher, reason, offered: { size: offered.size, rootHash: offered.rootHash } },
      };
      await this.signer
        .publish(this.nats.js, this.names.eventSubject(event.type), JSON.stringify(event), { msgId: event.id })
        .catch((error: unknown) => this.logger.error({ err: error }, 'could not publish the ledger alert event'));
    }
    return { status: 'refused', reason };
  }

  private unavailable(error: unknown): WatchOutcome {
    if (!(error instanceof AuditUnavailableError)) this.logger.error({ err: error }, 'checkpoint check failed');
    return { status: 'unavailable', reason: (error as Error).message };
  }
}
