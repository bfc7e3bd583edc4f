import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { ExchangeNames, RPC, signedRequestHeaders } from '@iren/contracts';
import {
  fuzzParameters,
  headerBlockOf,
  HEAP_GROWTH_LIMIT,
  heapWatch,
  nestRpcServer,
  OutcomeTally,
  prototypeSnapshot,
  recordingService,
  rpcCases,
  type ServiceCall,
  settled,
  testKeyDirectory,
  testServiceKey,
  utf8,
} from '@iren/messaging/testing';
import { LedgerProofsController } from './checkpoints/ledger-proofs.controller';
import { LedgerProofsService } from './checkpoints/ledger-proofs.service';
import { AuditEventsController } from './events-query/audit-events.controller';
import { AuditEventsService } from './events-query/audit-events.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { LedgerVerificationController } from './verify/ledger-verification.controller';
import { LedgerVerificationService } from './verify/ledger-verification.service';

// Every request/reply handler of the audit service in one suite: one Nest microservice serves them all.
const names = new ExchangeNames('fuzz');
const gateway = testServiceKey('gateway');
const directory = testKeyDirectory([], [gateway.record]);

/** Each pattern, with data its request DTO takes. */
const REQUESTS: [pattern: string, valid: object][] = [
  [
    RPC.queryAuditEvents,
    { node: 'KZ-PCU-AKTAU', kind: 'ALERT', from: '2026-01-01T00:00:00Z', limit: 50, scopeNode: 'KZ-PCU-AKTAU' },
  ],
  [RPC.latestCheckpoint, {}],
  [RPC.auditPublicKey, {}],
  [RPC.inclusionProof, { index: 0, size: 5 }],
  [RPC.consistencyProof, { from: 1, to: 5 }],
  [RPC.verifyLedger, {}],
  [RPC.exchangeReport, { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }],
  [RPC.seizureReport, { year: 2026, country: 'KZ', category: 'IPR' }],
];

const subjectOf = (pattern: string) => names.rpc(pattern);

describe('audit request/reply handlers under hostile requests', () => {
  const tally = new OutcomeTally(
    'audit RPC (Nest NATS deserializer, SignedRpcCallerGuard, createValidationPipe, 4 controllers)',
  );
  const calls: ServiceCall[] = [];
  let server: Awaited<ReturnType<typeof nestRpcServer>>;
  let heap: ReturnType<typeof heapWatch>;

  beforeAll(async () => {
    const service = (token: unknown, methods: string[]) => ({
      provide: token as never,
      useValue: recordingService(calls, methods),
    });
    server = await nestRpcServer(
      [LedgerProofsController, AuditEventsController, ReportsController, LedgerVerificationController],
      [
        service(LedgerProofsService, ['latestCheckpoint', 'publicKey', 'inclusion', 'consistency']),
        service(AuditEventsService, ['query']),
        service(ReportsService, ['exchange', 'seizures']),
        service(LedgerVerificationService, ['verify']),
      ],
      names,
      directory,
    );
    heap = heapWatch();
  });

  afterAll(async () => {
    await server?.close();
    console.log(`${tally.summary()}\n  ${heap.report()}`);
  });

  it('answers each valid request the gateway signed, acting once', async () => {
    for (const [pattern, valid] of REQUESTS) {
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
      .constantFrom(...REQUESTS)
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
        // Only a service the catalogue lets call the pattern may ask.
        if (acted) expect(signed).toBe(true);
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
      fuzzParameters(1_000),
    );
    expect(tally.count('answered')).toBeGreaterThan(0);
    expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 120_000);
});
