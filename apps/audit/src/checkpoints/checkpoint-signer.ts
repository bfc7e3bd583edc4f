import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { signCheckpoint, type Checkpoint } from '@iren/ledger';
import { NatsClients } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';
import { LedgerWriterLease } from '../ledger/ledger-writer-lease';
import { LedgerTree } from '../tree/ledger-tree';
import { AUDIT_SIGNING_KEY, type AuditSigningKey } from './audit-signing-key';
import { CheckpointsRepository } from './checkpoints.repository';

/**
 * When the audit signs: after a commit that leaves at least `every` entries unsigned, and every
 * `seconds` while the tree grew.
 */
export interface CheckpointPolicy {
  every: number;
  seconds: number;
}

export const CHECKPOINT_POLICY = Symbol('CHECKPOINT_POLICY');

/**
 * Signs the tree's size and root when it has grown by `every` entries since the last checkpoint,
 * and on a timer whenever it grew at all; stores each checkpoint and announces it on the core NATS
 * subject `<namespace>.ledger.checkpoints` (not a stream: a lost one is signed again or polled).
 *
 * The ledger grows by whole batches (one commit each), and a checkpoint signs the ledger as a
 * commit left it, never a size inside a batch: after each commit, once `every` or more entries
 * are unsigned, the whole ledger is signed. So no commit leaves `every` entries unsigned beyond
 * the signing itself, and checkpoints are at least `every` entries apart (between `every` and
 * `every` + a batch - 1 while the ledger grows in batches; exactly `every` with single appends on
 * one instance). A checkpoint per multiple of `every` would sign sizes no reader ever saw as the
 * ledger's head, and up to a batch's worth of them per commit, for no stronger guarantee.
 */
@Injectable()
export class CheckpointSigner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private signing: Promise<unknown> = Promise.resolve();
  private signedSize = 0;

  constructor(
    private readonly tree: LedgerTree,
    private readonly checkpoints: CheckpointsRepository,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
    @Inject(CHECKPOINT_POLICY) private readonly policy: CheckpointPolicy,
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly writer: LedgerWriterLease,
    @Inject(ROOT_LOGGER) root: Logger,
  ) {
    this.logger = root.child({ context: CheckpointSigner.name });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tree.sync();
    // The writer signs on the timer; a standby would sign the same tree again, for nothing.
    this.timer = setInterval(() => {
      if (this.writer.held) void this.signIfGrown(1);
    }, this.policy.seconds * 1000);
  }

  beforeApplicationShutdown(): Promise<unknown> {
    clearInterval(this.timer);
    return this.signing;
  }

  /** After an append's commit (one entry or a batch): signs once `every` entries are unsigned. Never fails the append. */
  afterAppend(): Promise<Checkpoint | null> {
    return this.signIfGrown(this.policy.every);
  }

  /** Signs when the tree holds at least `by` entries more than the latest checkpoint. */
  signIfGrown(by: number): Promise<Checkpoint | null> {
    const run = this.signing.then(() => this.signNow(by));
    this.signing = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      this.logger.error({ err: error }, 'could not sign a checkpoint; the next append or tick tries again');
      return null;
    });
  }

  private async signNow(by: number): Promise<Checkpoint | null> {
    const tree = await this.tree.sync();
    // The size last seen signed spares a query per append; another instance may have signed
    // since, so the table has the last word once the threshold looks reached.
    if (tree.size === 0 || tree.size - this.signedSize < by) return null;
    this.signedSize = (await this.checkpoints.latest())?.size ?? 0;
    if (tree.size - this.signedSize < by) return null;
    const size = tree.size;
    const timestamp = new Date().toISOString();
    const signed = signCheckpoint(
      this.key.privateKey,
      this.key.keyId,
      size,
      tree.root(size).toString('hex'),
      timestamp,
    );
    await this.checkpoints.add(signed);
    const stored = (await this.checkpoints.latest()) ?? signed;
    this.signedSize = stored.size;
    this.nats.nc.publish(this.names.checkpointSubject, JSON.stringify(stored));
    this.logger.info({ size: stored.size, rootHash: stored.rootHash }, 'checkpoint signed');
    return stored;
  }
}
