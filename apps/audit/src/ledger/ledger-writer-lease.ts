import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type Lease, type LeaseListener, LeaseLostError, Leases } from '@iren/messaging';

/** The lease's name: its key is `audit.ledger-writer`. */
export const LEDGER_WRITER_LEASE = 'ledger-writer';

/** How long the writer's lease stands without a renewal, in ms (`IREN_LEDGER_LEASE_SECONDS`). */
export const LEDGER_LEASE_TTL_MS = Symbol('LEDGER_LEASE_TTL_MS');

/**
 * Which audit instance writes the ledger: the holder of the `ledger-writer` lease consumes the
 * exchange and its events into the ledger and signs the checkpoints; the others stand by, answering
 * queries and proofs from the same table, and one of them takes over within seconds when the holder
 * stops renewing (killed, paused, cut off from NATS). The ledger's advisory lock stays the fence
 * behind the lease: a holder that lost it mid-append still chains from the head the last one
 * committed, so two writers for a moment make one chain, never a fork.
 */
@Injectable()
export class LedgerWriterLease implements OnApplicationBootstrap {
  private lease?: Lease;
  private readonly listeners: LeaseListener[] = [];

  constructor(
    private readonly leases: Leases,
    @Inject(LEDGER_LEASE_TTL_MS) private readonly ttlMs: number,
  ) {}

  /** `listener` is told, in registration order, when this instance becomes the writer and when it stops. */
  onChange(listener: LeaseListener): void {
    this.listeners.push(listener);
  }

  get held(): boolean {
    return this.lease?.held ?? false;
  }

  /** Throws `LeaseLostError` unless this instance is the writer now: right before it appends. */
  assertHeld(): void {
    if (!this.lease) throw new LeaseLostError(`audit.${LEDGER_WRITER_LEASE}`);
    this.lease.assertHeld();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.lease = await this.leases.acquire(
      LEDGER_WRITER_LEASE,
      {
        acquired: async () => {
          for (const l of this.listeners) await l.acquired?.();
        },
        lost: async () => {
          for (const l of this.listeners) await l.lost?.();
        },
      },
      this.ttlMs,
    );
  }
}
