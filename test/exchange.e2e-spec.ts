import { jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { designAlert } from './support/fixtures';
import { ok, type paths } from '@iren/client';
import { apiClient, eventually, typedApi } from './support/http';
import { registerNodes } from './support/members';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(120_000);

const ALERT = designAlert();

type AuditEventsQuery = NonNullable<paths['/api/v1/audit/events']['get']['parameters']['query']>;

const NODES = [
  {
    id: 'KZ-PCU-AKTAU',
    type: 'PCU',
    country: 'KZ',
    name: 'Aktau seaport PCU',
    locodes: ['KZAAU'],
    filters: [{ locodes: ['KZAAU'] }],
  },
  {
    id: 'KZ-HQ-ASTANA',
    type: 'HQ',
    country: 'KZ',
    name: 'Customs HQ Astana',
    locodes: ['KZAST'],
    filters: [{ hsPrefixes: ['30'] }],
  },
  {
    id: 'GE-PCU-POTI',
    type: 'PCU',
    country: 'GE',
    name: 'Poti seaport PCU',
    locodes: ['GEPTI'],
    filters: [{ locodes: ['GEPTI'] }],
  },
  {
    id: 'AZ-PCU-BAKU',
    type: 'PCU',
    country: 'AZ',
    name: 'Baku seaport PCU',
    locodes: ['AZBAK'],
    filters: [{ locodes: ['AZBAK'] }],
  },
  { id: 'UZ-COORD-ROCA', type: 'COORD', country: 'UZ', name: 'CCP coordination', locodes: ['UZTAS'], filters: [] },
];

describe('IREN exchange, end to end', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};

  // Through the typed client (@iren/client): these calls compile only while the contract still has them.
  const typed = (node: string) => typedApi(net.baseUrl, tokens[node]);
  const inbox = async (node: string) =>
    (await ok(typed(node).GET('/api/v1/inbox', { params: { query: { limit: 200 } } }))).items;
  const auditEvents = async (query: AuditEventsQuery) => {
    const page = await ok(typed('UZ-COORD-ROCA').GET('/api/v1/audit/events', { params: { query } }));
    if (typeof page === 'string') throw new Error('asked for JSON, the ledger answered CSV');
    return page;
  };
  const exchangeCount = async () => {
    const nc = await net.connectNats();
    try {
      return (await (await jetstreamManager(nc)).streams.info(net.names.stream('EXCHANGE'))).state.messages;
    } finally {
      await nc.close();
    }
  };
  const gatewayRows = async () => {
    const db = new Client({ connectionString: net.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM gateway.messages)::int AS messages, (SELECT count(*) FROM gateway.outbox WHERE subject LIKE '%.pub.%')::int AS outbox`,
      );
      return rows[0] as { messages: number; outbox: number };
    } finally {
      await db.end();
    }
  };

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    Object.assign(tokens, await registerNodes(api, net.adminToken, NODES));
    // The gateway authenticates from its registry mirror: wait until it has every token.
    await eventually(async () =>
      (await api('GET', '/inbox', tokens['AZ-PCU-BAKU'])).status === 200 ? true : undefined,
    );
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('answers the registry to any authenticated caller and refuses strangers', async () => {
    expect((await api('GET', '/nodes')).status).toBe(401);
    expect((await api('GET', '/nodes', 'irn_not-a-token')).status).toBe(401);
    const nodes = await api('GET', '/nodes', tokens['GE-PCU-POTI']);
    expect(nodes.status).toBe(200);
    expect(nodes.body.map((n: { id: string }) => n.id).sort()).toEqual(NODES.map((n) => n.id).sort());
    const officerRegisters = await api('POST', '/nodes', tokens['GE-PCU-POTI'], { ...NODES[0], id: 'GE-PCU-BATUMI' });
    expect(officerRegisters.status).toBe(403);
  });

  it('delivers an alert to exactly the nodes it concerns, with acknowledgement and audit trail', async () => {
    const correlationId = `e2e-${Date.now()}`;
    const published = await api('POST', '/messages', tokens['AZ-PCU-BAKU'], ALERT, {
      'x-correlation-id': correlationId,
    });
    expect(published.status).toBe(202);
    expect(published.body).toEqual({ id: expect.any(String), status: 'ACCEPTED' });
    const id = published.body.id as string;

    const routed = await eventually(
      async () => {
        const page = await auditEvents({ kind: 'message.routed', node: 'AZ-PCU-BAKU' });
        return page.items.find((e: any) => e.messageId === id);
      },
      30_000,
      'message.routed in the ledger',
    );
    expect((routed.data.recipients as Array<{ node: string }>).map((r) => r.node).sort()).toEqual([
      'KZ-HQ-ASTANA',
      'KZ-PCU-AKTAU',
    ]);

    for (const node of ['KZ-PCU-AKTAU', 'KZ-HQ-ASTANA']) {
      const item = await eventually(
        async () => (await inbox(node)).find((i) => i.message.id === id),
        20_000,
        `${node} inbox`,
      );
      expect(item.state).toBe('DELIVERED');
      expect(item.message).toMatchObject({
        origin: 'AZ-PCU-BAKU',
        kind: 'ALERT',
        tlp: 'AMBER',
        handling: 'H2',
        body: ALERT.body,
      });
    }
    // Everything routed has been delivered by now; the others must have nothing.
    for (const node of ['GE-PCU-POTI', 'AZ-PCU-BAKU']) expect(await inbox(node)).toEqual([]);

    const ack = await typed('KZ-PCU-AKTAU').POST('/api/v1/inbox/{messageId}/ack', {
      params: { path: { messageId: id } },
      body: { status: 'RECEIVED' },
      headers: { 'x-correlation-id': `${correlationId}-ack` },
    });
    expect(ack.response.status).toBe(200);
    expect(ack.data?.state).toBe('RECEIVED');
    const foreignAck = await typed('GE-PCU-POTI').POST('/api/v1/inbox/{messageId}/ack', {
      params: { path: { messageId: id } },
      body: { status: 'RECEIVED' },
    });
    expect(foreignAck.response.status).toBe(404);

    const seenByOrigin = await api('GET', `/messages/${id}`, tokens['AZ-PCU-BAKU']);
    expect(seenByOrigin.status).toBe(200);
    expect(seenByOrigin.body.deliveries.map((d: any) => [d.node, d.state])).toEqual([
      ['KZ-HQ-ASTANA', 'DELIVERED'],
      ['KZ-PCU-AKTAU', 'RECEIVED'],
    ]);
    expect((await api('GET', `/messages/${id}`, tokens['GE-PCU-POTI'])).status).toBe(404);

    const trail = await eventually(
      async () => {
        const page = await auditEvents({ node: 'KZ-PCU-AKTAU', limit: 500 });
        const mine = page.items.filter((e: any) => e.messageId === id);
        return mine.some((e: any) => e.type === 'message.acknowledged') ? await auditEvents({ limit: 500 }) : undefined;
      },
      30_000,
      'acknowledgement in the ledger',
    );
    const entries = trail.items.filter((e: any) => e.messageId === id);
    expect(entries.map((e: any) => e.type).sort()).toEqual([
      'message.acknowledged',
      'message.delivered',
      'message.delivered',
      'message.published',
      'message.routed',
    ]);
    // The publish request's id follows the message through routing and delivery; the ack is a request of its own.
    for (const entry of entries) {
      expect(entry.correlationId).toBe(entry.type === 'message.acknowledged' ? `${correlationId}-ack` : correlationId);
    }
    expect(JSON.stringify(entries)).not.toContain(ALERT.body.title);
    // An officer reads the ledger too, but only the entries that concern its own node.
    const own = await api('GET', '/audit/events?limit=500', tokens['KZ-PCU-AKTAU']);
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    for (const entry of own.body.items) expect(entry.nodes).toContain('KZ-PCU-AKTAU');
    expect(own.body.items.length).toBeLessThan(trail.items.length);
  });

  it('refuses an alert with a wrong container check digit, naming the field and keeping nothing', async () => {
    const before = { rows: await gatewayRows(), stream: await exchangeCount() };
    const bad = structuredClone(ALERT);
    bad.body.transport.containers = ['CSQU3054384'];
    const answer = await api('POST', '/messages', tokens['AZ-PCU-BAKU'], bad);
    expect(answer.status).toBe(400);
    expect(answer.body.fields.map((f: any) => f.field)).toContain('body.transport.containers.0');
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts:\d+/);
    await new Promise((r) => setTimeout(r, 500));
    expect(await gatewayRows()).toEqual(before.rows);
    expect(await exchangeCount()).toBe(before.stream);
  });

  it('accepts a publish while NATS is unreachable and delivers it once NATS is back', async () => {
    await net.gatewayNats.pause();
    let id: string;
    try {
      const published = await api('POST', '/messages', tokens['AZ-PCU-BAKU'], ALERT);
      expect(published.status).toBe(202);
      id = published.body.id;
      await new Promise((r) => setTimeout(r, 1500));
      expect((await gatewayRows()).outbox).toBeGreaterThan(0);
    } finally {
      await net.gatewayNats.resume();
    }
    const item = await eventually(
      async () => (await inbox('KZ-PCU-AKTAU')).find((i) => i.message.id === id),
      45_000,
      'delivery after outage',
    );
    expect(item.message.id).toBe(id!);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await inbox('KZ-PCU-AKTAU')).filter((i) => i.message.id === id)).toHaveLength(1);
  });
});
