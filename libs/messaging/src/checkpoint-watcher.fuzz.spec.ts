import type { Msg, NatsConnection } from '@nats-io/transport-node';
import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { type Checkpoint, keyIdOf, leafHash, MerkleTree, signCheckpoint, verifyCheckpoint } from '@iren/ledger';
import {
  coreMsgOf,
  fuzzParameters,
  fuzzWatch,
  HEAP_GROWTH_LIMIT,
  hostilePayload,
  mutated,
  OutcomeTally,
  prototypeSnapshot,
  renderJson,
  settled,
  testSigner,
  utf8,
} from '@iren/messaging/testing';
import type { AuditLedgerSource } from './audit-ledger-source';
import type { CheckpointWatchRepository, CheckpointWatchState } from './checkpoint-watch.repository';
import { CheckpointWatcher, type WatchOutcome } from './checkpoint-watcher';

const names = new ExchangeNames('fuzz');
const audit = generateKeyPairSync('ed25519');
const intruder = generateKeyPairSync('ed25519');
const keyId = keyIdOf(audit.publicKey);
const publicKey = audit.publicKey.export({ format: 'pem', type: 'spki' }).toString();
const AT = '2026-03-01T10:00:00.000Z';

/** The audit's ledger: 20 entries, whose checkpoints and proofs the fake audit serves. */
const tree = new MerkleTree();
for (let i = 0; i < 20; i += 1) tree.append(leafHash(Buffer.from(`entry ${i}`)));
const rootOf = (size: number) => tree.root(size).toString('hex');
const source: AuditLedgerSource = {
  latestCheckpoint: async () => null,
  publicKey: async () => ({ keyId, publicKey }),
  // As the audit answers: it proves nothing about the empty ledger, nor about sizes it does not hold.
  consistencyProof: async (from, to) =>
    from === 0 || from > to || to > tree.size
      ? 'refused'
      : tree.consistencyProof(from, to).map((h) => h.toString('hex')),
} as AuditLedgerSource;

const sizes = fc.oneof(fc.integer({ min: 0, max: 25 }), fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 32, 2 ** 31));
const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
/** Checkpoints signed by the audit's key (or an intruder's): of the real ledger, of another ledger, of any size. */
const signed = fc
  .tuple(sizes, fc.boolean(), hex, fc.boolean())
  .map(([size, real, other, byIntruder]) =>
    signCheckpoint(
      byIntruder ? intruder.privateKey : audit.privateKey,
      keyIdOf(byIntruder ? intruder.publicKey : audit.publicKey),
      size,
      real && size <= tree.size ? rootOf(size) : other,
      AT,
    ),
  );
/** What may be offered: signed checkpoints as they are or broken in places, and anything else at all. */
const offered: fc.Arbitrary<{ bytes: Uint8Array } | { value: unknown }> = fc.oneof(
  signed.map((value) => ({ value })),
  signed.chain((c) => mutated(c)).map(({ value }) => ({ bytes: utf8(renderJson(value)) })),
  hostilePayload.map((bytes) => ({ bytes })),
  fc.jsonValue().map((value) => ({ value })),
);

/** The watch table in memory, as the repository keeps it. */
class MemoryStore {
  state: CheckpointWatchState = { keyId: null, publicKey: null, checkpoint: null, alert: null };
  load = async () => ({ ...this.state });
  pinKey = async (id: string, key: string) => void (this.state = { ...this.state, keyId: id, publicKey: key });
  accept = async (checkpoint: Checkpoint) => void (this.state = { ...this.state, checkpoint });
  raiseAlert = async (reason: string, offered: Checkpoint) => {
    if (this.state.alert) return false;
    this.state = { ...this.state, alert: { reason, offered, at: AT } };
    return true;
  };
}

