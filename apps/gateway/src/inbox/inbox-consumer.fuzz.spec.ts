import fc from 'fast-check';
import pino from 'pino';
import {
  type DeliveryPayload,
  type Envelope,
  EnvelopeDto,
  ExchangeNames,
  NETWORK_MADE_KINDS,
  signatureVerifies,
  validatePlain,
} from '@iren/contracts';
import { BusSigner, type RegistryDirectory } from '@iren/messaging';
import {
  deliveryCases,
  envelopeFixture,
  fuzzParameters,
  fuzzWatch,
  handledOrRefused,
  HEAP_GROWTH_LIMIT,
  jsMsgOf,
  OutcomeTally,
  prototypeSnapshot,
  testKeyDirectory,
  testNodeKey,
  testServiceKey,
} from '@iren/messaging/testing';
import { InboxConsumer } from './inbox-consumer';
import { MadeEnvelopes } from './made-envelopes';
import type { StoreDelivery } from './store-delivery.usecase';

const names = new ExchangeNames('fuzz');
const ORIGIN = 'KZ-PCU-AKTAU';
const RECIPIENT = 'AZ-PCU-BAKU';
const origin = testNodeKey(ORIGIN);
const router = testServiceKey('router');
const gateway = testServiceKey('gateway');
const directory = testKeyDirectory([origin.record], [router.record, gateway.record]);

/** The gateway's inbox consumer, with a recording store in place of the database. */
function recordingConsumer() {
  const stored: { delivery: DeliveryPayload; correlationId?: string }[] = [];
  const told = { relay: 0, readers: 0 };
  const consumer = new InboxConsumer(
    // Only handle() runs here: the worker that would pull from the stream is never started.
    {} as never,
    names,
    {
      execute: async (delivery: DeliveryPayload, correlationId?: string) => {
        stored.push({ delivery, correlationId });
        return { changed: true };
      },
      executeMany: async (items: { delivery: DeliveryPayload; correlationId?: string }[]) => {
        stored.push(...items.map(({ delivery, correlationId }) => ({ delivery, correlationId })));
        return items.map(() => ({ changed: true }));
      },
    } as unknown as StoreDelivery,
    { notify: () => void (told.relay += 1) } as never,
    { changed: () => void (told.readers += 1) } as never,
    { wake: () => undefined } as never,
    { registry: directory } as unknown as RegistryDirectory,
    new MadeEnvelopes(),
    [],
    pino({ level: 'silent' }),
  );
  return { consumer, stored, told };
}

describe(`${InboxConsumer.name} under hostile input`, () => {
  const tally = new OutcomeTally('gateway InboxConsumer.handle (authenticateDelivery)');
  const heap = fuzzWatch(tally);

  it('stores a delivery the router made, of an envelope its origin signed', async () => {
    const { consumer, stored } = recordingConsumer();
    const data = new TextEncoder().encode(
      JSON.stringify({ recipient: RECIPIENT, reasons: [], envelope: origin.sign(envelopeFixture('ALERT', ORIGIN)) }),
    );
    const subject = names.inboxSubject(RECIPIENT);
    await consumer.handle(jsMsgOf({ subject, data, headers: new BusSigner(router.key).headers(subject, data, 'm1') }));
    expect(stored).toHaveLength(1);
  });

  it('stores only what the router vouched for this inbox, with a valid envelope its origin signed; refuses and counts the rest', async () => {
    const { consumer, stored, told } = recordingConsumer();
    const prototypesChanged = prototypeSnapshot();
    const cases = deliveryCases(names, RECIPIENT, ORIGIN, {
      origin,
      stranger: testNodeKey(ORIGIN),
      router: new BusSigner(router.key),
      strangerRouter: new BusSigner(testServiceKey('router').key),
      gateway: new BusSigner(gateway.key),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ wire, envelopeSignedBy, voucher }) => {
        const before = { stored: stored.length, refused: consumer.refused.count, relay: told.relay };
        const handled = await handledOrRefused(() => consumer.handle(jsMsgOf(wire)), prototypesChanged);
        if (handled.refused) {
          // Refused: nothing stored, nobody told, and counted once for /health.
          expect([stored.length, told.relay, consumer.refused.count]).toEqual([
            before.stored,
            before.relay,
            before.refused + 1,
          ]);
          tally.add(`refused ${handled.reason}`);
          return;
        }
        expect([stored.length, told.relay, consumer.refused.count]).toEqual([
          before.stored + 1,
          before.relay + 1,
          before.refused,
        ]);
        const { delivery } = stored[stored.length - 1];
        expect(voucher).toBe('router');
        expect(wire.subject).toBe(names.inboxSubject(delivery.recipient));
        const plain = JSON.parse(new TextDecoder().decode(wire.data)) as { envelope: Envelope };
        expect(validatePlain(EnvelopeDto, plain.envelope).errors).toEqual([]);
        if (!NETWORK_MADE_KINDS.includes(plain.envelope.kind)) {
          expect(envelopeSignedBy).toBe('origin');
          expect(signatureVerifies(plain.envelope, plain.envelope.signature!, origin.record.keys[0].publicKey)).toBe(
            true,
          );
        }
        tally.add(`stored ${delivery.envelope.kind}`);
      }),
      fuzzParameters(1_500),
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 120_000);
});
