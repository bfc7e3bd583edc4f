import type { KV, KvEntry } from '@nats-io/kv';
import type { Logger } from 'pino';
import {
  operationRunsAt,
  type GroupRecord,
  type NodeKeysRecord,
  type NodeRecord,
  type SubscriptionRecord,
  type TokenRecord,
} from '@iren/contracts';

export type RegistryChange =
  | { kind: 'node'; id: string; value?: NodeRecord }
  | { kind: 'subscription'; id: string; value?: SubscriptionRecord }
  | { kind: 'token'; id: string; value?: TokenRecord }
  | { kind: 'group'; id: string; value?: GroupRecord }
  | { kind: 'keys'; id: string; value?: NodeKeysRecord };

/**
 * A read-only, in-memory copy of the registry's KV bucket, kept current by a watch. Apps other
 * than the registry read members, subscriptions and credentials from here, never from its tables.
 */
export class RegistryMirror {
  readonly nodes = new Map<string, NodeRecord>();
  readonly subscriptions = new Map<string, SubscriptionRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** Groups and operations by id. */
  readonly groups = new Map<string, GroupRecord>();
  /** Nodes' public signing keys (active and retired) by node id. */
  readonly keys = new Map<string, NodeKeysRecord>();
  private readonly listeners: ((change: RegistryChange) => void)[] = [];
  private stopWatch?: () => void;
  /** Stream sequence of the last bucket entry applied to this copy. */
  private revision = 0;
  /** Re-checked after every entry applied, whatever its key. */
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly kv: KV,
    private readonly logger: Logger,
    /** What time it is, for operations' windows; tests pass their own. */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Loads every current value, then follows changes; resolves once the initial values are in. */
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
    })().catch((error: unknown) => this.logger.error({ err: error }, 'registry watch ended'));
    await ready;
  }

  stop(): void {
    this.stopWatch?.();
  }

  /**
   * Waits until this copy holds every change the bucket had when called (at most `timeoutMs`):
   * a change the registry acknowledged before a message arrived then applies to that message —
   * a filter to the next message, a suspension to the next delivery. Resolves false on timeout.
   */
  async catchUp(timeoutMs = 2000): Promise<boolean> {
    const target = (await this.kv.status()).streamInfo.state.last_seq;
    return this.waitUntil(() => this.revision >= target, timeoutMs);
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

  private apply(entry: KvEntry): void {
    this.applyEntry(entry);
    this.revision = Math.max(this.revision, entry.revision);
    for (const waiter of [...this.waiters]) waiter();
  }

  private applyEntry(entry: KvEntry): void {
    const dot = entry.key.indexOf('.');
    const prefix = entry.key.slice(0, dot);
    const id = entry.key.slice(dot + 1);
    const deleted = entry.operation !== 'PUT';
    const value = deleted ? undefined : entry.json<unknown>();
    let change: RegistryChange | undefined;
    if (prefix === 'nodes') change = { kind: 'node', id, value: value as NodeRecord | undefined };
    if (prefix === 'subscriptions')
      change = { kind: 'subscription', id, value: value as SubscriptionRecord | undefined };
    if (prefix === 'tokens') change = { kind: 'token', id, value: value as TokenRecord | undefined };
    if (prefix === 'groups') change = { kind: 'group', id, value: value as GroupRecord | undefined };
    if (prefix === 'keys') change = { kind: 'keys', id, value: value as NodeKeysRecord | undefined };
    if (!change) return;
    const maps = {
      node: this.nodes,
      subscription: this.subscriptions,
      token: this.tokens,
      group: this.groups,
      keys: this.keys,
    };
    const map = maps[change.kind] as Map<string, unknown>;
    if (change.value === undefined) map.delete(id);
    else map.set(id, change.value);
    for (const listener of this.listeners) listener(change);
  }
}