describe(`${CheckpointWatcher.name} under hostile checkpoints`, () => {
  const tally = new OutcomeTally('CheckpointWatcher (subscription callback and consider)');
  const heap = fuzzWatch(tally);

  it('acts only on checkpoints the pinned key signed, counts the rest as ignored, and never takes one the ledger does not hold', async () => {
    const prototypesChanged = prototypeSnapshot();
    await fc.assert(
      fc.asyncProperty(fc.array(offered, { minLength: 1, maxLength: 4 }), async (offers) => {
        const store = new MemoryStore();
        let deliver: ((error: Error | null, msg: Msg) => void) | undefined;
        const nc = {
          subscribe: (_s: string, o: { callback: typeof deliver }) => (
            (deliver = o.callback),
            { unsubscribe: () => undefined }
          ),
        };
        const js = { publish: async () => ({ seq: 1 }) };
        const watcher = new CheckpointWatcher(
          source,
          store as unknown as CheckpointWatchRepository,
          { nc: nc as unknown as NatsConnection, js: js as never },
          names,
          testSigner('gateway'),
          { watcher: 'gateway', pollSeconds: 3600 },
          pino({ level: 'silent' }),
        );
        // What the subscription's callback sets off, so that each outcome can be awaited.
        const considered: Promise<WatchOutcome>[] = [];
        const consider = watcher.consider.bind(watcher);
        watcher.consider = (c) => {
          const outcome = consider(c);
          considered.push(outcome);
          return outcome;
        };
        watcher.start();
        await watcher.consider(signCheckpoint(audit.privateKey, keyId, 5, rootOf(5), AT));
        try {
          for (const offer of offers) {
            const before = { ...store.state, ignored: watcher.ignored.count, considered: considered.length };
            let value: unknown;
            if ('bytes' in offer) {
              deliver!(null, coreMsgOf({ subject: names.checkpointSubject, data: offer.bytes }));
              try {
                value = JSON.parse(new TextDecoder().decode(offer.bytes));
              } catch {
                value = undefined;
              }
            } else {
              value = offer.value;
              void watcher.consider(value as Checkpoint);
            }
            const result = await settled(async () =>
              considered.length > before.considered ? considered[considered.length - 1] : undefined,
            );
            expect(result).toHaveProperty('value');
            const outcome = (result as { value?: WatchOutcome }).value ?? { status: 'ignored', reason: 'not JSON' };
            expect(prototypesChanged()).toEqual([]);
            expect(outcome.status).toBe(expectedStatus(value, before.checkpoint!));
            expect(watcher.ignored.count).toBe(before.ignored + (outcome.status === 'ignored' ? 1 : 0));
            expect(store.state.checkpoint).toEqual(outcome.status === 'accepted' ? value : before.checkpoint);
            if (store.state.alert !== before.alert) expect(outcome.status).toBe('refused');
            tally.add(
              outcome.status === 'ignored' || outcome.status === 'refused'
                ? `${outcome.status}: ${brief(outcome)}`
                : outcome.status,
            );
          }
        } finally {
          await watcher.stop();
        }
      }),
      fuzzParameters(400),
    );
    expect(tally.count('accepted')).toBeGreaterThan(0);
    expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 60_000);
});

/**
 * What the watcher should make of `value`, holding `held` (a checkpoint of the real ledger): a
 * checkpoint the pinned key did not sign is ignored; one of the real ledger is accepted when it is
 * larger, unchanged or stale otherwise; the empty ledger's is stale; any other is a fork, refused.
 */
function expectedStatus(value: unknown, held: Checkpoint): WatchOutcome['status'] {
  if (typeof value !== 'object' || value === null || !verifyCheckpoint(value as Checkpoint, publicKey))
    return 'ignored';
  const { size, rootHash } = value as Checkpoint;
  if (size === 0) return 'stale';
  if (size > tree.size || rootHash !== rootOf(size)) return 'refused';
  return size > held.size ? 'accepted' : size === held.size ? 'unchanged' : 'stale';
}

/** An outcome's reason without its sizes, so that the tally groups alike reasons. */
const brief = (outcome: WatchOutcome) => ('reason' in outcome ? outcome.reason.replace(/\d+/g, 'N').slice(0, 120) : '');
