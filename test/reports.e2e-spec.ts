import { headers as natsHeaders } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { signAsOrigin } from './support/signing';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(180_000);

// No transport references: two alerts naming the same container would add HITs to the deliveries counted.
const BODY = {
  riskLevel: 'HIGH',
  mode: 'SEA',
  title: 'Suspected counterfeit goods via Aktau',
  summary: 'Consignee new, route deviates through Baku.',
  lang: 'en',
  itinerary: [
    { locode: 'AZBAK', role: 'LOADING' },
    { locode: 'KZAAU', role: 'DISCHARGE' },
  ],
  goods: [{ hsCode: '640399', description: 'Footwear', quantity: 1200, unit: 'PCS' }],
  indicators: ['ROUTE_DEVIATION'],
  requestedAction: 'EXAMINE',
};
const LATER = '2030-01-01T00:00:00Z';
const alert = (category: string, to: string[], feedbackDueBy?: string) => ({
  kind: 'ALERT',
  tlp: 'RED',
  to: { nodes: to },
  body: { ...BODY, category, ...(feedbackDueBy && { feedbackDueBy }) },
});

const NODES = [
  { id: 'AZ-PCU-BAKU', type: 'PCU', country: 'AZ', name: 'Baku PCU', locodes: ['AZBAK'] },
  { id: 'KZ-PCU-AKTAU', type: 'PCU', country: 'KZ', name: 'Aktau PCU', locodes: ['KZAAU'] },
  { id: 'KZ-HQ-ASTANA', type: 'HQ', country: 'KZ', name: 'HQ Astana', locodes: ['KZAST'] },
  { id: 'UZ-COORD-ROCA', type: 'COORD', country: 'UZ', name: 'CCP coordination', locodes: ['UZTAS'] },
];
const BAKU = 'AZ-PCU-BAKU';
const AKTAU = 'KZ-PCU-AKTAU';
const ASTANA = 'KZ-HQ-ASTANA';
const ROCA = 'UZ-COORD-ROCA';

const counts = (total: number, byKind: object, byCategory: object = {}) => ({ total, byKind, byCategory });
const feedback = (requested: number, given: number, rate: number | null, overdue: number) => ({
  requested,
  given,
  rate,
  overdue,
});

