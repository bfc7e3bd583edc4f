import type { KV, KvEntry } from '@nats-io/kv';
import type { Logger } from 'pino';
import {
  operationRunsAt,
  verifyRegistryEntry,
  type GroupRecord,
  type NodeKeysRecord,
  type NodeRecord,
  type ServiceKeysRecord,
  type ServiceName,
  type SubscriptionRecord,
  type TokenRecord,
} from '@iren/contracts';

/** The registry's public key, which every value of the bucket must be signed with. */
export interface RegistryKey {
  keyId: string;
  publicKey: string;
}

/** Bucket values this copy would not take, and the last reason: what an attacker on the bus tried. */
export interface RefusedEntries {
  count: number;
  last?: { key: string; problem: string; at: string };
}

export type RegistryChange =
  | { kind: 'node'; id: string; value?: NodeRecord }
  | { kind: 'subscription'; id: string; value?: SubscriptionRecord }
  | { kind: 'token'; id: string; value?: TokenRecord }
  | { kind: 'group'; id: string; value?: GroupRecord }
  | { kind: 'keys'; id: string; value?: NodeKeysRecord }
  | { kind: 'services'; id: string; value?: ServiceKeysRecord };

/**
 * A read-only, in-memory copy of the registry's KV bucket, kept current by a watch. Apps other
 * than the registry read members, subscriptions and credentials from here, never from its tables.
 * Only what the registry signed is taken: a value written by anyone else, a bare KV delete, or a
 * signed value older than the one held is refused (counted and logged) and the held value stays.
 */
export class RegistryMirror {
  readonly nodes = new Map<string, NodeRecord>();
  readonly subscriptions = new Map<string, SubscriptionRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** Groups and operations by id. */
  readonly groups = new Map<string, GroupRecord>();
  /** Nodes' public signing keys (active and retired) by node id. */
  readonly keys = new Map<string, NodeKeysRecord>();
  /** Services' public signing keys by service. */
  readonly services = new Map<string, ServiceKeysRecord>();
  readonly refused: RefusedEntries = { count: 0 };
  /** When the registry signed the value held for each key: an older signed value is a replay. */
  private readonly signedAt = new Map<string, string>();
  private readonly listeners: ((change: RegistryChange) => void)[] = [];
  private stopWatch?: () => void;
  private stopped = false;
  /** False from the moment the watch ends until a new one has loaded the bucket again. */
  private watching = false;
  /** When this copy last held every change the bucket had (loaded, or caught up). */
  private caughtUpAt = 0;
  /** Since when catching up has found the watch behind a bucket that answers; undefined when it was not. */
  private behindSince?: number;
  /** Stream sequence of the last bucket entry applied to this copy. */
  private revision = 0;
  /** Re-checked after every entry applied, whatever its key. */
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly kv: KV,
    private readonly registryKey: RegistryKey,
    private readonly logger: Logger,
    /** What time it is, for operations' windows and how long ago this copy caught up; tests pass their own. */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Loads every current value, then follows changes until `stop()`; resolves once the initial
   * values are in. A watch that ends on its own (its consumer lost with the server) is opened again,
   * with a pause that grows while it keeps failing: a copy that stops following must not stay frozen.
   */
  async start(): Promise<void> {
    const status = await this.kv.status();
    const watcher = await this.kv.watch({ key: '>' });
    this.stopWatch = () => watcher.stop();
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    if (status.values === 0) markReady();
    void (async () => {
      for await (const entry of watcher) {
        this.apply(entry);
        if (entry.isUpdate || entry.delta === 0) markReady();
      }
    })()
      .catch((error: unknown) => this.logger.error({ err: error }, 'registry watch failed'))
      .finally(() => {
        this.watching = false;
        if (this.stopped) return;
        this.logger.error('registry watch ended; opening it again');
        void this.restart().then(markReady);
      });
    await ready;
    this.watching = true;
    this.caughtUpAt = this.now();
    this.behindSince = undefined;
  }

  stop(): void {
    this.stopped = true;
    this.stopWatch?.();
  }

  /**
   * True while this copy caught up with the bucket within the last `boundMs` (only a running watch
   * catches up): what it says about tokens and suspensions is then at most that old. A caller that acts on
   * credentials refuses to when it is not (README, Operations: the registry health check).
   */
  following(boundMs: number, now = this.now()): boolean {
    // A watch that ended (NATS away) stops the catching up: what the copy holds ages from then.
    return !this.stopped && now - this.caughtUpAt <= boundMs;
  }

  /**
   * Waits until this copy holds every change the bucket had when called (at most `timeoutMs`):
   * a change the registry acknowledged before a message arrived then applies to that message —
   * a filter to the next message, a suspension to the next delivery. Resolves false on timeout.
   */
  async catchUp(timeoutMs = 2000): Promise<boolean> {
    const asked = this.now();
    const target = (await this.kv.status()).streamInfo.state.last_seq;
    const caughtUp = await this.waitUntil(() => this.revision >= target, timeoutMs);
    if (caughtUp) {
      this.caughtUpAt = Math.max(this.caughtUpAt, asked);
      this.behindSince = undefined;
    } else {
      this.noticeBehind(asked);
    }
    return caughtUp;
  }

  /**
   * A watch that stays behind a bucket that answers has stalled without ending (its consumer lost
   * and not made again): it is stopped, and so opened again like one that ended.
   */
  private noticeBehind(asked: number): void {
    this.behindSince ??= asked;
    if (!this.watching || this.now() - this.behindSince < STALLED_AFTER_MS) return;
    this.behindSince = undefined;
    this.logger.error({ revision: this.revision }, 'registry watch stalled behind the bucket; opening it again');
    this.stopWatch?.();
  }

