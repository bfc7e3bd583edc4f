import type { KV, KvEntry } from '@nats-io/kv';
import pino from 'pino';
import { REGISTRY_KEYS, type TokenRecord } from '@iren/contracts';
import { testRegistry } from '@iren/messaging/testing';
import { RegistryMirror } from './registry-mirror';

const registry = testRegistry();
const token = (id: string): TokenRecord => ({
  id,
  nodeId: 'KZ-PCU-AKTAU',
  createdAt: '2026-11-01T00:00:00Z',
  revokedAt: null,
});

/** A bucket whose watches the test can end, as the server does when it loses a watch's consumer. */
class EndingBucket {
  private readonly entries: KvEntry[] = [];
  watchesOpened = 0;
  statusFails = false;
  /** The watch gets nothing more and does not end: its consumer was lost and not made again. */
  stalled = false;
  private current?: { push(entry: KvEntry): void; end(): void };

  put(hash: string, record: TokenRecord): void {
    const key = REGISTRY_KEYS.token(hash);
    const value = registry.sign(key, record);
    const entry = { key, operation: 'PUT', revision: this.entries.length + 1, json: () => value } as unknown as KvEntry;
    this.entries.push(entry);
    if (!this.stalled) this.current?.push({ ...entry, isUpdate: true, delta: 0 } as KvEntry);
  }

  /** The server drops the watch's consumer: the iterator ends without anyone stopping it. */
  endWatch(): void {
    this.current?.end();
  }

  asKv(): KV {
    return {
      status: async () => {
        if (this.statusFails) throw new Error('disconnected');
        return { values: this.entries.length, streamInfo: { state: { last_seq: this.entries.length } } };
      },
      watch: async () => this.watch(),
    } as unknown as KV;
  }

  private watch(): AsyncIterable<KvEntry> & { stop(): void } {
    this.watchesOpened++;
    this.stalled = false;
    const queue = this.entries.map(
      (e, i) => ({ ...e, isUpdate: false, delta: this.entries.length - 1 - i }) as KvEntry,
    );
    let ended = false;
    let wake: (() => void) | undefined;
    const end = () => {
      ended = true;
      wake?.();
    };
    this.current = {
      push: (entry) => {
        queue.push(entry);
        wake?.();
      },
      end,
    };
    return {
      stop: end,
      async *[Symbol.asyncIterator]() {
        while (!ended) {
          const entry = queue.shift();
          if (entry) yield entry;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    };
  }
}

async function polled(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe(`${RegistryMirror.name} knows whether it follows the registry`, () => {
  let bucket: EndingBucket;
  let mirror: RegistryMirror;
  let now: number;

  beforeEach(async () => {
    bucket = new EndingBucket();
    bucket.put('a'.repeat(64), token('t-1'));
    now = Date.parse('2026-11-01T00:00:00Z');
    mirror = new RegistryMirror(bucket.asKv(), registry.registryKey, pino({ level: 'silent' }), () => new Date(now));
    await mirror.start();
  });

  afterEach(() => mirror.stop());

  it('follows once loaded, and no longer when it has not caught up within the bound', async () => {
    expect(mirror.following(1000)).toBe(true);
    now += 1500;
    expect(mirror.following(1000)).toBe(false);
  });

  it('follows again after a catch-up, and not while catching up fails', async () => {
    bucket.statusFails = true;
    now += 1500;
    await expect(mirror.catchUp(50)).rejects.toThrow('disconnected');
    expect(mirror.following(1000)).toBe(false);
    bucket.statusFails = false;
    expect(await mirror.catchUp(50)).toBe(true);
    now += 500;
    expect(mirror.following(1000)).toBe(true);
  });

  it('ages while its watch has ended (NATS away), then opens it again and takes what changed meanwhile', async () => {
    bucket.statusFails = true;
    bucket.endWatch();
    await new Promise((resolve) => setImmediate(resolve));
    // What it holds is as recent as its last catch-up: good within the bound, not past it.
    expect(mirror.following(60_000)).toBe(true);
    now += 61_000;
    expect(mirror.following(60_000)).toBe(false);
    bucket.statusFails = false;
    bucket.put('b'.repeat(64), token('t-2'));
    expect(await mirror.waitUntil(() => mirror.token('b'.repeat(64)) !== undefined, 3000)).toBe(true);
    await polled(() => mirror.following(60_000));
    expect(bucket.watchesOpened).toBe(2);
    bucket.put('c'.repeat(64), token('t-3'));
    expect(await mirror.waitUntil(() => mirror.token('c'.repeat(64)) !== undefined, 1000)).toBe(true);
  });

  it('opens again a watch that stays behind the bucket without ending, once it has for 10 s', async () => {
    bucket.stalled = true;
    bucket.put('b'.repeat(64), token('t-2'));
    expect(await mirror.catchUp(20)).toBe(false);
    now += 9_000;
    expect(await mirror.catchUp(20)).toBe(false);
    expect(bucket.watchesOpened).toBe(1);
    now += 2_000;
    expect(await mirror.catchUp(20)).toBe(false);
    await polled(() => !mirror.following(10_000));
    expect(await mirror.waitUntil(() => mirror.token('b'.repeat(64)) !== undefined, 3000)).toBe(true);
    expect(bucket.watchesOpened).toBe(2);
    await polled(() => mirror.following(60_000));
  });

  it('stays stopped when stopped', async () => {
    mirror.stop();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(bucket.watchesOpened).toBe(1);
    expect(mirror.following(60_000)).toBe(false);
  });
});
