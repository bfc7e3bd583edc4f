import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { MerkleTree, keyIdOf, leafHash, signCheckpoint, type Checkpoint } from '@iren/ledger';
import { testSigner } from '@iren/messaging/testing';
import type { AuditLedgerSource } from './audit-ledger-source';
import type { CheckpointWatchRepository, CheckpointWatchState } from './checkpoint-watch.repository';
import { CheckpointWatcher, LEDGER_INCONSISTENT_EVENT } from './checkpoint-watcher';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyId = keyIdOf(publicKey);
const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();

/** A ledger the fake audit serves: its tree, and checkpoints signed over it. */
class FakeAudit implements AuditLedgerSource {
  tree = new MerkleTree();
  key = { keyId, publicKey: publicKeyPem };

  grow(count: number, salt = ''): Checkpoint {
    for (let i = 0; i < count; i += 1) this.tree.append(leafHash(Buffer.from(`${salt}${this.tree.size}`)));
    return this.sign();
  }

  sign(size = this.tree.size): Checkpoint {
    return signCheckpoint(privateKey, keyId, size, this.tree.root(size).toString('hex'), new Date().toISOString());
  }

  async latestCheckpoint(): Promise<Checkpoint | null> {
    return this.tree.size === 0 ? null : this.sign();
  }

  async consistencyProof(from: number, to: number): Promise<string[] | 'refused'> {
    if (to > this.tree.size) return 'refused';
    return this.tree.consistencyProof(from, to).map((h) => h.toString('hex'));
  }

  async publicKey() {
    return this.key;
  }
}

/** The watch table, in memory, with the same semantics as the repository. */
class MemoryStore {
  state: CheckpointWatchState = { keyId: null, publicKey: null, checkpoint: null, alert: null };
  async load() {
    return { ...this.state };
  }
  async pinKey(keyId: string, publicKey: string) {
    this.state = { ...this.state, keyId, publicKey };
  }
  async accept(checkpoint: Checkpoint) {
    this.state = { ...this.state, checkpoint };
  }
  async raiseAlert(reason: string, offered: Checkpoint) {
    if (this.state.alert) return false;
    this.state = { ...this.state, alert: { reason, offered, at: new Date().toISOString() } };
    return true;
  }
}

function setup() {
  const audit = new FakeAudit();
  const store = new MemoryStore();
  const published: { subject: string; data: { type: string; data: { watcher: string } }; signer?: string }[] = [];
  const js = {
    publish: async (subject: string, data: Uint8Array, options: { headers: { get(name: string): string } }) => {
      const signer = options.headers.get('Iren-Signer');
      published.push({ subject, data: JSON.parse(new TextDecoder().decode(data)), signer });
      return { seq: published.length };
    },
  };
  const watcher = new CheckpointWatcher(
    audit,
    store as unknown as CheckpointWatchRepository,
    { nc: {} as never, js: js as never },
    new ExchangeNames('iren'),
    testSigner('gateway'),
    { watcher: 'gateway', pollSeconds: 10 },
    pino({ level: 'silent' }),
  );
  return { audit, store, published, watcher };
}

describe(CheckpointWatcher.name, () => {
  it('pins the key and keeps the first checkpoint, then each consistent later one', async () => {
    const { audit, store, watcher } = setup();
    const first = audit.grow(5);
    expect(await watcher.consider(first)).toEqual({ status: 'accepted' });
    expect(store.state).toMatchObject({ keyId, checkpoint: first, alert: null });
    const later = audit.grow(8);
    expect(await watcher.consider(later)).toEqual({ status: 'accepted' });
    expect(await watcher.consider(later)).toEqual({ status: 'unchanged' });
    expect(await watcher.consider(first)).toEqual({ status: 'stale' });
    expect(store.state.checkpoint).toEqual(later);
  });

  it('refuses a forked ledger, keeps the old checkpoint and raises the alert once', async () => {
    const { audit, store, published, watcher } = setup();
    const held = audit.grow(6);
    await watcher.consider(held);
    audit.tree = new MerkleTree();
    const forked = audit.grow(9, 'forged ');
    const outcome = await watcher.consider(forked);
    expect(outcome).toMatchObject({ status: 'refused', reason: expect.stringMatching(/not consistent/) });
    expect(store.state.checkpoint).toEqual(held);
    expect(store.state.alert).toMatchObject({ offered: forked });
    await watcher.consider(audit.grow(1, 'forged '));
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      subject: `iren.events.${LEDGER_INCONSISTENT_EVENT}`,
      data: { type: LEDGER_INCONSISTENT_EVENT, data: { watcher: 'gateway' } },
      signer: expect.stringMatching(/^gateway#/),
    });
  });

  it('refuses a rolled-back ledger that can no longer prove the held size', async () => {
    const { audit, store, watcher } = setup();
    audit.grow(10);
    await watcher.poll();
    audit.tree = new MerkleTree();
    const rolledBack = audit.grow(4);
    expect(await watcher.consider(rolledBack)).toMatchObject({ status: 'refused', reason: /no longer holds/ });
    expect(store.state.checkpoint?.size).toBe(10);
  });

  it('ignores a checkpoint signed by another key than the pinned one, without raising the alarm', async () => {
    const { audit, store, published, watcher } = setup();
    await watcher.consider(audit.grow(3));
    const intruder = generateKeyPairSync('ed25519');
    const tree = audit.tree;
    const forged = signCheckpoint(
      intruder.privateKey,
      keyIdOf(intruder.publicKey),
      tree.size,
      tree.root().toString('hex'),
      new Date().toISOString(),
    );
    expect(await watcher.consider(forged)).toMatchObject({ status: 'ignored', reason: /signature/ });
    expect(store.state.alert).toBeNull();
    expect(store.state.checkpoint?.size).toBe(3);
    expect(published).toEqual([]);
    expect(watcher.ignored).toMatchObject({ count: 1, last: { reason: expect.stringMatching(/signature/) } });
  });

  it('takes the empty ledger’s checkpoint for stale: every ledger extends it, and the audit proves nothing about it', async () => {
    const { audit, store, published, watcher } = setup();
    await watcher.consider(audit.grow(4));
    const empty = signCheckpoint(
      privateKey,
      keyId,
      0,
      new MerkleTree().root().toString('hex'),
      new Date().toISOString(),
    );
    // As the audit service answers PROOF(0, n): `from` must be at least 1.
    audit.consistencyProof = async () => 'refused';
    expect(await watcher.consider(empty)).toEqual({ status: 'stale' });
    expect(store.state.alert).toBeNull();
    expect(published).toEqual([]);
  });

  it('ignores junk offered as a checkpoint, without raising the alarm', async () => {
    const { audit, store, published, watcher } = setup();
    await watcher.consider(audit.grow(2));
    const junk = { size: 'many', rootHash: 'x', timestamp: 'now', keyId: keyId, signature: 'AAAA' };
    expect(await watcher.consider(junk as unknown as Checkpoint)).toMatchObject({ status: 'ignored' });
    // A size whose toString is no function: ignored and counted like any junk, not taken for an unavailable audit.
    const unprintable = { ...junk, size: { toString: 1 } };
    expect(await watcher.consider(unprintable as unknown as Checkpoint)).toMatchObject({ status: 'ignored' });
    expect(await watcher.consider(null as unknown as Checkpoint)).toMatchObject({ status: 'ignored' });
    expect(store.state.alert).toBeNull();
    expect(published).toEqual([]);
    expect(watcher.ignored.count).toBe(3);
  });
});
