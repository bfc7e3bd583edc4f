import type { KV, KvEntry } from '@nats-io/kv';
import type { RegistryKey } from '../registry-mirror';
import { testRegistry } from './trust-fixtures';

/**
 * The registry bucket in memory, written by a registry with its own key: `put` and `remove` reach a
 * watching `RegistryMirror` as signed KV updates; `forge` and `deleteRaw` write as someone else would.
 * Values written before the watch starts are its initial values (`delta` counting down to 0).
 */
export class FakeRegistryBucket {
  readonly registry = testRegistry();
  private revision = 0;
  private readonly initial: KvEntry[] = [];
  private push?: (entry: KvEntry) => void;

  get registryKey(): RegistryKey {
    return this.registry.registryKey;
  }

  /** The registry publishes `record` under `key`. */
  put(key: string, record: unknown): void {
    this.emit(key, 'PUT', this.registry.sign(key, record));
  }

  /** The registry removes `key` (a signed tombstone). */
  remove(key: string): void {
    this.emit(key, 'PUT', this.registry.sign(key, undefined));
  }

  /** Someone else writes `value` under `key`. */
  forge(key: string, value: unknown): void {
    this.emit(key, 'PUT', value);
  }

  /** Someone else writes `bytes` under `key`: the mirror reads them as JSON, as from the wire, and may fail to. */
  forgeBytes(key: string, bytes: Uint8Array): void {
    this.emit(key, 'PUT', undefined, () => JSON.parse(new TextDecoder().decode(bytes)));
  }

  /** Someone else deletes `key` with a bare KV delete. */
  deleteRaw(key: string): void {
    this.emit(key, 'DEL', undefined);
  }

  asKv(): KV {
    return {
      status: async () => ({ values: this.initial.length, streamInfo: { state: { last_seq: this.revision } } }),
      watch: async () => this.watcher(),
    } as unknown as KV;
  }

  private emit(key: string, operation: 'PUT' | 'DEL', value: unknown, json = () => value): void {
    const entry = {
      key,
      operation,
      revision: ++this.revision,
      isUpdate: this.push !== undefined,
      delta: 0,
      json,
    } as unknown as KvEntry;
    if (this.push) this.push(entry);
    else this.initial.push(entry);
  }

  private watcher(): AsyncIterable<KvEntry> & { stop(): void } {
    const queue = this.initial.map((entry, i) => ({ ...entry, delta: this.initial.length - 1 - i }) as KvEntry);
    let wake: (() => void) | undefined;
    let stopped = false;
    this.push = (entry) => {
      queue.push(entry);
      wake?.();
    };
    return {
      stop: () => {
        stopped = true;
        wake?.();
      },
      async *[Symbol.asyncIterator]() {
        while (!stopped) {
          const entry = queue.shift();
          if (entry) yield entry;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    };
  }
}
