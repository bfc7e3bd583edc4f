import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import {
  canonicalJson,
  REGISTRY_KEYS,
  type ServiceKeysRecord,
  signRegistryEntry,
  verifyRegistryEntry,
} from '@iren/contracts';
import { SERVICE_SIGNING_KEY, type ServiceSigningKey } from '@iren/messaging';
import { JobLock, ROOT_LOGGER } from '@iren/platform';
import { DataSource } from 'typeorm';
import { GroupsRepository } from '../groups/groups.repository';
import { NodeKeysRepository } from '../keys/node-keys.repository';
import { NodesRepository } from '../nodes/nodes.repository';
import { ServiceKeysRepository } from '../services/service-keys.repository';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository';
import { TokensRepository } from '../tokens/tokens.repository';

export const REGISTRY_KV = Symbol('REGISTRY_KV');

const RESYNC_EVERY_MS = 60_000;
const RETRY_AFTER_MS = 2_000;

/**
 * Keeps the NATS KV bucket a faithful, signed copy of the registry's tables. Every value is signed
 * with the registry's key together with its key name (`signRegistryEntry`), and a removed key gets
 * a signed tombstone rather than a KV delete, so readers believe only what the registry wrote.
 * After each commit the changed key is re-read from PostgreSQL and put (last write wins with the
 * database's truth); if NATS is away the change is caught up by a full resync, retried until it
 * succeeds and repeated every minute, which also overwrites whatever someone else wrote. Writes
 * are serialised across registry instances (`JobLock`), each reading the tables once its turn comes.
 */
@Injectable()
export class KvMirrorWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private dirty = false;
  /**
   * Every read-then-put, here and in the other registries, in turn: a resync that read a token
   * before its revocation committed cannot put it back after the revocation's tombstone.
   */
  private readonly writes: JobLock;

  constructor(
    @Inject(REGISTRY_KV) private readonly kv: KV,
    @Inject(SERVICE_SIGNING_KEY) private readonly key: ServiceSigningKey,
    private readonly nodes: NodesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly tokens: TokensRepository,
    private readonly groups: GroupsRepository,
    private readonly keys: NodeKeysRepository,
    private readonly serviceKeys: ServiceKeysRepository,
    dataSource: DataSource,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: KvMirrorWriter.name });
    this.writes = new JobLock(dataSource, 'registry.kv-mirror');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.resync();
    this.schedule(RESYNC_EVERY_MS);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }

  async syncNode(id: string): Promise<void> {
    await this.guard(async () => this.write(REGISTRY_KEYS.node(id), (await this.nodes.find(id))?.toRecord() ?? null));
  }

  async syncSubscription(nodeId: string): Promise<void> {
    await this.guard(async () => {
      const subscription = await this.subscriptions.find(nodeId);
      if (subscription) await this.write(REGISTRY_KEYS.subscription(nodeId), subscription.toRecord());
    });
  }

  async syncToken(hash: string): Promise<void> {
    await this.guard(async () => {
      const token = await this.tokens.findByHash(hash);
      await this.write(REGISTRY_KEYS.token(hash), token && !token.revokedAt ? token.toRecord() : null);
    });
  }

  /** Puts a group or operation with its members, or a tombstone when the row is gone. */
  async syncGroup(id: string): Promise<void> {
    await this.guard(async () => this.write(REGISTRY_KEYS.group(id), await this.groups.find(id)));
  }

  /** Puts a node's public signing keys (`keys.<node>`). */
  async syncKeys(nodeId: string): Promise<void> {
    await this.guard(async () => {
      const record = await this.keys.recordOf(nodeId);
      await this.write(REGISTRY_KEYS.keys(nodeId), record.keys.length > 0 ? record : null);
    });
  }

  /**
   * Puts a service's public signing keys (`services.<service>`). Unlike the others it fails when the
   * put does: the service waits for its key to be published before it signs anything.
   */
  async syncServiceKeys(service: ServiceKeysRecord['service']): Promise<void> {
    await this.guard(
      async () => this.write(REGISTRY_KEYS.services(service), await this.serviceKeys.recordOf(service)),
      { rethrow: true },
    );
  }

  /** Puts every row whose value differs and a tombstone under every key that no longer has one. */
  resync(): Promise<void> {
    return this.writes.run(() => this.resyncNow());
  }

  private async resyncNow(): Promise<void> {
    const wanted = new Map<string, unknown>();
    wanted.set(REGISTRY_KEYS.services('registry'), this.ownKeys());
    for (const n of await this.nodes.list()) wanted.set(REGISTRY_KEYS.node(n.id), n.toRecord());
    for (const s of await this.subscriptions.list()) wanted.set(REGISTRY_KEYS.subscription(s.nodeId), s.toRecord());
    for (const t of await this.tokens.listActive()) wanted.set(REGISTRY_KEYS.token(t.hash), t.toRecord());
    for (const g of await this.groups.list()) wanted.set(REGISTRY_KEYS.group(g.id), g);
    for (const k of await this.keys.listRecords()) wanted.set(REGISTRY_KEYS.keys(k.nodeId), k);
    for (const service of await this.serviceKeys.listServices()) {
      wanted.set(REGISTRY_KEYS.services(service), await this.serviceKeys.recordOf(service));
    }
    const present = new Set<string>();
    for await (const key of await this.kv.keys()) present.add(key);
    for (const key of present) if (!wanted.has(key)) wanted.set(key, null);
    for (const [key, record] of wanted) {
      if (!present.has(key) && record === null) continue;
      if (!present.has(key) || !(await this.holds(key, record))) await this.write(key, record);
    }
    this.dirty = false;
  }

  /** The registry's own key, which readers pin on first sight and check every other value against. */
  private ownKeys(): ServiceKeysRecord {
    const { keyId, publicKeyPem, createdAt } = this.key;
    return {
      service: 'registry',
      keys: [{ keyId, algorithm: 'Ed25519', publicKey: publicKeyPem, registeredAt: createdAt.toISOString() }],
    };
  }

  /** Whether the bucket already holds `record` under `key`, signed by this registry. */
  private async holds(key: string, record: unknown): Promise<boolean> {
    const current = await this.kv.get(key);
    if (current?.operation !== 'PUT') return false;
    let value: unknown;
    try {
      value = current.json<unknown>();
    } catch {
      return false;
    }
    const verdict = verifyRegistryEntry(key, value, { keyId: this.key.keyId, publicKey: this.key.publicKeyPem });
    return 'entry' in verdict && canonicalJson(verdict.entry.record) === canonicalJson(record);
  }

  /** Puts the record signed under its key; null puts a signed tombstone. */
  private async write(key: string, record: unknown): Promise<void> {
    await this.kv.put(key, JSON.stringify(signRegistryEntry(this.key, key, record)));
  }

  private async guard(work: () => Promise<void>, options: { rethrow?: boolean } = {}): Promise<void> {
    try {
      await this.writes.run(work);
    } catch (error) {
      this.logger.warn({ err: error }, 'KV mirror update failed; a resync will catch it up');
      this.dirty = true;
      this.schedule(RETRY_AFTER_MS);
      if (options.rethrow) throw error;
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
