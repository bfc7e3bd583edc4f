import { StorageType } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { ExchangeNames, NodeRecord, SubscriptionRecord, TokenRecord } from '@iren/contracts';

/** The registry bucket's options, the same wherever it is opened (create is idempotent on equal options). */
const BUCKET_OPTIONS = { history: 1, storage: StorageType.File, max_value_size: 256 * 1024 };

/** Opens the registry bucket, creating it when missing (the registry passes the configured replicas). */
export async function openRegistryBucket(nc: NatsConnection, names: ExchangeNames, replicas = 1): Promise<KV> {
  return new Kvm(nc).create(names.registryBucket, { ...BUCKET_OPTIONS, replicas });
}

export type RegistryChange =
  | { kind: 'node'; id: string; value?: NodeRecord }
  | { kind: 'subscription'; id: string; value?: SubscriptionRecord }
  | { kind: 'token'; id: string; value?: TokenRecord };

/**
 * A read-only, in-memory copy of the registry's KV bucket, kept current by a watch. Apps other
 * than the registry read members, subscriptions and credentials from here, never from its tables.
 */
export class RegistryMirror {
  readonly nodes = new Map<string, NodeRecord>();
  readonly subscriptions = new Map<string, SubscriptionRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  private readonly listeners: ((change: RegistryChange) => void)[] = [];
  private stopWatch?: () => void;

  constructor(
    private readonly kv: KV,
    private readonly logger: Logger,
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
      const timer = setTimeout(() => {
        unsubscribe();
        resolve(false);
      }, timeoutMs);
      const unsubscribe = this.onChange(() => {
        if (!check()) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(true);
      });
    });
  }

  node(id: string): NodeRecord | undefined {
    return this.nodes.get(id);
  }

  nodesOfCountry(country: string): NodeRecord[] {
    return [...this.nodes.values()].filter((n) => n.country === country);
  }

  /** Groups are not held by the registry yet: every group is unknown. */
  groupMembers(_groupId: string): string[] | undefined {
    return undefined;
  }

  /** Operations are not held by the registry yet: every operation is unknown. */
  operationMembers(_operationId: string): string[] | undefined {
    return undefined;
  }

  token(hash: string): TokenRecord | undefined {
    return this.tokens.get(hash);
  }

  private apply(entry: KvEntry): void {
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
    if (!change) return;
    const map = { node: this.nodes, subscription: this.subscriptions, token: this.tokens }[change.kind] as Map<
      string,
      unknown
    >;
    if (change.value === undefined) map.delete(id);
    else map.set(id, change.value);
    for (const listener of this.listeners) listener(change);
  }
}
