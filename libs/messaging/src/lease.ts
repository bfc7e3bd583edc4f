import { performance } from 'node:perf_hooks';
import type { KV, KvEntry } from '@nats-io/kv';
import type { Logger } from 'pino';
import { UnavailableError } from '@iren/platform';

/** What an instance writes into the lease's key while it holds it. */
export interface LeaseRecord {
  /** The instance holding it (`<app>@<host>:<pid>/<random>`): unique per process. */
  holder: string;
  /** When this holder took it, by its own clock: shown to operators, never used to judge lapse. */
  since: string;
}

/** What the instance knows of a lease: shown in `/health` (`details.leases`) and as a metric. */
export interface LeaseState {
  lease: string;
  /** True while this instance holds it (renewed recently enough: see `Lease`). */
  held: boolean;
  /** Who holds it as last read, this instance included; null when nobody does. */
  holder: string | null;
  since?: string;
  /** The key's revision as last written or read. */
  revision?: number;
  /** How long a renewal stands: a standby takes over about this long after the holder's last one. */
  ttlSeconds: number;
}

/**
 * Told when this instance takes the lease and when it is known to have lost it (another instance
 * took it, or this one released it); awaited, one at a time. A lapse by the clock alone is not a
 * loss: `held` answers false meanwhile, and the work refuses to act until a renewal goes through.
 */
export interface LeaseListener {
  acquired?(): void | Promise<void>;
  lost?(): void | Promise<void>;
}

export interface LeaseOptions {
  /** The key in the lease bucket: `<service>.<lease>`. */
  key: string;
  holder: string;
  /** How long a holder's last renewal stands: a standby takes a lease whose revision stood still that long. */
  ttlMs: number;
  /** Monotonic milliseconds (performance.now): tests move it instead of waiting. */
  clock?: () => number;
}

/** Share of the TTL the holder trusts its last renewal for: the rest absorbs timer lateness and clock drift. */
const TRUSTED_SHARE = 0.8;
/** The holder renews, and a standby looks, this many times per TTL. */
const TICKS_PER_TTL = 4;
const FAILURE_LOG_EVERY_MS = 60_000;

/**
 * A lease on one key of a NATS KV bucket: at most one instance of an app holds it at a time, and a
 * standby takes it over within about a TTL when the holder stops renewing (killed, paused, cut off).
 * Written for NATS 2.9, which has no per-key TTL: lapse is judged from the key's revision.
 *
 * - Acquire: `create` (fails when the key exists), or, when the key was released (deleted),
 *   `create` again over the delete marker.
 * - Renew, every TTL/4: `update(key, record, lastRevision)`. The server refuses it (wrong last
 *   sequence) when anyone else wrote the key since: that is how a holder learns it lost the lease.
 * - Take over: a standby reads the key every TTL/4 and remembers its revision and when, on its own
 *   monotonic clock, it first saw it. Once the same revision has stood for a whole TTL, it writes
 *   with `update(key, record, thatRevision)`: only one standby can succeed, and only if the holder
 *   did not renew meanwhile. Lapse is judged by the server's revision and the standby's own
 *   monotonic clock, never by the holder's clock, nor by comparing the entry's server timestamp with
 *   a local wall clock (which would take a lease early, by the clock skew between two machines).
 * - The holder trusts its lease for 0.8 × TTL after it *sent* the renewal the server took. A
 *   standby first saw that revision no earlier than it was written, so it cannot take the lease
 *   before a whole TTL after that send: the holder stops acting first.
 * - Paused past its TTL (SIGSTOP, a long GC, a VM frozen): `held` answers false as soon as the
 *   process runs again, before any timer of its work fires, since it is computed from the clock,
 *   not from a flag the renewal sets. Work checks `held` (or `assertHeld`) before acting; the next
 *   renewal then finds the key rewritten and the instance becomes a standby (`lost`), or, when no
 *   standby took it meanwhile, its revision still current and it holds the lease again. The listener
 *   hears nothing of a lapse that ends so (a busy event loop late with a renewal, say): a writer
 *   keeps its consumers and the messages in hand, in stream order, and carries on.
 * - Release on shutdown: `delete` with the last revision, so a standby takes it at its next look
 *   instead of a TTL later.
 *
 * A lease bounds who acts, not what an action does once started: where two writers would do harm
 * (the ledger), a fence stays behind it (the ledger's PostgreSQL advisory lock serialises appends
 * whoever makes them, so a holder that lost its lease mid-append still chains from the true head).
 */
export class Lease {
  private revision?: number;
  private renewedAt?: number;
  private record?: LeaseRecord;
  private seen?: { revision: number; at: number; record: LeaseRecord | null };
  private reported = false;
  private timer?: NodeJS.Timeout;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = true;
  private failingSince?: number;
  private lastFailureLog = 0;
  private readonly clock: () => number;

  constructor(
    private readonly kv: KV,
    private readonly options: LeaseOptions,
    private readonly listener: LeaseListener,
    private readonly logger: Logger,
  ) {
    if (!(options.ttlMs >= 100))
      throw new Error(`lease ${options.key}: ttlMs must be at least 100, got ${options.ttlMs}`);
    this.clock = options.clock ?? (() => performance.now());
  }

  get key(): string {
    return this.options.key;
  }

  /** Whether this instance holds the lease now: its last renewal the server took is recent enough. */
  get held(): boolean {
    return this.renewedAt !== undefined && this.clock() - this.renewedAt < this.options.ttlMs * TRUSTED_SHARE;
  }

  /** Throws `LeaseLostError` unless held: for work to call right before it acts. */
  assertHeld(): void {
    if (!this.held) throw new LeaseLostError(this.options.key);
  }

