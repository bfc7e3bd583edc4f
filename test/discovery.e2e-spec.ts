import { Client } from 'pg';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { SseClient } from './support/sse-client';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(120_000);

/** Recipient preview, risk profiles with screening, and the live inbox, through HTTP on the real network. */

const NODES = [
  { id: 'KZ-HQ-ASTANA', type: 'HQ', country: 'KZ', locodes: ['KZAST'], filters: [{ hsPrefixes: ['30'] }] },
  { id: 'KZ-PCU-AKTAU', type: 'PCU', country: 'KZ', locodes: ['KZAAU'], filters: [{ locodes: ['KZAAU'] }] },
  { id: 'KZ-ACCU-ALMATY', type: 'ACCU', country: 'KZ', locodes: ['KZALA'], filters: [{ locodes: ['KZALA'] }] },
  { id: 'GE-PCU-POTI', type: 'PCU', country: 'GE', locodes: ['GEPTI'], filters: [{ locodes: ['GEPTI'] }] },
  { id: 'AZ-PCU-BAKU', type: 'PCU', country: 'AZ', locodes: ['AZBAK'], filters: [{ locodes: ['AZBAK'] }] },
  { id: 'AZ-HQ-BAKU', type: 'HQ', country: 'AZ', locodes: ['AZBAK'], filters: [] },
  { id: 'UZ-COORD-ROCA', type: 'COORD', country: 'UZ', locodes: ['UZTAS'], filters: [] },
];
const OFFICER_NODES = NODES.filter((n) => n.type !== 'COORD').map((n) => n.id);

function alert(tlp: string, to: Record<string, string[]>, locodes: string[], title = 'Antibiotics via Aktau') {
  return {
    kind: 'ALERT',
    tlp,
    to,
    body: {
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title,
      summary: 'Route deviates through Baku.',
      lang: 'en',
      itinerary: locodes.map((locode, i) => ({ locode, role: i === 0 ? 'LOADING' : 'DISCHARGE' })),
      goods: [{ hsCode: '300420', description: 'Antibiotics, retail packs' }],
      requestedAction: 'EXAMINE',
    },
  };
}

function riskProfile(validUntil: Date) {
  return {
    kind: 'RISK_PROFILE',
    tlp: 'GREEN',
    body: {
      profileId: 'KZ-RP-ANTIBIOTICS',
      title: 'Falsified antibiotics discharged at Aktau',
      lang: 'en',
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
      criteria: { locodes: ['KZAAU'], hsPrefixes: ['3004'] },
      indicators: { consigneePatterns: ['*medical*'], containerOwnerPrefixes: ['TGHU'] },
      recommendedAction: 'EXAMINE',
      validFrom: new Date(Date.now() - 3_600_000).toISOString(),
      validUntil: validUntil.toISOString(),
      version: 1,
    },
  };
}

const SHIPMENT = {
  itinerary: [
    { locode: 'AZBAK', role: 'LOADING' },
    { locode: 'KZAAU', role: 'DISCHARGE' },
  ],
  goods: [{ hsCode: '300420', description: 'Amoxicillin' }],
  transport: { containers: ['CSQU3054383'] },
  parties: { shipper: 'Caspian Trading', consignee: 'Aktau Medical Supplies' },
  mode: 'SEA',
};

