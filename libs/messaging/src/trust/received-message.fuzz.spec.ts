import fc from 'fast-check';
import { HEADERS, SIGNATURE_HEADERS, voucherOf } from '@iren/contracts';
import {
  fuzzParameters,
  HEAP_GROWTH_LIMIT,
  heapWatch,
  headerBlockOf,
  hostileHeaders,
  hostilePayload,
  jsMsgOf,
  OutcomeTally,
  prototypeSnapshot,
  testKeyDirectory,
  testServiceKey,
} from '@iren/messaging/testing';
import { BusSigner } from './bus-signer';
import { receivedMessage } from './received-message';

const router = testServiceKey('router');
const gateway = testServiceKey('gateway');
const directory = testKeyDirectory([], [router.record, gateway.record]);
const SUBJECT = 'fuzz.inbox.AZ-PCU-BAKU';

/** A message the router vouched for (or the gateway, or a key nobody published), its headers then broken. */
const cases = fc
  .tuple(hostilePayload, fc.constantFrom(router.key, gateway.key, testServiceKey('router').key), fc.uuid())
  .chain(([data, key, msgId]) => {
    const signed = new BusSigner(key).headers(SUBJECT, data, msgId);
    return hostileHeaders(headerBlockOf(signed)).map(({ block }) => ({
      data,
      block,
      byRouter: key === router.key,
      signed,
    }));
  });

describe(`${voucherOf.name} on headers as received`, () => {
  const tally = new OutcomeTally('voucherOf (hostile Iren-Signer, Iren-Signature, Nats-Msg-Id)');
  let heap: ReturnType<typeof heapWatch>;

  beforeAll(() => {
    heap = heapWatch();
  });

  afterAll(() => console.log(`${tally.summary()}\n  ${heap.report()}`));

  it('names the router only when its published key signed these bytes for this subject; otherwise says why not', () => {
    const prototypesChanged = prototypeSnapshot();
    fc.assert(
      fc.property(cases, ({ data, block, byRouter, signed }) => {
        const received = receivedMessage(jsMsgOf({ subject: SUBJECT, data, headers: block }));
        const verdict = voucherOf(received, ['router'], directory);
        expect(prototypesChanged()).toEqual([]);
        if ('reason' in verdict) {
          expect(['unsigned', 'wrong_signer', 'unknown_signer', 'bad_service_signature']).toContain(verdict.reason);
          tally.add(`refused ${verdict.reason}`);
          return;
        }
        expect(verdict).toEqual({ service: 'router' });
        expect(byRouter).toBe(true);
        for (const name of [SIGNATURE_HEADERS.signer, SIGNATURE_HEADERS.signature, HEADERS.msgId]) {
          expect(received.header(name)).toBe(signed.get(name));
        }
        tally.add('vouched for by the router');
      }),
      fuzzParameters(1_000),
    );
    expect(tally.count('vouched for by the router')).toBeGreaterThan(0);
    expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
  });
});
