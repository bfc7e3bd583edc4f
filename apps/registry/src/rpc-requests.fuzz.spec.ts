import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { ExchangeNames, newSigningKeyPair, RPC, serviceKeyPattern, signedRequestHeaders } from '@iren/contracts';
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
import { GroupsController } from './groups/groups.controller';
import { GroupsService } from './groups/groups.service';
import { NodeKeysController } from './keys/node-keys.controller';
import { NodeKeysService } from './keys/node-keys.service';
import { NatsCredentialsController } from './nats-credentials/nats-credentials.controller';
import { NatsCredentialsService } from './nats-credentials/nats-credentials.service';
import { NodesController } from './nodes/nodes.controller';
import { NodesService } from './nodes/nodes.service';
import { ServiceKeysController } from './services/service-keys.controller';
import { ServiceKeysService } from './services/service-keys.service';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { TokensController } from './tokens/tokens.controller';
import { TokensService } from './tokens/tokens.service';

// Every request/reply handler of the registry in one suite: one Nest microservice serves them all.
const names = new ExchangeNames('fuzz');
const gateway = testServiceKey('gateway');
const directory = testKeyDirectory([], [gateway.record]);
const NODE = 'KZ-PCU-AKTAU';
const UUID = '5e0f1c2a-8d4b-4f6e-a1c3-2b9d7e6f5a40';
const PEM = newSigningKeyPair().publicKeyPem;

/** Each pattern, with data its request DTO takes. */
const REQUESTS: [pattern: string, valid: object][] = [
  [
    RPC.registerNode,
    {
      id: NODE,
      type: 'PCU',
      country: 'KZ',
      name: 'Aktau seaport PCU',
      locodes: ['KZAAU'],
      contact: { email: 'pcu.aktau@example.kz', phone: '+77292000000' },
    },
  ],
  [RPC.listNodes, {}],
  [RPC.getNode, { id: NODE }],
  [RPC.setNodeStatus, { id: NODE, status: 'SUSPENDED' }],
  [
    RPC.putSubscription,
    { nodeId: NODE, filters: [{ locodes: ['KZAAU'], categories: ['IPR'], minRiskLevel: 'MEDIUM' }] },
  ],
  [RPC.getSubscription, { nodeId: NODE }],
  [RPC.issueToken, { nodeId: NODE }],
  [RPC.revokeToken, { nodeId: NODE, tokenId: UUID }],
  [RPC.createGroup, { id: 'OP-SILK-2026', name: 'Silk', kind: 'GROUP', members: [NODE] }],
  [RPC.putGroupMembers, { id: 'OP-SILK-2026', members: [NODE] }],
  [RPC.listGroups, { member: NODE }],
  [RPC.getGroup, { id: 'OP-SILK-2026' }],
  [RPC.registerKey, { nodeId: NODE, publicKey: PEM, holder: 'node' }],
  [RPC.registerServiceKey, { publicKey: PEM, proof: 'AAAA' }],
  [RPC.issueNatsCredentials, { nodeId: NODE }],
  [RPC.listNatsCredentials, { nodeId: NODE }],
  [RPC.revokeNatsCredentials, { nodeId: NODE, credentialId: UUID }],
];

const subjectOf = (pattern: string) =>
  names.rpc(pattern === RPC.registerServiceKey ? serviceKeyPattern('gateway') : pattern);

describe('registry request/reply handlers under hostile requests', () => {
  const tally = new OutcomeTally(
    'registry RPC (Nest NATS deserializer, SignedRpcCallerGuard, createValidationPipe, 7 controllers)',
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
      [
        GroupsController,
        NodeKeysController,
        NatsCredentialsController,
        NodesController,
        ServiceKeysController,
        SubscriptionsController,
        TokensController,
      ],
      [
        service(GroupsService, ['create', 'putMembers', 'list', 'get']),
        service(NodeKeysService, ['register']),
        service(NatsCredentialsService, ['issue', 'list', 'revoke']),
        service(NodesService, ['register', 'list', 'get', 'setStatus']),
        service(ServiceKeysService, ['register']),
        service(SubscriptionsService, ['replace', 'get']),
        service(TokensService, ['issue', 'revoke']),
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
        // Only the gateway may ask, except for a service registering its own key (its proof vouches for it).
        if (acted && pattern !== RPC.registerServiceKey) expect(signed).toBe(true);
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
      fuzzParameters(1_500),
    );
    expect(tally.count('answered')).toBeGreaterThan(0);
    expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 120_000);
});