describe('discovery: recipient preview, risk profiles and screening, live inbox', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};

  const inbox = async (node: string) => (await api('GET', '/inbox?limit=200', tokens[node])).body.items as any[];
  const messageCount = async () => {
    const db = new Client({ connectionString: net.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM gateway.messages)::int AS messages, (SELECT count(*) FROM gateway.outbox)::int AS outbox`,
      );
      return rows[0];
    } finally {
      await db.end();
    }
  };
  /** The router's decision for a message, from the ledger: who it delivered to, and why. */
  const routedTo = (origin: string, id: string) =>
    eventually(
      async () => {
        const page = await api(
          'GET',
          `/audit/events?kind=message.routed&node=${origin}&limit=500`,
          tokens['UZ-COORD-ROCA'],
        );
        return page.body.items.find((e: any) => e.messageId === id)?.data.recipients as any[] | undefined;
      },
      30_000,
      `message.routed of ${id}`,
    );
  const publish = async (origin: string, message: unknown) => {
    const published = await api('POST', '/messages', tokens[origin], message);
    expect(published.status).toBe(202);
    return published.body.id as string;
  };
  const sse = (node: string, query = '', headers: Record<string, string> = {}) =>
    new SseClient(`${net.baseUrl}/api/v1/inbox/stream${query}`, {
      authorization: `Bearer ${tokens[node]}`,
      ...headers,
    });

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    Object.assign(tokens, await registerNodes(api, net.adminToken, NODES));
    await eventually(async () =>
      (await api('GET', '/inbox', tokens['AZ-HQ-BAKU'])).status === 200 ? true : undefined,
    );
  });

  afterAll(async () => {
    await net?.stop();
  });

  describe('POST /messages/preview', () => {
    it.each<[string, string, ReturnType<typeof alert>, string[][]]>([
      [
        'AMBER with subscribers',
        'AZ-PCU-BAKU',
        alert('AMBER', {}, ['AZBAK', 'KZAAU']),
        [
          ['KZ-HQ-ASTANA', 'filter:0'],
          ['KZ-PCU-AKTAU', 'filter:0'],
        ],
      ],
      [
        'RED to two named nodes',
        'AZ-PCU-BAKU',
        alert('RED', { nodes: ['KZ-PCU-AKTAU', 'GE-PCU-POTI'] }, ['AZBAK', 'KZAAU', 'GEPTI']),
        [
          ['GE-PCU-POTI', 'addressed:node'],
          ['KZ-PCU-AKTAU', 'addressed:node'],
        ],
      ],
      [
        'AMBER+STRICT to a country',
        'KZ-PCU-AKTAU',
        alert('AMBER+STRICT', { countries: ['AZ'] }, ['KZAAU', 'GEPTI']),
        [
          ['AZ-HQ-BAKU', 'addressed:country:AZ'],
          ['AZ-PCU-BAKU', 'addressed:country:AZ'],
        ],
      ],
    ])('%s: previews exactly who then receives it, and why', async (_what, origin, message, expected) => {
      const before = await messageCount();
      const preview = await api('POST', '/messages/preview', tokens[origin], message);
      expect(preview.status).toBe(200);
      expect(preview.body.recipients.map((r: any) => [r.node, ...r.reasons])).toEqual(expected);
      expect(await messageCount()).toEqual(before); // nothing stored, nothing queued

      const id = await publish(origin, message);
      expect(await routedTo(origin, id)).toEqual(preview.body.recipients);
      for (const { node, reasons } of preview.body.recipients) {
        const item = await eventually(async () => (await inbox(node)).find((i) => i.message.id === id), 20_000, node);
        expect(item.reasons).toEqual(reasons);
      }
      const others = OFFICER_NODES.filter((n) => !expected.some(([node]) => node === n));
      for (const node of others) expect((await inbox(node)).some((i) => i.message.id === id)).toBe(false);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['RED without named nodes', alert('RED', {}, ['KZAAU']), 'to.nodes: a RED message must name the nodes it is for'],
      ['an unknown addressee', alert('AMBER', { nodes: ['KZ-PCU-NOWHERE'] }, ['KZAAU']), 'unknown node KZ-PCU-NOWHERE'],
    ])('refuses %s with the same 400 as POST /messages', async (_what, message, problem) => {
      const before = await messageCount();
      const preview = await api('POST', '/messages/preview', tokens['AZ-PCU-BAKU'], message);
      const publishing = await api('POST', '/messages', tokens['AZ-PCU-BAKU'], message);
      expect(preview.status).toBe(400);
      const { correlationId: _a, ...previewAnswer } = preview.body;
      const { correlationId: _b, ...publishAnswer } = publishing.body;
      expect(previewAnswer).toEqual(publishAnswer);
      expect(JSON.stringify(previewAnswer.fields)).toContain(problem);
      expect(await messageCount()).toEqual(before);
    });

    it('refuses a bad body naming the field, and callers who are not officers', async () => {
      const bad = alert('AMBER', {}, ['KZAAU']);
      (bad.body as any).category = 'FISH';
      const answer = await api('POST', '/messages/preview', tokens['AZ-PCU-BAKU'], bad);
      expect(answer.status).toBe(400);
      expect(answer.body.fields.map((f: any) => f.field)).toEqual(['body.category']);
      const message = alert('AMBER', {}, ['KZAAU']);
      expect((await api('POST', '/messages/preview', tokens['UZ-COORD-ROCA'], message)).status).toBe(403);
      expect((await api('POST', '/messages/preview', undefined, message)).status).toBe(401);
    });
  });

  describe('risk profiles and POST /screen', () => {
    it('delivers a profile to the subscribed PCU, which screens shipments against it until validUntil', async () => {
      const validUntil = new Date(Date.now() + 12_000);
      const profile = riskProfile(validUntil);
      const preview = await api('POST', '/messages/preview', tokens['KZ-HQ-ASTANA'], profile);
      expect(preview.body.recipients).toEqual([{ node: 'KZ-PCU-AKTAU', reasons: ['filter:0'] }]);
      const id = await publish('KZ-HQ-ASTANA', profile);
      const item = await eventually(
        async () => (await inbox('KZ-PCU-AKTAU')).find((i) => i.message.id === id),
        20_000,
        'the profile at Aktau',
      );
      expect(item.message).toMatchObject({ kind: 'RISK_PROFILE', origin: 'KZ-HQ-ASTANA', body: profile.body });
      expect(await routedTo('KZ-HQ-ASTANA', id)).toEqual(preview.body.recipients);

      const screened = await api('POST', '/screen', tokens['KZ-PCU-AKTAU'], SHIPMENT);
      expect(screened.status).toBe(200);
      expect(screened.body.profilesInForce).toBe(1);
      expect(screened.body.matches).toEqual([
        {
          messageId: id,
          origin: 'KZ-HQ-ASTANA',
          profileId: 'KZ-RP-ANTIBIOTICS',
          version: 1,
          title: profile.body.title,
          recommendedAction: 'EXAMINE',
          category: 'FALSIFIED_MEDICAL',
          riskLevel: 'HIGH',
          validUntil: profile.body.validUntil,
          reasons: [
            { field: 'locodes', profile: ['KZAAU'], shipment: ['KZAAU'] },
            { field: 'hsPrefixes', profile: ['3004'], shipment: ['300420'] },
            { field: 'consigneePatterns', profile: ['*medical*'], shipment: ['Aktau Medical Supplies'] },
          ],
          unchecked: [],
        },
      ]);

      const elsewhere = { ...SHIPMENT, itinerary: [{ locode: 'GEPTI', role: 'DISCHARGE' }] };
      expect((await api('POST', '/screen', tokens['KZ-PCU-AKTAU'], elsewhere)).body.matches).toEqual([]);
      const otherConsignee = { ...SHIPMENT, parties: { consignee: 'Aktau Cement' } };
      expect((await api('POST', '/screen', tokens['KZ-PCU-AKTAU'], otherConsignee)).body.matches).toEqual([]);
      // A node screens against what it received, not what others did.
      expect((await api('POST', '/screen', tokens['GE-PCU-POTI'], SHIPMENT)).body).toMatchObject({
        profilesInForce: 0,
        matches: [],
      });

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, validUntil.getTime() - Date.now() + 200)));
      const expired = await api('POST', '/screen', tokens['KZ-PCU-AKTAU'], SHIPMENT);
      expect(expired.body).toMatchObject({ profilesInForce: 0, matches: [] });
    });

    it('screens with the amended version of a profile, and no longer once it is withdrawn', async () => {
      const profile = riskProfile(new Date(Date.now() + 3_600_000));
      profile.body.profileId = 'KZ-RP-AMENDED';
      const id = await publish('KZ-HQ-ASTANA', profile);
      const atAktau = (check: (item: any) => boolean, what: string) =>
        eventually(
          async () => (await inbox('KZ-PCU-AKTAU')).find((i) => i.message.id === id && check(i)),
          20_000,
          what,
        );
      const hits = async (shipment: object) =>
        (await api('POST', '/screen', tokens['KZ-PCU-AKTAU'], shipment)).body.matches.filter(
          (m: any) => m.messageId === id,
        );
      const inverters = { ...SHIPMENT, goods: [{ hsCode: '850440' }] };
      await atAktau(() => true, 'the profile');
      expect(await hits(SHIPMENT)).toHaveLength(1);
      expect(await hits(inverters)).toEqual([]);

      const amendedBody = { ...profile.body, criteria: { locodes: ['KZAAU'], hsPrefixes: ['8504'] }, version: 2 };
      const amended = await api('POST', `/messages/${id}/amend`, tokens['KZ-HQ-ASTANA'], { body: amendedBody });
      expect(amended.status).toBe(202);
      await atAktau((i) => i.message.body.version === 2, 'the amended profile');
      expect(await hits(SHIPMENT)).toEqual([]);
      expect((await hits(inverters)).map((m: any) => [m.version, m.reasons[1]])).toEqual([
        [2, { field: 'hsPrefixes', profile: ['8504'], shipment: ['850440'] }],
      ]);

      const withdrawn = await api('POST', `/messages/${id}/withdraw`, tokens['KZ-HQ-ASTANA'], { reason: 'superseded' });
      expect(withdrawn.status).toBe(202);
      await atAktau((i) => i.withdrawn !== null, 'the withdrawal');
      expect(await hits(inverters)).toEqual([]);
    });

    it('refuses a bad profile or shipment naming the field', async () => {
      const profile = riskProfile(new Date(Date.now() + 60_000));
      (profile.body as any).criteria = {};
      const refused = await api('POST', '/messages', tokens['KZ-HQ-ASTANA'], profile);
      expect(refused.status).toBe(400);
      expect(refused.body.fields.map((f: any) => f.field)).toEqual(['body.criteria']);
      const badShipment = { ...SHIPMENT, transport: { containers: ['CSQU3054384'] } };
      const screened = await api('POST', '/screen', tokens['KZ-PCU-AKTAU'], badShipment);
      expect(screened.status).toBe(400);
      expect(screened.body.fields.map((f: any) => f.field)).toEqual(['transport.containers.0']);
      expect((await api('POST', '/screen', tokens['UZ-COORD-ROCA'], SHIPMENT)).status).toBe(403);
    });
  });

  describe('GET /inbox/stream', () => {
    const NODE = 'KZ-ACCU-ALMATY';
    const toAlmaty = (n: number) => alert('AMBER+STRICT', { nodes: [NODE] }, ['KZALA'], `Live ${n}`);

    it('pushes deliveries live and, on reconnect with Last-Event-ID, exactly the ones missed', async () => {
      const first = sse(NODE);
      await first.open();
      expect(first.status).toBe(200);
      const live = [];
      for (let n = 1; n <= 3; n++) live.push(await publish('AZ-PCU-BAKU', toAlmaty(n)));
      await first.waitFor(() => first.events.length >= 3);
      first.close();
      // Messages are routed and stored concurrently: the stream follows the inbox's cursor order
      // (checked below), which need not be the publishing order.
      expect(first.events.map((e) => JSON.parse(e.data).message.id).sort()).toEqual([...live].sort());
      expect(first.events.every((e) => e.event === 'delivery')).toBe(true);
      // Each event is the GET /inbox item, under its cursor.
      const page = await inbox(NODE);
      expect(first.events.map((e) => [e.id, JSON.parse(e.data)])).toEqual(page.map((i) => [i.cursor, i]));

      const missed = [];
      for (let n = 4; n <= 5; n++) missed.push(await publish('AZ-PCU-BAKU', toAlmaty(n)));
      await eventually(async () => ((await inbox(NODE)).length === 5 ? true : undefined), 20_000, 'missed ones stored');

      const second = sse(NODE, '?after=0', { 'last-event-id': first.events.at(-1)!.id! });
      await second.open();
      await second.waitFor(() => second.events.length >= 2);
      const later = await publish('AZ-PCU-BAKU', toAlmaty(6));
      await second.waitFor(() => second.events.some((e) => JSON.parse(e.data).message.id === later));
      await new Promise((resolve) => setTimeout(resolve, 500)); // time for a duplicate to show, if any
      second.close();
      const resumed = second.events.map((e) => JSON.parse(e.data).message.id);
      expect(resumed.slice(0, 2).sort()).toEqual([...missed].sort());
      expect(resumed.slice(2)).toEqual([later]);
      const all = [...first.events, ...second.events].map((e) => e.id);
      expect(new Set(all).size).toBe(6);
      expect(all).toEqual((await inbox(NODE)).map((i) => i.cursor));
    });

    it('replays after ?after= when no Last-Event-ID is given', async () => {
      const items = await inbox('KZ-ACCU-ALMATY');
      const client = sse(NODE, `?after=${items[1].cursor}`);
      await client.open();
      await client.waitFor(() => client.events.length >= items.length - 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      client.close();
      expect(client.events.map((e) => e.id)).toEqual(items.slice(2).map((i) => i.cursor));
    });

    it('refuses a malformed Last-Event-ID with a 400 naming it, and the admin (who has no inbox)', async () => {
      const bad = sse(NODE, '', { 'last-event-id': 'yesterday' });
      await bad.open();
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body).fields).toEqual([{ field: 'Last-Event-ID', messages: ['not a cursor'] }]);
      const admin = await fetch(`${net.baseUrl}/api/v1/inbox/stream`, {
        headers: { authorization: `Bearer ${net.adminToken}` },
      });
      expect(admin.status).toBe(403);
      await admin.text();
    });
  });

  describe('GET /api/asyncapi.json', () => {
    it('describes this network’s bus to anyone, without a token', async () => {
      const answer = await fetch(`${net.baseUrl}/api/asyncapi.json`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      const document = (await answer.json()) as any;
      expect(document.asyncapi).toBe('3.0.0');
      expect(document.channels.inbox.address).toBe(`${net.namespace}.inbox.{node}`);
      expect(document.servers.nats.protocol).toBe('nats');
    });
  });
});
