import fc from 'fast-check';
import pino from 'pino';
import {
  EnvelopeDto,
  ExchangeNames,
  type NodeRecord,
  signatureVerifies,
  validatePlain,
  type EnvelopeSignature,
} from '@iren/contracts';
import { BusSigner } from '@iren/messaging';
import {
  envelopeFixture,
  exchangeCases,
  FIXTURE_KINDS,
  FIXTURE_TIME,
  fuzzParameters,
  fuzzWatch,
  handledOrRefused,
  HEAP_GROWTH_LIMIT,
  jsMsgOf,
  OutcomeTally,
  PROTOTYPE_KEYS,
  pathsOf,
  prototypeSnapshot,
  testKeyDirectory,
  testNodeKey,
  testServiceKey,
} from '@iren/messaging/testing';
import type { DetectHits, DetectHitsCommand } from '../hits/detect-hits.usecase';
import type { RejectMessage, RejectMessageCommand } from './reject-message.usecase';
import type { RouteMessage, RouteMessageCommand } from './route-message.usecase';
import { RouterPlacement } from './router-placement';
import type { RoutingTable } from './routing-table';
import { ExchangeConsumer } from './exchange-consumer';

const names = new ExchangeNames('fuzz');
const SKEW_MS = 10 * 60 * 1000;
const ACTIVE = 'KZ-PCU-AKTAU';
const SUSPENDED = 'AZ-PCU-BAKU';
const keys = { [ACTIVE]: testNodeKey(ACTIVE), [SUSPENDED]: testNodeKey(SUSPENDED) };
const gateway = testServiceKey('gateway');
const member = (id: string, status: NodeRecord['status']) => ({ id, status }) as NodeRecord;
const members = new Map([
  [ACTIVE, member(ACTIVE, 'ACTIVE')],
  [SUSPENDED, member(SUSPENDED, 'SUSPENDED')],
]);
const directory = {
  ...testKeyDirectory([keys[ACTIVE].record, keys[SUSPENDED].record], [gateway.record]),
  node: (id: string) => members.get(id),
};

/** The router's consumer, with recording use cases in place of the database and the bus. */
function recordingConsumer() {
  const routed: RouteMessageCommand[] = [];
  const rejected: RejectMessageCommand[] = [];
  const hits: DetectHitsCommand[] = [];
  const consumer = new ExchangeConsumer(
    // Only handle() runs here: the worker that would pull from the stream is never started.
    {} as never,
    names,
    { directory } as unknown as RoutingTable,
    {
      execute: async (c: RouteMessageCommand) => (routed.push(c), []),
      executeMany: async (cs: RouteMessageCommand[]) => (routed.push(...cs), cs.map(() => [])),
    } as unknown as RouteMessage,
    { execute: async (c: RejectMessageCommand) => void rejected.push(c) } as unknown as RejectMessage,
    {
      executeMany: async (cs: DetectHitsCommand[]) => (hits.push(...cs), 0),
    } as unknown as DetectHits,
    new RouterPlacement({ at: 'hub', sites: [] }, names),
    SKEW_MS,
    pino({ level: 'silent' }),
  );
  return { consumer, routed, rejected, hits };
}

const cases = (origin: string) =>
  exchangeCases(names, origin, {
    origin: keys[origin as keyof typeof keys],
    stranger: testNodeKey(origin),
    gateway: new BusSigner(gateway.key),
  });

/** Whether a JSON value holds a prototype key anywhere. */
const holdsPrototypeKey = (value: unknown) =>
  pathsOf(value).some((path) => PROTOTYPE_KEYS.includes(path[path.length - 1] as never));

describe(`${ExchangeConsumer.name} under hostile input`, () => {
  const tally = new OutcomeTally('router ExchangeConsumer.handle');
  const heap = fuzzWatch(tally);

  it('routes every fixture as it is', async () => {
    const { consumer, routed } = recordingConsumer();
    for (const kind of FIXTURE_KINDS.filter((k) => k !== 'HIT')) {
      const envelope = keys[ACTIVE].sign(envelopeFixture(kind, ACTIVE));
      const data = new TextEncoder().encode(JSON.stringify(envelope));
      await consumer.handle(jsMsgOf({ subject: names.publishSubject(ACTIVE, 'ALERT'), data, time: FIXTURE_TIME }));
    }
    expect(routed).toHaveLength(FIXTURE_KINDS.length - 1);
  });

  it('routes only what the origin signed and the DTOs accept; refuses the rest with a reason, recording a rejection only in the name of an origin that signed', async () => {
    const { consumer, routed, rejected, hits } = recordingConsumer();
    const prototypesChanged = prototypeSnapshot();
    const arbitrary = fc.oneof({ arbitrary: cases(ACTIVE), weight: 9 }, { arbitrary: cases(SUSPENDED), weight: 1 });
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ wire, signedBy }) => {
        const before = { routed: routed.length, rejected: rejected.length, hits: hits.length };
        const handled = await handledOrRefused(
          () => consumer.handle(jsMsgOf({ ...wire, time: FIXTURE_TIME })),
          prototypesChanged,
        );
        if (handled.refused) {
          const { reason } = handled;
          expect([routed.length, hits.length]).toEqual([before.routed, before.hits]);
          const recorded = rejected.length - before.rejected;
          expect(recorded).toBeLessThanOrEqual(1);
          // Nothing is recorded in the name of an origin that did not sign the message.
          if (recorded === 1) expect([signedBy, rejected[rejected.length - 1].reason]).toEqual(['origin', reason]);
          tally.add(`refused ${reason}${recorded ? ' (message.rejected recorded)' : ''}`);
          return;
        }
        expect([routed.length, hits.length, rejected.length]).toEqual([
          before.routed + 1,
          before.hits + 1,
          before.rejected,
        ]);
        const plain = JSON.parse(new TextDecoder().decode(wire.data)) as {
          origin: string;
          signature: EnvelopeSignature;
        };
        const { publicKey } = keys[ACTIVE].record.keys[0];
        expect(signedBy).toBe('origin');
        expect([names.originOfSubject(wire.subject), plain.origin]).toEqual([ACTIVE, ACTIVE]);
        expect(signatureVerifies(plain, plain.signature, publicKey)).toBe(true);
        expect(validatePlain(EnvelopeDto, plain).errors).toEqual([]);
        expect(holdsPrototypeKey(plain)).toBe(false);
        tally.add('routed');
      }),
      fuzzParameters(2_000),
    );
    expect(tally.count('routed')).toBeGreaterThan(0);
    expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 120_000);
});
