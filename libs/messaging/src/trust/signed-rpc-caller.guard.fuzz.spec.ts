import type { ExecutionContext } from '@nestjs/common';
import type { MsgHdrs } from '@nats-io/transport-node';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ExchangeNames, RPC, rpcCallers, type ServiceName, signedRequestHeaders } from '@iren/contracts';
import { ForbiddenError } from '@iren/platform';
import {
  fuzzParameters,
  HEAP_GROWTH_LIMIT,
  heapWatch,
  headerBlockOf,
  hostileHeaders,
  hostileJsonText,
  jsMsgOf,
  mutated,
  OutcomeTally,
  prototypeSnapshot,
  settled,
  testKeyDirectory,
  testServiceKey,
} from '@iren/messaging/testing';
import { SignedRpcCallerGuard } from './signed-rpc-caller.guard';

const names = new ExchangeNames('fuzz');
const services = {
  gateway: testServiceKey('gateway'),
  registry: testServiceKey('registry'),
  router: testServiceKey('router'),
};
const directory = testKeyDirectory(
  [],
  Object.values(services).map((s) => s.record),
);
const PATTERNS = Object.values(RPC).filter((p) => rpcCallers(p).length > 0);

/** Who signs a request in a case: a service the catalogue lets call it, another service, an unpublished key, nobody. */
type Signer = 'caller' | 'other' | 'stranger' | 'nobody';
/** What happens to a signed request on its way: nothing, its data changed, sent late, or sent twice. */
type Fate = 'as-signed' | 'data-changed' | 'stale' | 'replayed';

const parsed = hostileJsonText.map((text) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
});
/** Request data: a valid-looking query broken in places, or anything JSON carries. */
const data = fc.oneof(
  mutated({ nodeId: 'KZ-PCU-AKTAU', id: 'KZ-PCU-AKTAU', from: 1, to: 5 }).map(({ value }) => value),
  parsed,
);

const cases = fc.record({
  pattern: fc.constantFrom(...PATTERNS),
  data,
  signer: fc.constantFrom<Signer>('caller', 'caller', 'caller', 'other', 'stranger', 'nobody'),
  fate: fc.constantFrom<Fate>('as-signed', 'as-signed', 'as-signed', 'data-changed', 'stale', 'replayed'),
});

function keyOf(pattern: string, signer: Signer) {
  const allowed = rpcCallers(pattern);
  if (signer === 'caller') return services[allowed[0] as keyof typeof services].key;
  if (signer === 'stranger') return testServiceKey(allowed[0]).key;
  const other = (['router', 'registry', 'gateway'] as ServiceName[]).find((s) => !allowed.includes(s))!;
  return services[other as keyof typeof services].key;
}

/** The signed request's headers, then broken in a few places or none, as the server would decode them. */
function headersFor(pattern: string, signer: Signer, signedData: unknown, fate: Fate) {
  const subject = names.rpc(pattern);
  const at = fate === 'stale' ? new Date(Date.now() - 5 * 60_000).toISOString() : undefined;
  let headers: Record<string, string> = {};
  if (signer !== 'nobody') {
    try {
      headers = signedRequestHeaders(keyOf(pattern, signer), subject, signedData, randomUUID(), at);
    } catch {
      headers = {}; // canonical JSON refuses the data: no caller could have signed it
    }
  }
  return hostileHeaders(headerBlockOf(headers)).map(({ block }) => ({ block }));
}

function contextOf(subject: string, payload: unknown, headers: MsgHdrs | undefined): ExecutionContext {
  const nats = { getSubject: () => subject, getHeaders: () => headers };
  return { switchToRpc: () => ({ getContext: () => nats, getData: () => payload }) } as unknown as ExecutionContext;
}

describe(`${SignedRpcCallerGuard.name} under hostile requests`, () => {
  const tally = new OutcomeTally('SignedRpcCallerGuard (requestCaller, voucherOf on request headers)');
  let heap: ReturnType<typeof heapWatch>;

  beforeAll(() => {
    heap = heapWatch();
  });

  afterAll(() => console.log(`${tally.summary()}\n  ${heap.report()}`));

  it('lets through only a request an allowed caller signed over this data, recently and once; refuses the rest with 403', async () => {
    const guard = new SignedRpcCallerGuard(
      names,
      { serviceKeys: async (service) => directory.serviceKeys(service) },
      pino({ level: 'silent' }),
    );
    const prototypesChanged = prototypeSnapshot();
    const arbitrary = cases.chain((c) => headersFor(c.pattern, c.signer, c.data, c.fate).map((h) => ({ ...c, ...h })));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ pattern, data: signedData, signer, fate, block }) => {
        const subject = names.rpc(pattern);
        let headers: MsgHdrs | undefined;
        try {
          headers = jsMsgOf({ subject, data: new Uint8Array(), headers: block }).headers;
        } catch {
          // Nest's NATS server reads the headers before any guard: it logs the error and answers nothing.
          tally.add('not decodable: no guard runs');
          return;
        }
        const sent = fate === 'data-changed' ? { changed: signedData } : signedData;
        const attempts = fate === 'replayed' ? 2 : 1;
        for (let attempt = 1; attempt <= attempts; attempt += 1) {
          const outcome = await settled(() => guard.canActivate(contextOf(subject, sent, headers)));
          expect(prototypesChanged()).toEqual([]);
          if ('error' in outcome) {
            expect(outcome.error).toBeInstanceOf(ForbiddenError);
            tally.add(`403 ${(outcome.error as Error).message.split(':')[0]}`);
            continue;
          }
          expect(outcome.value).toBe(true);
          expect([signer, fate === 'data-changed' || fate === 'stale', attempt]).toEqual(['caller', false, 1]);
          tally.add('allowed');
        }
      }),
      fuzzParameters(1_000),
    );
    expect(tally.count('allowed')).toBeGreaterThan(0);
    expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 60_000);
});
