import { AckPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, credsAuthenticator, type NatsConnection, PermissionViolationError } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  type DeliveryPayload,
  type Envelope,
  type IssuedNatsCredential,
  newSigningKeyPair,
  privateKeyOf,
  RPC,
  signEnvelope,
  signingKeyId,
} from '@iren/contracts';
import { CREDS_FILES } from '@iren/messaging';
import { withNatsServer, type SecuredNats, startSecuredNats } from '@iren/messaging/testing';
import { designAlert } from './support/fixtures';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { startTestNetwork, type TestNetwork } from './support/test-network';

// The four apps on a nats-server started here with the generated configuration (operator mode),
// each with its own user; two nodes' own systems with the users the registry issued them.
const describeWithServer = withNatsServer(describe, 'closed-bus e2e');
jest.setTimeout(90_000);

const A = 'KZ-PCU-AKTAU';
const B = 'AZ-PCU-BAKU';
const POTI = 'GE-PCU-POTI';

/** A node's system on the bus: its connection, and the permission errors the server sent it. */
interface NodeSystem {
  nc: NatsConnection;
  credential: IssuedNatsCredential;
  denied: string[];
}

describeWithServer('the closed bus', () => {
  let bus: SecuredNats;
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;
  const systems: Record<string, NodeSystem> = {};
  const bKey = newSigningKeyPair();

  const connectAs = async (credential: IssuedNatsCredential): Promise<NodeSystem> => {
    const nc = await connect({
      servers: bus.url.replace('nats://', ''),
      authenticator: credsAuthenticator(new TextEncoder().encode(credential.creds)),
      inboxPrefix: credential.inboxPrefix,
      reconnect: false,
    });
    const system: NodeSystem = { nc, credential, denied: [] };
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'error' && s.error instanceof PermissionViolationError) system.denied.push(s.error.message);
      }
    })();
    return system;
  };
  const issue = async (node: string): Promise<IssuedNatsCredential> => {
    const answer = await api('POST', `/nodes/${node}/nats-credentials`, net.adminToken);
    expect(answer.status).toBe(201);
    return answer.body;
  };
  /** Runs what B tries and waits for the server's refusal naming `subject`. */
  const refusedToB = async (subject: string, attempt: (nc: NatsConnection) => Promise<unknown> | void) => {
    const b = systems[B];
    const before = b.denied.length;
    await Promise.resolve(attempt(b.nc)).catch(() => undefined);
    await b.nc.flush().catch(() => undefined);
    const denied = await eventually(
      async () => b.denied.slice(before).find((e) => e.includes(subject)),
      5_000,
      `a permissions violation on ${subject}`,
    );
    expect(denied).toMatch(/Permissions Violation/);
  };
  const inbox = async (node: string): Promise<string[]> =>
    ((await api('GET', '/inbox?limit=200', tokens[node])).body.items as { message: { id: string } }[]).map(
      (i) => i.message.id,
    );
  /** Pulls what waits on a node's own inbox consumer, acking each, as its system would. */
  const pullInbox = async (system: NodeSystem, expecting: number): Promise<DeliveryPayload[]> => {
    const js = jetstream(system.nc, { timeout: 5000 });
    const consumer = await js.consumers.get(system.credential.inbox.stream, system.credential.inbox.consumer);
    const delivered: DeliveryPayload[] = [];
    const batch = await consumer.fetch({ max_messages: expecting, expires: 3000 });
    for await (const msg of batch as AsyncIterable<JsMsg>) {
      delivered.push(msg.json<DeliveryPayload>());
      await msg.ackAck();
    }
    return delivered;
  };
  /** Publishes as B's own system: an envelope signed with B's own key, on B's own subject. */
  const publishAsB = async (overrides: Partial<Envelope> = {}): Promise<Envelope> => {
    const keyId = signingKeyId(B, bKey.publicKeyPem);
    const envelope = signEnvelope(
      {
        ...(designAlert() as unknown as Envelope),
        id: randomUUID(),
        origin: B,
        createdAt: new Date().toISOString(),
        to: { nodes: [], countries: [], groups: [] },
        ...overrides,
      },
      { keyId, privateKey: privateKeyOf(bKey.privateKeyPem) },
    );
    const js = jetstream(systems[B].nc);
    await js.publish(`${systems[B].credential.publish}.ALERT`, JSON.stringify(envelope), { msgID: envelope.id });
    return envelope;
  };

  beforeAll(async () => {
    bus = await startSecuredNats();
    net = await startTestNetwork({ url: bus.url, materialDir: bus.material.layout.dir });
    api = apiClient(net.baseUrl);
    tokens = await registerNodes(api, net.adminToken, [
      { id: A, type: 'PCU', country: 'KZ', locodes: ['KZAAU'], filters: [{ locodes: ['KZAAU'] }] },
      { id: B, type: 'PCU', country: 'AZ', locodes: ['AZBAK'] },
      { id: POTI, type: 'PCU', country: 'GE', locodes: ['GEPTI'], filters: [{ locodes: ['KZAAU'] }] },
    ]);
    // B's own system signs with a key of its own, registered beside the gateway's.
    const registered = await api('POST', `/nodes/${B}/keys`, tokens[B], { publicKey: bKey.publicKeyPem });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ holder: 'node', status: 'ACTIVE' });
    for (const node of [A, B]) systems[node] = await connectAs(await issue(node));
  });

  afterAll(async () => {
    for (const system of Object.values(systems)) await system.nc.close().catch(() => undefined);
    await net?.stop();
    await bus?.stop();
  });

  it('refuses a connection without credentials', async () => {
    await expect(connect({ servers: bus.url.replace('nats://', ''), reconnect: false })).rejects.toThrow(
      /Authorization Violation/,
    );
  });

  it('answers a node’s credentials once, with what its system needs, and lists them without the secret', async () => {
    const credential = systems[A].credential;
    expect(credential).toMatchObject({
      nodeId: A,
      user: expect.stringMatching(/^U[A-Z2-7]{55}$/),
      creds: expect.stringContaining('BEGIN NATS USER JWT'),
      inboxPrefix: `_INBOX.${net.namespace}.node.${A}`,
      publish: `${net.namespace}.pub.KZ.${A}`,
      inbox: { stream: `${net.namespace}_INBOX`, consumer: `${net.namespace}_node_${A}`, domain: 'hub' },
      revokedAt: null,
    });
    const listed = await api('GET', `/nodes/${A}/nats-credentials`, net.adminToken);
    expect(listed.body).toEqual([
      { id: credential.id, nodeId: A, user: credential.user, issuedAt: credential.issuedAt, revokedAt: null },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('SEED');
    // Only the admin issues them.
    expect((await api('POST', `/nodes/${A}/nats-credentials`, tokens[A])).status).toBe(403);
  });

  it('lets B publish a signed alert that reaches its subscribers, in their inboxes and on A’s own consumer', async () => {
    const alert = await publishAsB();
    await eventually(async () => ((await inbox(A)).includes(alert.id) ? true : undefined), 20_000, 'A’s inbox');
    await eventually(async () => ((await inbox(POTI)).includes(alert.id) ? true : undefined), 20_000, 'Poti’s');
    const pulled = await pullInbox(systems[A], 10);
    expect(pulled.map((d) => d.envelope.id)).toContain(alert.id);
    expect(pulled.every((d) => d.recipient === A)).toBe(true);
  });

  it('lets the admin read what the router refused of B’s, through the gateway, and ask the router to put it back', async () => {
    const forged = signEnvelope(
      {
        ...(designAlert() as unknown as Envelope),
        id: randomUUID(),
        origin: B,
        createdAt: new Date().toISOString(),
        to: { nodes: [], countries: [], groups: [] },
      },
      // B's key id, another key: a forged signature.
      { keyId: signingKeyId(B, bKey.publicKeyPem), privateKey: privateKeyOf(newSigningKeyPair().privateKeyPem) },
    );
    const subject = `${systems[B].credential.publish}.ALERT`;
    await jetstream(systems[B].nc).publish(subject, JSON.stringify(forged), { msgID: forged.id });
    // The gateway reads the DLQ by sequence with its own user; the router its EXCHANGE, and answers the gateway.
    const letter = await eventually(async () => {
      const letters = (await api('GET', '/dlq?limit=100', net.adminToken)).body.items as Record<string, unknown>[];
      return letters.find((l) => l.subject === subject && l.reason === 'bad_signature');
    }, 20_000);
    expect(letter).toMatchObject({ consumer: `${net.namespace}_router`, stream: `${net.namespace}_EXCHANGE` });
    const replayed = await api('POST', `/dlq/${letter.id}/replay`, net.adminToken);
    expect(replayed.status).toBe(409);
    expect(replayed.body.message).toMatch(/^still refused: bad_signature: /);
  });

  it.each([
    ["subscribe to A's inbox subject", (n: TestNetwork) => n.names.inboxSubject(A), 'subscribe'],
    ['publish as A', (n: TestNetwork) => n.names.publishSubject(A, 'ALERT'), 'publish'],
    ["publish on A's inbox subject", (n: TestNetwork) => n.names.inboxSubject(A), 'publish'],
    ['subscribe to every reply', () => '_INBOX.>', 'subscribe'],
    ['ask the registry for a token', (n: TestNetwork) => n.names.rpc(RPC.issueToken), 'request'],
    [
      'write to the registry bucket',
      (n: TestNetwork) => `$KV.${n.names.registryBucket}.tokens.${'a'.repeat(64)}`,
      'publish',
    ],
    ['publish a checkpoint', (n: TestNetwork) => n.names.checkpointSubject, 'publish'],
    [
      "publish to A's ack subject",
      (n: TestNetwork) => `$JS.ACK.${n.names.stream('INBOX')}.${n.names.nodeInboxConsumer(A)}.1.1.1.1.0`,
      'publish',
    ],
  ] as const)('refuses B to %s', async (_what, subjectOf, action) => {
    const subject = subjectOf(net);
    await refusedToB(subject, async (nc) => {
      if (action === 'subscribe') {
        const sub = nc.subscribe(subject);
        for await (const _ of sub) break;
      } else if (action === 'request') {
        await nc.request(subject, JSON.stringify({ pattern: RPC.issueToken, data: { nodeId: B }, id: '1' }), {
          timeout: 1000,
        });
      } else {
        nc.publish(subject, JSON.stringify({ forged: true }));
      }
    });
  });

  it.each([
    ['create a consumer on INBOX', (n: TestNetwork) => `$JS.API.CONSUMER.CREATE.${n.names.stream('INBOX')}`],
    ['create a consumer on EXCHANGE', (n: TestNetwork) => `$JS.API.CONSUMER.CREATE.${n.names.stream('EXCHANGE')}`],
    ['read a message by sequence', (n: TestNetwork) => `$JS.API.STREAM.MSG.GET.${n.names.stream('INBOX')}`],
    ['read a dead letter by sequence', (n: TestNetwork) => `$JS.API.STREAM.MSG.GET.${n.names.stream('DLQ')}`],
    [
      "pull from A's consumer",
      (n: TestNetwork) => `$JS.API.CONSUMER.MSG.NEXT.${n.names.stream('INBOX')}.${n.names.nodeInboxConsumer(A)}`,
    ],
  ] as const)('refuses B to %s', async (what, subjectOf) => {
    const subject = subjectOf(net);
    await refusedToB(subject, async (nc) => {
      const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: 1000 });
      if (what.startsWith('create')) {
        const stream = subject.split('.').pop()!;
        await jsm.consumers.add(stream, { durable_name: 'mine', ack_policy: AckPolicy.Explicit });
      } else if (what.startsWith('read')) {
        await jsm.streams.getMessage(subject.split('.').pop()!, { seq: 1 });
      } else {
        nc.publish(subject, JSON.stringify({ batch: 1 }), { reply: `${systems[B].credential.inboxPrefix}.steal` });
      }
    });
  });

  it('changed nothing for all B tried: A’s inbox, the registry and the ledger watch are as they were', async () => {
    const alert = await publishAsB();
    await eventually(async () => ((await inbox(A)).includes(alert.id) ? true : undefined), 20_000, 'A’s inbox');
    const pulled = await pullInbox(systems[A], 10);
    expect(pulled.map((d) => d.envelope.id)).toEqual([alert.id]);
    expect((await api('GET', `/nodes/${B}`, net.adminToken)).status).toBe(200);
    const watch = (await api('GET', '/audit/watch', net.adminToken)).body;
    expect(watch).toMatchObject({ alert: null, ignored: { count: 0 } });
    const health = await (await fetch(`${net.baseUrl}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', details: { bus: { authentication: 'required' } } });
  });

  it('refuses a service’s user on another service’s subjects', async () => {
    const gateway = await connect({
      servers: bus.url.replace('nats://', ''),
      authenticator: credsAuthenticator(readFileSync(join(net.credsDir!, CREDS_FILES.service('gateway')))),
      reconnect: false,
    });
    const denied: string[] = [];
    void (async () => {
      for await (const s of gateway.status()) if (s.type === 'error') denied.push(String(s.error));
    })();
    gateway.publish(net.names.inboxSubject(A), JSON.stringify({ forged: true }));
    await gateway.flush();
    await eventually(async () => (denied.some((e) => e.includes('inbox')) ? true : undefined), 5000, 'refusal');
    await gateway.close();
  });

  it('cuts a suspended node off the bus within 5 seconds, and lets it back when reinstated', async () => {
    const closed = systems[A].nc.closed();
    const suspendedAt = Date.now();
    expect((await api('PATCH', `/nodes/${A}`, net.adminToken, { status: 'SUSPENDED' })).status).toBe(200);
    await closed;
    const cutOffMs = Date.now() - suspendedAt;
    console.info(`suspended node's NATS connection closed ${cutOffMs} ms after the PATCH`);
    expect(cutOffMs).toBeLessThan(5000);
    await expect(connectAs(systems[A].credential)).rejects.toThrow(/Authorization Violation|Revoked/i);
    expect((await api('PATCH', `/nodes/${A}`, net.adminToken, { status: 'ACTIVE' })).status).toBe(200);
    systems[A] = await eventually(async () => connectAs(systems[A].credential).catch(() => undefined), 5000);
  });

  it('cuts a revoked credential off at once; the node’s other credentials stay', async () => {
    const spare = await connectAs(await issue(B));
    const closed = systems[B].nc.closed();
    const revoked = await api('DELETE', `/nodes/${B}/nats-credentials/${systems[B].credential.id}`, net.adminToken);
    expect(revoked.status).toBe(204);
    await closed;
    await expect(connectAs(systems[B].credential)).rejects.toThrow(/Authorization Violation|Revoked/i);
    expect(spare.nc.isClosed()).toBe(false);
    await spare.nc.close();
    const listed = (await api('GET', `/nodes/${B}/nats-credentials`, net.adminToken)).body as { revokedAt: unknown }[];
    expect(listed.map((c) => c.revokedAt === null)).toEqual([false, true]);
  });
});