  private now(): number {
    return this.clock().getTime();
  }

  private async restart(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(RESTART_MAX_MS, RESTART_MS * 2 ** attempt)).unref());
      if (this.stopped) return;
      try {
        await this.start();
        this.logger.info('registry watch open again');
        return;
      } catch (error) {
        this.logger.warn({ err: error, attempt }, 'registry watch could not be opened again; retrying');
      }
    }
  }

  onChange(listener: (change: RegistryChange) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /**
   * Resolves true once `check` holds (re-checked on every change), false after `timeoutMs`: lets a
   * caller that just changed the registry read its own write from the mirror.
   */
  waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  node(id: string): NodeRecord | undefined {
    return this.nodes.get(id);
  }

  nodesOfCountry(country: string): NodeRecord[] {
    return [...this.nodes.values()].filter((n) => n.country === country);
  }

  /** The members of a GROUP; undefined when there is no such group (an operation is not one). */
  groupMembers(groupId: string): string[] | undefined {
    const group = this.groups.get(groupId);
    return group?.kind === 'GROUP' ? group.members : undefined;
  }

  /**
   * The members of an OPERATION while it runs (`startsAt <= now < endsAt`), none outside that
   * window, so membership lapses at the end without anyone removing it; undefined when unknown.
   */
  operationMembers(operationId: string): string[] | undefined {
    const operation = this.operation(operationId);
    if (operation === undefined) return undefined;
    return operation.running ? operation.members : [];
  }

  /** An operation's window, whether it runs now, and all its members; undefined when unknown. */
  operation(
    operationId: string,
  ): { startsAt: string; endsAt: string; running: boolean; members: string[] } | undefined {
    const group = this.groups.get(operationId);
    if (group?.kind !== 'OPERATION' || group.startsAt === undefined || group.endsAt === undefined) return undefined;
    const { startsAt, endsAt, members } = group;
    return { startsAt, endsAt, running: operationRunsAt(group, this.clock()), members };
  }

  /** A node's registered signing keys, public parts only; undefined when it has none. */
  keysOf(nodeId: string): NodeKeysRecord | undefined {
    return this.keys.get(nodeId);
  }

  token(hash: string): TokenRecord | undefined {
    return this.tokens.get(hash);
  }

  /** A service's public signing keys, as the registry published them. */
  serviceKeys(service: ServiceName): ServiceKeysRecord | undefined {
    return this.services.get(service);
  }

  private apply(entry: KvEntry): void {
    this.applyEntry(entry);
    this.revision = Math.max(this.revision, entry.revision);
    for (const waiter of [...this.waiters]) waiter();
  }

  private applyEntry(entry: KvEntry): void {
    const dot = entry.key.indexOf('.');
    const prefix = entry.key.slice(0, dot);
    // Own keys only: `__proto__.x` or `constructor.x` would otherwise find Object's members.
    const kind = Object.hasOwn(KIND_OF_PREFIX, prefix) ? KIND_OF_PREFIX[prefix] : undefined;
    if (!kind) return;
    const id = entry.key.slice(dot + 1);
    const record = this.verified(entry);
    if (record === REFUSED) return;
    const map = this.mapOf(kind);
    if (record === null) map.delete(id);
    else map.set(id, record);
    const change = { kind, id, value: record ?? undefined } as RegistryChange;
    for (const listener of this.listeners) listener(change);
  }

  /** The record the registry signed under the entry's key (null: removed), or REFUSED. */
  private verified(entry: KvEntry): unknown {
    if (entry.operation !== 'PUT') return this.refuse(entry.key, `a ${entry.operation} the registry did not sign`);
    let value: unknown;
    try {
      value = entry.json<unknown>();
    } catch {
      return this.refuse(entry.key, 'not JSON');
    }
    const verdict = verifyRegistryEntry(entry.key, value, this.registryKey);
    if ('problem' in verdict) return this.refuse(entry.key, verdict.problem);
    const held = this.signedAt.get(entry.key);
    if (held !== undefined && verdict.entry.signedAt < held) {
      return this.refuse(entry.key, `signed at ${verdict.entry.signedAt}, before the value held (${held})`);
    }
    this.signedAt.set(entry.key, verdict.entry.signedAt);
    return verdict.entry.record;
  }

  private refuse(key: string, problem: string): typeof REFUSED {
    this.refused.count += 1;
    this.refused.last = { key, problem, at: new Date().toISOString() };
    this.logger.warn({ key, problem }, 'registry bucket value refused: not signed by the registry');
    return REFUSED;
  }

  private mapOf(kind: RegistryChange['kind']): Map<string, unknown> {
    const maps = {
      node: this.nodes,
      subscription: this.subscriptions,
      token: this.tokens,
      group: this.groups,
      keys: this.keys,
      services: this.services,
    };
    return maps[kind] as Map<string, unknown>;
  }
}

const REFUSED = Symbol('refused');
/** First and longest pause before opening an ended watch again. */
const RESTART_MS = 250;
const RESTART_MAX_MS = 5_000;
/** How long catching up may keep finding the watch behind before it is taken for stalled. */
const STALLED_AFTER_MS = 10_000;

const KIND_OF_PREFIX: Record<string, RegistryChange['kind'] | undefined> = {
  nodes: 'node',
  subscriptions: 'subscription',
  tokens: 'token',
  groups: 'group',
  keys: 'keys',
  services: 'services',
};
