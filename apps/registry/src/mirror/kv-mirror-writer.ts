import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { REGISTRY_KEYS } from '@iren/contracts';
import { ROOT_LOGGER } from '@iren/platform';
import { GroupsRepository } from '../groups/groups.repository';
import { NodeKeysRepository } from '../keys/node-keys.repository';
import { NodesRepository } from '../nodes/nodes.repository';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository';
import { TokensRepository } from '../tokens/tokens.repository';

export const REGISTRY_KV = Symbol('REGISTRY_KV');

const RESYNC_EVERY_MS = 60_000;
const RETRY_AFTER_MS = 2_000;

/**
 * Keeps the NATS KV bucket a faithful copy of the registry's tables. After each commit the changed
 * key is re-read from PostgreSQL and put (last write wins with the database's truth); if NATS is
 * away the change is caught up by a full resync, retried until it succeeds and repeated every minute.
 */
@Injectable()
export class KvMirrorWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private dirty = false;

  constructor(
    @Inject(REGISTRY_KV) private readonly kv: KV,
    private readonly nodes: NodesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly tokens: TokensRepository,
    private readonly groups: GroupsRepository,
    private readonly keys: NodeKeysRepository,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: KvMirrorWriter.name });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.resync();
    this.schedule(RESYNC_EVERY_MS);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }

  async syncNode(id: string): Promise<void> {
    await this.guard(async () => {
      const node = await this.nodes.find(id);
      if (node) await this.kv.put(REGISTRY_KEYS.node(id), JSON.stringify(node.toRecord()));
      else await this.kv.delete(REGISTRY_KEYS.node(id));
    });
  }

  async syncSubscription(nodeId: string): Promise<void> {
    await this.guard(async () => {
      const subscription = await this.subscriptions.find(nodeId);
      if (subscription) await this.kv.put(REGISTRY_KEYS.subscription(nodeId), JSON.stringify(subscription.toRecord()));
    });
  }

  async syncToken(hash: string): Promise<void> {
    await this.guard(async () => {
      const token = await this.tokens.findByHash(hash);
      if (token && !token.revokedAt) await this.kv.put(REGISTRY_KEYS.token(hash), JSON.stringify(token.toRecord()));
      else await this.kv.delete(REGISTRY_KEYS.token(hash));
    });
  }

  /** Puts a group or operation with its members, or deletes its key when the row is gone. */
  async syncGroup(id: string): Promise<void> {
    await this.guard(async () => {
      const group = await this.groups.find(id);
      if (group) await this.kv.put(REGISTRY_KEYS.group(id), JSON.stringify(group));
      else await this.kv.delete(REGISTRY_KEYS.group(id));
    });
  }

  /** Puts a node's public signing keys (`keys.<node>`). */
  async syncKeys(nodeId: string): Promise<void> {
    await this.guard(async () => {
      const record = await this.keys.recordOf(nodeId);
      if (record.keys.length > 0) await this.kv.put(REGISTRY_KEYS.keys(nodeId), JSON.stringify(record));
      else await this.kv.delete(REGISTRY_KEYS.keys(nodeId));
    });
  }

  /** Puts every row and deletes every key that no longer has one. */
  async resync(): Promise<void> {
    const wanted = new Map<string, string>();
    for (const n of await this.nodes.list()) wanted.set(REGISTRY_KEYS.node(n.id), JSON.stringify(n.toRecord()));
    for (const s of await this.subscriptions.list())
      wanted.set(REGISTRY_KEYS.subscription(s.nodeId), JSON.stringify(s.toRecord()));
    for (const t of await this.tokens.listActive())
      wanted.set(REGISTRY_KEYS.token(t.hash), JSON.stringify(t.toRecord()));
    for (const g of await this.groups.list()) wanted.set(REGISTRY_KEYS.group(g.id), JSON.stringify(g));
    for (const k of await this.keys.listRecords()) wanted.set(REGISTRY_KEYS.keys(k.nodeId), JSON.stringify(k));
    const present = new Set<string>();
    for await (const key of await this.kv.keys()) present.add(key);
    for (const [key, value] of wanted) {
      const current = present.has(key) ? await this.kv.get(key) : null;
      if (current?.operation !== 'PUT' || current.string() !== value) await this.kv.put(key, value);
    }
    for (const key of present) if (!wanted.has(key)) await this.kv.delete(key);
    this.dirty = false;
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn({ err: error }, 'KV mirror update failed; a resync will catch it up');
      this.dirty = true;
      this.schedule(RETRY_AFTER_MS);
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.resync()
        .catch((error: unknown) => {
          this.dirty = true;
          this.logger.warn({ err: error }, 'KV resync failed; retrying');
        })
        .finally(() => this.schedule(this.dirty ? RETRY_AFTER_MS : RESYNC_EVERY_MS));
    }, ms);
    this.timer.unref();
  }
}
