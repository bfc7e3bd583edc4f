import type { INestApplication } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import type { Envelope } from '@iren/contracts';
import { createRootLogger, loadRouterConfig } from '@iren/platform';
import { startRouter } from '../apps/router/src/router.app';
import { designAlert } from './support/fixtures';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { signAsOrigin } from './support/signing';
import { NATS_URL, startTestNetwork, type TestNetwork } from './support/test-network';

// A follow-up that reaches the router before its original waits for it, parked, for as long as the
// original can still arrive, instead of being retried for a minute and refused for good.
jest.setTimeout(120_000);

const BAKU = 'AZ-PCU-BAKU';
const AKTAU = 'KZ-PCU-AKTAU';
const ASTANA = 'KZ-HQ-ASTANA';
const POTI = 'GE-PCU-POTI';

interface FollowUpsDetail {
  parked: number;
  oldestParkedAt: string | null;
}

describe('a follow-up published before its original', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;
  let nc: NatsConnection;
  /** A second router on the same database and bus: the harness keeps the first one's port to itself. */
  let router: INestApplication;
  let routerUrl: string;

  const followUps = async (): Promise<FollowUpsDetail> =>
    ((await (await fetch(`${routerUrl}/health`)).json()) as { details: { followUps: FollowUpsDetail } }).details
      .followUps;
  const inbox = async (node: string) =>
    (await api('GET', '/inbox?limit=200', tokens[node])).body.items as {
      message: { id: string };
      withdrawn: { messageId: string; reason: string } | null;
    }[];
  const routedEvents = async (messageId: string) =>
    (await api('GET', `/audit/events?kind=message.routed&messageId=${messageId}`, net.adminToken)).body.items as {
      data: { recipients: { node: string }[] };
    }[];
  /** Publishes on the bus as the node does, signed with its key, and waits for JetStream's ack. */
  const publishAsNode = async (envelope: Envelope<unknown>) => {
    const signed = await signAsOrigin(net, api, envelope);
    await jetstream(nc).publish(net.names.publishSubject(envelope.origin, envelope.kind), JSON.stringify(signed), {
      msgID: envelope.id,
    });
  };

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    tokens = await registerNodes(api, net.adminToken, [
      { id: BAKU, type: 'PCU', country: 'AZ', locodes: ['AZBAK'] },
      { id: AKTAU, type: 'PCU', country: 'KZ', locodes: ['KZAAU'], filters: [{ locodes: ['KZAAU'] }] },
      { id: ASTANA, type: 'HQ', country: 'KZ', locodes: ['KZAST'], filters: [{ hsPrefixes: ['30'] }] },
      { id: POTI, type: 'PCU', country: 'GE', locodes: ['GEPTI'], filters: [{ locodes: ['GEPTI'] }] },
    ]);
    router = await startRouter(
      loadRouterConfig({
        NATS_URL,
        ...(net.credsDir && { NATS_CREDS_DIR: net.credsDir }),
        DATABASE_URL: net.databaseUrl,
        IREN_NAMESPACE: net.namespace,
        IREN_ADMIN_TOKEN: net.adminToken,
        PORT: '0',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      }),
      createRootLogger('router-2', process.env.TEST_LOG_LEVEL ?? 'silent'),
    );
    routerUrl = `http://127.0.0.1:${(router.getHttpServer().address() as { port: number }).port}`;
    nc = await net.connectNats();
  });

  afterAll(async () => {
    await nc?.close();
    await router?.close();
    await net?.stop();
  });

  it("waits parked for its original, then reaches exactly the original's recipients with it", async () => {
    expect(await followUps()).toEqual({ parked: 0, oldestParkedAt: null });
    const { tlp, handling, to, body } = designAlert();
    const original = {
      id: randomUUID(),
      kind: 'ALERT',
      origin: BAKU,
      createdAt: new Date().toISOString(),
      tlp,
      handling,
      to,
      body,
    } as unknown as Envelope;
    const withdrawal = {
      id: randomUUID(),
      kind: 'WITHDRAWAL',
      origin: BAKU,
      createdAt: new Date().toISOString(),
      tlp,
      to,
      body: { refersTo: original.id, reason: 'sent before its time' },
    } as unknown as Envelope;

    await publishAsNode(withdrawal);
    const parked = await eventually(
      async () => {
        const detail = await followUps();
        return detail.parked === 1 ? detail : undefined;
      },
      20_000,
      'the withdrawal parked',
    );
    expect(Date.parse(parked.oldestParkedAt!)).toBeLessThanOrEqual(Date.now());
    // Well past the time a parking takes: still parked, acknowledged (nothing left to redeliver), unrouted.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await followUps()).toEqual(parked);
    const jsm = await jetstreamManager(nc);
    const consumer = await jsm.consumers.info(net.names.stream('EXCHANGE'), net.names.consumer('router'));
    expect([consumer.num_pending, consumer.num_ack_pending]).toEqual([0, 0]);
    expect(await routedEvents(withdrawal.id)).toEqual([]);

    await publishAsNode(original);

    for (const node of [AKTAU, ASTANA]) {
      const item = await eventually(
        async () => (await inbox(node)).find((i) => i.message.id === original.id && i.withdrawn),
        30_000,
        `the withdrawn original in ${node}'s inbox`,
      );
      expect(item.withdrawn).toMatchObject({ messageId: withdrawal.id, reason: 'sent before its time' });
      // The withdrawal changes the original's line; it is not a line of its own.
      expect((await inbox(node)).filter((i) => i.message.id === withdrawal.id)).toEqual([]);
    }
    await eventually(async () => ((await followUps()).parked === 0 ? true : undefined), 20_000, 'nothing parked');
    expect(await followUps()).toEqual({ parked: 0, oldestParkedAt: null });
    // Routed once each, to the same recipients; nobody else received either.
    for (const id of [original.id, withdrawal.id]) {
      const routed = await eventually(async () => ((await routedEvents(id)).length > 0 ? routedEvents(id) : undefined));
      expect(routed.map((e) => e.data.recipients.map((r) => r.node).sort())).toEqual([[ASTANA, AKTAU].sort()]);
    }
    for (const node of [POTI, BAKU]) {
      expect((await inbox(node)).filter((i) => [original.id, withdrawal.id].includes(i.message.id))).toEqual([]);
    }
  });
});