describe('the coordinator’s reports, end to end', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let start: string;
  let middle: string;

  const ledgerCount = async (kind: string) =>
    ((await api('GET', `/audit/events?limit=500&kind=${kind}`, net.adminToken)).body.items as unknown[]).length;
  const publish = async (from: string, message: object) => {
    const answer = await api('POST', '/messages', tokens[from], message);
    expect(answer.status).toBe(202);
    return answer.body.id as string;
  };
  const delivered = (node: string, id: string) =>
    eventually(
      async () =>
        ((await api('GET', '/inbox?limit=200', tokens[node])).body.items as any[]).find((i) => i.message.id === id),
      30_000,
      `${id} in ${node}'s inbox`,
    );
  const read = async (node: string, id: string) =>
    expect((await api('GET', `/messages/${id}`, tokens[node])).status).toBe(200);
  const ack = async (node: string, id: string, status: string) =>
    expect((await api('POST', `/inbox/${id}/ack`, tokens[node], { status })).status).toBe(200);
  const seizure = async (node: string, id: string, seizedAt: string, quantities: object[]) =>
    expect(
      (await api('POST', `/messages/${id}/feedback`, tokens[node], { outcome: 'SEIZURE', seizedAt, quantities }))
        .status,
    ).toBe(202);
  /** Milliseconds from each delivery to the first entry of `type` about it, from the ledger itself. */
  const delays = async (type: string, node?: string) => {
    const entries = async (kind: string) =>
      (await api('GET', `/audit/events?limit=500&kind=${kind}${node ? `&node=${node}` : ''}`, net.adminToken)).body
        .items as { node: string; messageId: string; at: string }[];
    const first = new Map<string, number>();
    // The ledger's node filter also matches the nodes an entry concerns; the recipient is the one acting.
    for (const e of (await entries(type)).filter((x) => !node || x.node === node)) {
      const key = `${e.messageId}:${e.node}`;
      first.set(key, Math.min(first.get(key) ?? Infinity, Date.parse(e.at)));
    }
    const deliveredAt = new Map(
      (await entries('message.delivered')).map((e) => [`${e.messageId}:${e.node}`, Date.parse(e.at)]),
    );
    return [...first.entries()].map(([key, at]) => at - deliveredAt.get(key)!);
  };
  const report = async (path: string, token = tokens[ROCA]) => {
    const answer = await api('GET', path, token);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    Object.assign(tokens, await registerNodes(api, net.adminToken, NODES));
    for (const node of [BAKU, AKTAU, ASTANA]) {
      await eventually(async () => ((await api('GET', '/inbox', tokens[node])).status === 200 ? true : undefined));
    }
    await eventually(async () => ((await api('GET', '/inbox', tokens[ROCA])).status === 200 ? true : undefined));
    start = new Date().toISOString();

    // Baku asks Kazakhstan for feedback on two alerts.
    ids.a1 = await publish(BAKU, alert('IPR', [AKTAU, ASTANA], LATER));
    ids.a2 = await publish(BAKU, alert('CIGARETTES', [AKTAU], LATER));
    for (const [node, id] of [
      [AKTAU, ids.a1],
      [ASTANA, ids.a1],
      [AKTAU, ids.a2],
    ]) {
      await delivered(node, id);
    }
    await new Promise((r) => setTimeout(r, 20));
    middle = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));

    // Aktau answers Baku with two alerts, one asking for feedback within seconds, which Baku lets lapse.
    ids.a3 = await publish(AKTAU, alert('DRUGS', [BAKU]));
    ids.a4 = await publish(AKTAU, alert('IPR', [BAKU], new Date(Date.now() + 3_000).toISOString()));
    await delivered(BAKU, ids.a3);
    await delivered(BAKU, ids.a4);

    await read(AKTAU, ids.a1);
    await ack(AKTAU, ids.a1, 'RECEIVED');
    await ack(AKTAU, ids.a1, 'ACTIONED');
    await read(AKTAU, ids.a2);
    await ack(AKTAU, ids.a2, 'ACTIONED');
    await read(ASTANA, ids.a1);
    await read(BAKU, ids.a3);
    await ack(BAKU, ids.a3, 'RECEIVED');
    await read(BAKU, ids.a4);

    await seizure(AKTAU, ids.a1, '2022-06-14', [
      { category: 'IPR', pieces: 1200, kilograms: '0.001' },
      { category: 'CIGARETTES', pieces: 400, kilograms: '1.500' },
    ]);
    await seizure(ASTANA, ids.a1, '2022-09-01', [{ category: 'IPR', pieces: 26401069, kilograms: '266.282' }]);
    await seizure(AKTAU, ids.a2, '2023-01-15', [{ category: 'CIGARETTES', pieces: 10000, kilograms: '1.5' }]);
    await seizure(BAKU, ids.a3, '2022-12-31', [{ category: 'DRUGS', kilograms: '12.345' }]);

    // A withdrawal forged in Aktau's name of Baku's alert: published, then refused by the router.
    const nc = await net.connectNats();
    try {
      // Signed with Aktau's own key: the refusal is for not being the origin, not for the signature.
      const forged = await signAsOrigin(net, api, {
        id: randomUUID(),
        kind: 'WITHDRAWAL' as const,
        origin: AKTAU,
        createdAt: new Date().toISOString(),
        tlp: 'RED' as const,
        to: { nodes: [], countries: [], groups: [] },
        body: { refersTo: ids.a1, reason: 'not mine' },
      });
      nc.publish(net.names.publishSubject(AKTAU, 'WITHDRAWAL'), JSON.stringify(forged), { headers: natsHeaders() });
      await nc.flush();
    } finally {
      await nc.close();
    }

    // Everything above is in the ledger: 5 alert and 4 feedback deliveries, 4 feedbacks, 9 messages
    // published, 5 reads, 4 acknowledgements, 1 overdue reminder, 1 refusal.
    const expected: [string, number][] = [
      ['message.published', 9],
      ['message.delivered', 9],
      ['message.feedback', 4],
      ['message.read', 5],
      ['message.acknowledged', 4],
      ['feedback.overdue', 1],
      ['message.rejected', 1],
    ];
    for (const [kind, n] of expected) {
      await eventually(async () => ((await ledgerCount(kind)) === n ? true : undefined), 40_000, `${n} × ${kind}`);
    }
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('counts each node’s and country’s messages, reading times, feedback and refusals', async () => {
    const body = await report(`/reports/exchange?from=${encodeURIComponent(start)}`);
    expect(body).toMatchObject({ from: new Date(start).toISOString(), to: null });
    const country = (c: string) => body.countries.find((x: any) => x.country === c);
    const node = (n: string) => country(n.slice(0, 2)).nodes.find((x: any) => x.node === n);
    expect(body.countries.map((c: any) => c.country)).toEqual(['AZ', 'KZ']);
    expect(country('KZ').nodes.map((n: any) => n.node)).toEqual([ASTANA, AKTAU]);

    expect(node(AKTAU)).toMatchObject({
      sent: counts(5, { ALERT: 2, FEEDBACK: 2, WITHDRAWAL: 1 }, { DRUGS: 1, IPR: 1 }),
      received: counts(3, { ALERT: 2, FEEDBACK: 1 }, { CIGARETTES: 1, IPR: 1 }),
      timeToRead: { count: 2 },
      timeToAcknowledge: { count: 2 },
      feedback: feedback(2, 2, 1, 0),
      rejected: { total: 1, byReason: { not_the_origin: 1 } },
    });
    expect(node(ASTANA)).toMatchObject({
      sent: counts(1, { FEEDBACK: 1 }),
      received: counts(1, { ALERT: 1 }, { IPR: 1 }),
      timeToRead: { count: 1 },
      timeToAcknowledge: { count: 0, medianSeconds: null, p90Seconds: null },
      feedback: feedback(1, 1, 1, 0),
      rejected: { total: 0, byReason: {} },
    });
    expect(node(BAKU)).toMatchObject({
      sent: counts(3, { ALERT: 2, FEEDBACK: 1 }, { CIGARETTES: 1, IPR: 1 }),
      received: counts(5, { ALERT: 2, FEEDBACK: 3 }, { DRUGS: 1, IPR: 1 }),
      timeToRead: { count: 2 },
      timeToAcknowledge: { count: 1 },
      // Baku's feedback on the alert that did not ask for it is not counted as asked-for feedback.
      feedback: feedback(1, 0, 0, 1),
    });
    expect(country('KZ')).toMatchObject({
      sent: counts(6, { ALERT: 2, FEEDBACK: 3, WITHDRAWAL: 1 }, { DRUGS: 1, IPR: 1 }),
      received: counts(4, { ALERT: 3, FEEDBACK: 1 }, { CIGARETTES: 1, IPR: 2 }),
      timeToRead: { count: 3 },
      timeToAcknowledge: { count: 2 },
      feedback: feedback(3, 3, 1, 0),
    });
    expect(body.network).toMatchObject({
      sent: { total: 9 },
      received: { total: 9 },
      timeToRead: { count: 5 },
      timeToAcknowledge: { count: 3 },
      feedback: feedback(4, 3, 0.75, 1),
      rejected: { total: 1, byReason: { not_the_origin: 1 } },
    });
    // The times, worked out again here from the ledger entries themselves (first read, first acknowledgement).
    const readMs = (await delays('message.read')).sort((a, b) => a - b);
    expect(readMs).toHaveLength(5);
    expect(body.network.timeToRead).toEqual({
      count: 5,
      medianSeconds: readMs[2] / 1000,
      p90Seconds: Math.round(readMs[3] + 0.6 * (readMs[4] - readMs[3])) / 1000,
    });
    const aktauAcks = await delays('message.acknowledged', AKTAU);
    expect(aktauAcks).toHaveLength(2);
    const [low, high] = aktauAcks.sort((a, b) => a - b);
    expect(node(AKTAU).timeToAcknowledge).toEqual({
      count: 2,
      medianSeconds: Math.round((low + high) / 2) / 1000,
      p90Seconds: Math.round(low + 0.9 * (high - low)) / 1000,
    });
  });

  it('filters on the time of the entries, from inclusive, to exclusive', async () => {
    const early = await report(`/reports/exchange?to=${encodeURIComponent(middle)}`);
    expect(early.network.sent).toEqual(counts(2, { ALERT: 2 }, { CIGARETTES: 1, IPR: 1 }));
    // The deliveries made before `to` are followed to their reads and feedback, which came later.
    expect(early.network.received).toEqual(counts(3, { ALERT: 3 }, { CIGARETTES: 1, IPR: 2 }));
    expect(early.network.timeToRead.count).toBe(3);
    expect(early.network.feedback).toEqual(feedback(3, 3, 1, 0));
    expect(early.network.rejected.total).toBe(0);

    const late = await report(`/reports/exchange?from=${encodeURIComponent(middle)}`);
    expect(late.network.sent.total).toBe(7);
    expect(late.network.received.total).toBe(6);

    const published = (await api('GET', `/audit/events?kind=message.published&messageId=${ids.a1}`, net.adminToken))
      .body.items[0].at as string;
    const oneMs = new Date(Date.parse(published) + 1).toISOString();
    const exactly = await report(`/reports/exchange?from=${published}&to=${oneMs}`);
    expect(exactly.network.sent.byCategory.IPR).toBe(1);
    const before = await report(`/reports/exchange?to=${published}`);
    expect(before.network.sent.total).toBe(0);

    const none = await report(`/reports/exchange?to=${encodeURIComponent(start)}`);
    expect(none).toMatchObject({ countries: [], network: { sent: { total: 0 }, received: { total: 0 } } });
  });

  it('adds seizures to the gram, by category, country and year, with the alerts behind them', async () => {
    expect(await report('/reports/seizures?year=2022')).toEqual({
      year: 2022,
      totals: [
        { category: 'CIGARETTES', pieces: 400, kilograms: '1.500', alerts: 1 },
        { category: 'DRUGS', pieces: 0, kilograms: '12.345', alerts: 1 },
        // Two recipients seized on the same alert: their quantities add up, the alert counts once.
        { category: 'IPR', pieces: 26402269, kilograms: '266.283', alerts: 1 },
      ],
      countries: [
        { country: 'AZ', totals: [{ category: 'DRUGS', pieces: 0, kilograms: '12.345', alerts: 1 }] },
        {
          country: 'KZ',
          totals: [
            { category: 'CIGARETTES', pieces: 400, kilograms: '1.500', alerts: 1 },
            { category: 'IPR', pieces: 26402269, kilograms: '266.283', alerts: 1 },
          ],
        },
      ],
    });
    expect(await report('/reports/seizures?year=2022&country=KZ&category=IPR')).toEqual({
      year: 2022,
      country: 'KZ',
      category: 'IPR',
      totals: [{ category: 'IPR', pieces: 26402269, kilograms: '266.283', alerts: 1 }],
    });
    expect(await report('/reports/seizures?year=2023&country=AZ')).toEqual({ year: 2023, country: 'AZ', totals: [] });
  });

  it('breaks all years down by year when no year is asked for', async () => {
    const body = await report('/reports/seizures?category=CIGARETTES', net.adminToken);
    expect(body).toEqual({
      year: null,
      category: 'CIGARETTES',
      totals: [{ category: 'CIGARETTES', pieces: 10400, kilograms: '3.000', alerts: 2 }],
      countries: [
        { country: 'KZ', totals: [{ category: 'CIGARETTES', pieces: 10400, kilograms: '3.000', alerts: 2 }] },
      ],
      years: [
        { year: 2022, totals: [{ category: 'CIGARETTES', pieces: 400, kilograms: '1.500', alerts: 1 }] },
        { year: 2023, totals: [{ category: 'CIGARETTES', pieces: 10000, kilograms: '1.500', alerts: 1 }] },
      ],
    });
  });

  it('is for coordinators and the admin only, and names a bad parameter', async () => {
    for (const path of ['/reports/exchange', '/reports/seizures?year=2022']) {
      expect((await api('GET', path, tokens[AKTAU])).status).toBe(403);
      expect((await api('GET', path)).status).toBe(401);
    }
    const bad = async (path: string, field: string) => {
      const answer = await api('GET', path, tokens[ROCA]);
      expect(answer.status).toBe(400);
      expect(answer.body.fields.map((f: any) => f.field)).toContain(field);
    };
    await bad('/reports/exchange?from=yesterday', 'from');
    await bad(`/reports/exchange?from=${encodeURIComponent(middle)}&to=${encodeURIComponent(start)}`, 'to');
    await bad('/reports/seizures?year=twenty', 'year');
    await bad('/reports/seizures?country=XX', 'country');
    await bad('/reports/seizures?category=GOLD', 'category');
  });
});