  state(): LeaseState {
    const held = this.held;
    const record = held ? this.record : this.seen?.record;
    return {
      lease: this.options.key,
      held,
      holder: record?.holder ?? null,
      ttlSeconds: this.options.ttlMs / 1000,
      ...(record && { since: record.since }),
      ...((held ? this.revision : this.seen?.revision) !== undefined && {
        revision: held ? this.revision : this.seen?.revision,
      }),
    };
  }

  /** Starts trying to take the lease, and keeping it once taken; resolves after the first try. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.tick().catch((error: unknown) => this.stepFailed(error));
    this.schedule(this.options.ttlMs / TICKS_PER_TTL);
  }

  /** Stops renewing and, when held, releases the lease (its `lost` is told first). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const revision = this.revision;
    await this.report(false);
    this.revision = undefined;
    this.renewedAt = undefined;
    if (revision === undefined) return;
    await this.kv.delete(this.options.key, { previousSeq: revision }).then(
      () => this.logger.info({ lease: this.options.key }, 'lease released'),
      (error: unknown) => this.logger.warn({ err: error, lease: this.options.key }, 'lease not released; it lapses'),
    );
  }

  /** One step: renew when holding (or lately holding), else look and take it if free or lapsed. */
  tick(): Promise<void> {
    const run = this.ticking.then(() => this.step());
    this.ticking = run.catch(() => undefined);
    return run;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick()
        .catch((error: unknown) => this.stepFailed(error))
        .finally(() => this.schedule(this.options.ttlMs / TICKS_PER_TTL));
    }, delayMs);
    this.timer.unref();
  }

  /** Logged once, then once a minute while it keeps failing (NATS away): not four times a second. */
  private stepFailed(error: unknown): void {
    const now = this.clock();
    if (this.failingSince !== undefined && now - this.lastFailureLog < FAILURE_LOG_EVERY_MS) return;
    this.failingSince ??= now;
    this.lastFailureLog = now;
    this.logger.warn(
      { err: error, lease: this.options.key, failingForMs: Math.round(now - this.failingSince), held: this.held },
      'lease not renewed or looked at; trying again',
    );
  }

  private async step(): Promise<void> {
    // Lapsed by the clock (a pause, a slow server): `held` already refuses the work; the renewal
    // below says whether the lease was really lost.
    if (this.revision !== undefined) await this.renew();
    else await this.acquire();
    this.failingSince = undefined;
  }

  private async renew(): Promise<void> {
    const sentAt = this.clock();
    const record = this.record!;
    try {
      this.revision = await this.kv.update(this.options.key, JSON.stringify(record), this.revision!);
      this.renewedAt = sentAt;
      await this.report(true);
    } catch (error) {
      if (!isWrongRevision(error)) throw error;
      this.logger.warn({ lease: this.options.key }, 'lease lost: another instance took it after this one lapsed');
      this.revision = undefined;
      this.renewedAt = undefined;
      await this.report(false);
      await this.acquire(); // as a standby now: looks who holds it
    }
  }

  private async acquire(): Promise<void> {
    const now = this.clock();
    const entry = await this.kv.get(this.options.key);
    const record: LeaseRecord = { holder: this.options.holder, since: new Date().toISOString() };
    if (!entry || entry.operation !== 'PUT') {
      await this.take(record, () => this.kv.create(this.options.key, JSON.stringify(record)), now);
      return;
    }
    if (this.seen?.revision !== entry.revision) {
      this.seen = { revision: entry.revision, at: now, record: parseRecord(entry) };
      return;
    }
    if (now - this.seen.at < this.options.ttlMs) return;
    const lapsed = this.seen;
    const revision = lapsed.revision;
    await this.take(record, () => this.kv.update(this.options.key, JSON.stringify(record), revision), now);
    if (this.revision !== undefined) {
      this.logger.warn(
        { lease: this.options.key, previousHolder: lapsed.record?.holder, stoodStillMs: Math.round(now - lapsed.at) },
        'lease taken over: its holder stopped renewing',
      );
    }
  }

  private async take(record: LeaseRecord, write: () => Promise<number>, sentAt: number): Promise<void> {
    try {
      this.revision = await write();
    } catch (error) {
      if (isWrongRevision(error)) return; // another instance wrote first: look again next time
      throw error;
    }
    this.record = record;
    this.renewedAt = sentAt;
    this.seen = undefined;
    this.logger.info({ lease: this.options.key, holder: record.holder }, 'lease acquired');
    await this.report(true);
  }

  /** Tells the listener when `held` changed since it was last told. */
  private async report(held: boolean): Promise<void> {
    if (this.reported === held) return;
    this.reported = held;
    try {
      await (held ? this.listener.acquired?.() : this.listener.lost?.());
    } catch (error) {
      this.logger.error(
        { err: error, lease: this.options.key },
        `lease listener failed when ${held ? 'acquired' : 'lost'}`,
      );
    }
  }
}

/**
 * Work refused because this instance does not hold the lease (any longer). Unavailable, not wrong:
 * a consumer holds the message and its worker, stopped as the lease is lost, leaves it for the
 * holder, without counting it a failed delivery.
 */
export class LeaseLostError extends UnavailableError {
  constructor(readonly lease: string) {
    super(`this instance does not hold the lease ${lease}`);
    this.name = 'LeaseLostError';
  }
}

/** The server refused a write whose expected revision was not the key's last (JetStream error 10071). */
function isWrongRevision(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 10071 || /wrong last sequence|key exists/i.test(String((error as Error)?.message ?? error));
}

function parseRecord(entry: KvEntry): LeaseRecord | null {
  try {
    const value = entry.json<Partial<LeaseRecord>>();
    return typeof value.holder === 'string' && typeof value.since === 'string'
      ? { holder: value.holder, since: value.since }
      : null;
  } catch {
    return null;
  }
}
