import type { Type } from '@nestjs/common';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { ExchangeNames, signedRequestHeaders } from '@iren/contracts';
import { fuzzParameters, HEAP_GROWTH_LIMIT, OutcomeTally, prototypeSnapshot, settled } from './fuzz-invariants';
import { fuzzWatch } from './fuzz-suite';
import { headerBlockOf } from './hostile-headers';
import { utf8 } from './hostile-payloads';
import { nestRpcServer, recordingService, rpcCases, type ServiceCall } from './rpc-harness';
import { testKeyDirectory, testServiceKey } from './trust-fixtures';

/** One app's request/reply handlers, as the RPC fuzz suite serves them. */
export interface RpcFuzzTarget {
  /** The app, for the suite's title and its printed counts. */
  app: string;
  controllers: Type<unknown>[];
  /** Each service the controllers call, with the methods they call on it: a recording stand-in serves it. */
  services: [token: unknown, methods: string[]][];
  /** Each pattern, with data its request DTO takes. */
  requests: [pattern: string, valid: object][];
  /** Patterns a caller may ask without the gateway's signature: the request vouches for itself. */
  unsigned?: string[];
  /** The pattern whose subject a request to a pattern arrives on, where that is not the pattern itself. */
  subjects?: Record<string, string>;
  cases: number;
}

/**
 * The fuzz suite of an app's request/reply handlers, served by one Nest microservice as the app
 * serves them: each valid request the gateway signed is answered, acting once; every hostile one is
 * answered with its result, 400 or 403 (never a 500), acting only on what the gateway signed (or a
 * pattern in `unsigned`) and the DTO took, with the prototypes untouched and the heap bounded.
 */
export function describeRpcFuzz(target: RpcFuzzTarget): void {
  const { app, controllers, services, requests, unsigned = [], subjects = {}, cases } = target;
  const names = new ExchangeNames('fuzz');
  const gateway = testServiceKey('gateway');
  const directory = testKeyDirectory([], [gateway.record]);
  const subjectOf = (pattern: string) => names.rpc(subjects[pattern] ?? pattern);
  const handlers = `${controllers.length} controller${controllers.length === 1 ? '' : 's'}`;

  describe(`${app} request/reply handlers under hostile requests`, () => {
    const tally = new OutcomeTally(
      `${app} RPC (Nest NATS deserializer, SignedRpcCallerGuard, createValidationPipe, ${handlers})`,
    );
    const calls: ServiceCall[] = [];
    let server: Awaited<ReturnType<typeof nestRpcServer>>;

    beforeAll(async () => {
      const providers = services.map(([token, methods]) => ({
        provide: token as never,
        useValue: recordingService(calls, methods),
      }));
      server = await nestRpcServer(controllers, providers, names, directory);
    });

    afterAll(async () => {
      await server?.close();
    });

    // After the server's hooks: the heap is measured once it stands, the counts printed once it is closed.
    const heap = fuzzWatch(tally);

    it('has a request in its table for every pattern the controllers serve', () => {
      expect(requests.map(([pattern]) => pattern).sort()).toEqual(server.patterns().sort());
    });

    it('answers each valid request the gateway signed, acting once', async () => {
      for (const [pattern, valid] of requests) {
        const subject = subjectOf(pattern);
        const headers = headerBlockOf(signedRequestHeaders(gateway.key, subject, valid, randomUUID()));
        const data = utf8(JSON.stringify({ pattern, data: valid, id: 'r-1' }));
        const before = calls.length;
        expect(await server.send(pattern, { subject, data, headers })).toEqual([
          expect.objectContaining({ id: 'r-1', response: expect.anything() }),
        ]);
        expect(calls.length).toBe(before + 1);
      }
    });

    it('answers every request with its result, 400 or 403, acting only on what the gateway signed and the DTO took; never a 500', async () => {
      const prototypesChanged = prototypeSnapshot();
      const arbitrary = fc
        .constantFrom(...requests)
        .chain(([pattern, valid]) => rpcCases(pattern, subjectOf(pattern), valid, gateway.key));
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ pattern, wire, shape, signed }) => {
          const before = calls.length;
          const outcome = await settled(() => server.send(pattern, wire));
          expect(prototypesChanged()).toEqual([]);
          expect(outcome).toHaveProperty('value');
          const answers = (outcome as { value: Awaited<ReturnType<typeof server.send>> }).value;
          const acted = calls.length - before;
          expect(answers.length).toBeLessThanOrEqual(1);
          expect(acted).toBeLessThanOrEqual(1);
          // Only a service the catalogue lets call the pattern may ask, but where the request vouches for itself.
          if (acted && !unsigned.includes(pattern)) expect(signed).toBe(true);
          const [answer] = answers;
          if (!answer) {
            tally.add(
              acted ? `${shape}: acted, no reply (Nest runs a packet without id as an event)` : `${shape}: no reply`,
            );
            return;
          }
          if ('response' in answer) {
            expect(acted).toBe(1);
            tally.add('answered');
            return;
          }
          expect(acted).toBe(0);
          expect([400, 403]).toContain(answer.err?.status);
          tally.add(`${answer.err?.status} ${answer.err?.code}`);
        }),
        fuzzParameters(cases),
      );
      expect(tally.count('answered')).toBeGreaterThan(0);
      expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
    }, 120_000);
  });
}
