import { jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { containerCheckDigit, type Envelope } from '@iren/contracts';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { signAsOrigin } from './support/signing';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(120_000);

/** The digest interval of this network: short, so a digest comes within the test. */
const DIGEST_SECONDS = 10;

const NODES = [
  {
    id: 'AZ-PCU-BAKU',
    type: 'PCU',
    country: 'AZ',
    name: 'Baku seaport PCU',
    locodes: ['AZBAK'],
    filters: [{ locodes: ['AZBAK'] }],
  },
  {
    id: 'KZ-PCU-AKTAU',
    type: 'PCU',
    country: 'KZ',
    name: 'Aktau seaport PCU',
    locodes: ['KZAAU'],
    filters: [{ locodes: ['KZAAU'] }],
  },
  {
    id: 'GE-PCU-POTI',
    type: 'PCU',
    country: 'GE',
    name: 'Poti seaport PCU',
    locodes: ['GEPTI'],
    filters: [{ locodes: ['GEPTI'] }],
  },
  { id: 'UZ-COORD-ROCA', type: 'COORD', country: 'UZ', name: 'CCP coordination', locodes: ['UZTAS'] },
];

/** A container number with a correct ISO 6346 check digit. */
const container = (ownerAndSerial: string) => `${ownerAndSerial}${containerCheckDigit(ownerAndSerial)}`;

/** An alert naming `containers`, routed along `locodes` (each PCU subscribes to its own port). */
function alert(title: string, containers: string[], locodes: string[], distribution: object = { tlp: 'AMBER' }) {
  return {
    kind: 'ALERT',
    ...distribution,
    body: {
      category: 'IPR',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title,
      summary: 'Counterfeit sportswear declared as textiles.',
      lang: 'en',
      transport: { containers },
      itinerary: locodes.map((locode, i) => ({ locode, role: i === 0 ? 'LOADING' : 'DISCHARGE' })),
      requestedAction: 'EXAMINE',
    },
  };
}

describe('correlation hits, end to end', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};

  const hitsIn = async (node: string, value: string) =>
    ((await api('GET', '/inbox?limit=200', tokens[node])).body.items as any[])
      .map((i) => i.message)
      .filter((m) => m.kind === 'HIT' && m.body.identifier.value === value);
  const publish = async (node: string, message: object): Promise<string> => {
    const answer = await api('POST', '/messages', tokens[node], message);
    expect(answer.status).toBe(202);
    return answer.body.id;
  };
  const delivered = (node: string, id: string) =>
    eventually(
      async () =>
        ((await api('GET', '/inbox?limit=200', tokens[node])).body.items as any[]).find((i) => i.message.id === id),
      30_000,
      `${id} in ${node}'s inbox`,
    );

  /** Waits until the router and the gateway's inbox consumer have acknowledged everything (hits are made before the ack). */
  const settled = async () => {
    const nc = await net.connectNats();
    try {
      const jsm = await jetstreamManager(nc);
      await eventually(
        async () => {
          const router = await jsm.consumers.info(net.names.stream('EXCHANGE'), net.names.consumer('router'));
          const inbox = await jsm.consumers.info(net.names.stream('INBOX'), net.names.consumer('gateway_inbox'));
          const idle = [router, inbox].every((c) => c.num_pending === 0 && c.num_ack_pending === 0);
          return idle || undefined;
        },
        30_000,
        'router and inbox consumers idle',
      );
    } finally {
      await nc.close();
    }
  };

  beforeAll(async () => {
    net = await startTestNetwork(undefined, { IREN_HIT_DIGEST_SECONDS: String(DIGEST_SECONDS) });
    api = apiClient(net.baseUrl);
    Object.assign(tokens, await registerNodes(api, net.adminToken, NODES));
    await eventually(async () =>
      (await api('GET', '/inbox', tokens['GE-PCU-POTI'])).status === 200 ? true : undefined,
    );
  });

  afterAll(async () => {
    await net?.stop();
  });

  const shared = container('CSQU305438');
  let bakuAlert: string;
  let aktauAlert: string;
  /** The HIT that told Baku of Poti's RED alert without naming it, with the two alerts. */
  let withheld: { hit: string; potiAlert: string; bakuSecond: string };

  it('tells both origins once when two nodes report the same container', async () => {
    bakuAlert = await publish('AZ-PCU-BAKU', alert('Fake sportswear to Aktau', [shared], ['AZBAK', 'KZAAU']));
    await delivered('KZ-PCU-AKTAU', bakuAlert);
    aktauAlert = await publish('KZ-PCU-AKTAU', alert('Sportswear seen at Aktau', [shared], ['KZAAU', 'AZBAK']));

    for (const node of ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU']) {
      await eventually(
        async () => ((await hitsIn(node, shared)).length > 0 ? true : undefined),
        30_000,
        `HIT in ${node}`,
      );
    }
    // A redelivery or a second look must not make a second HIT: give it time, then count.
    await new Promise((r) => setTimeout(r, 2_000));
    await settled();
    for (const node of ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU']) {
      const hits = await hitsIn(node, shared);
      expect(hits).toHaveLength(1);
      expect(hits[0]).toMatchObject({ kind: 'HIT', origin: node, tlp: 'AMBER', to: { nodes: [node] } });
      // Each alert reached the other node, so each origin sees both in full, the earlier first.
      expect(hits[0].body).toEqual({
        identifier: { type: 'CONTAINER', value: shared },
        windowDays: 90,
        alerts: [
          {
            visible: true,
            id: bakuAlert,
            origin: 'AZ-PCU-BAKU',
            createdAt: expect.any(String),
            title: 'Fake sportswear to Aktau',
          },
          {
            visible: true,
            id: aktauAlert,
            origin: 'KZ-PCU-AKTAU',
            createdAt: expect.any(String),
            title: 'Sportswear seen at Aktau',
          },
        ],
      });
    }
    expect(await hitsIn('GE-PCU-POTI', shared)).toEqual([]);

    const ledger = await eventually(async () => {
      const page = await api('GET', '/audit/events?kind=message.hit&limit=100', tokens['UZ-COORD-ROCA']);
      return page.body.items.length >= 2 ? page.body.items : undefined;
    });
    expect(ledger.map((e: any) => e.node).sort()).toEqual(['AZ-PCU-BAKU', 'KZ-PCU-AKTAU']);
    expect(ledger[0].data).toMatchObject({ identifierType: 'CONTAINER', alerts: [bakuAlert, aktauAlert] });
    expect(JSON.stringify(ledger)).not.toContain(shared);
  });

  it('makes no hit when the same origin names the same container again', async () => {
    const again = container('MSCU123456');
    await publish('AZ-PCU-BAKU', alert('First report', [again], ['AZBAK', 'KZAAU']));
    const second = await publish('AZ-PCU-BAKU', alert('Second report', [again], ['AZBAK', 'KZAAU']));
    await delivered('KZ-PCU-AKTAU', second);
    await settled();
    for (const node of ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU', 'GE-PCU-POTI']) expect(await hitsIn(node, again)).toEqual([]);
  });

  it('tells an origin only that another alert exists when it was not entitled to see it', async () => {
    const boxed = container('TGHU987654');
    // RED to Aktau alone: Baku never sees Poti's alert.
    const potiAlert = await publish(
      'GE-PCU-POTI',
      alert('Cigarettes under cover load', [boxed], ['GEPTI', 'KZAAU'], {
        tlp: 'RED',
        to: { nodes: ['KZ-PCU-AKTAU'], countries: [], groups: [] },
      }),
    );
    await delivered('KZ-PCU-AKTAU', potiAlert);
    // Baku's alert passes Poti, so Poti is entitled to it.
    const bakuSecond = await publish('AZ-PCU-BAKU', alert('Cigarettes via Poti', [boxed], ['AZBAK', 'GEPTI']));
    const [forBaku] = await eventually(async () => {
      const hits = await hitsIn('AZ-PCU-BAKU', boxed);
      return hits.length > 0 ? hits : undefined;
    });
    const [forPoti] = await eventually(async () => {
      const hits = await hitsIn('GE-PCU-POTI', boxed);
      return hits.length > 0 ? hits : undefined;
    });
    withheld = { hit: forBaku.id, potiAlert, bakuSecond };
    expect(forBaku.body.alerts).toEqual([
      { visible: false, origin: 'GE', createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      expect.objectContaining({ visible: true, id: bakuSecond, origin: 'AZ-PCU-BAKU' }),
    ]);
    expect(JSON.stringify(forBaku)).not.toContain(potiAlert);
    expect(JSON.stringify(forBaku)).not.toContain('Cigarettes under cover load');
    expect(forPoti.body.alerts).toEqual([
      expect.objectContaining({ visible: true, id: potiAlert, origin: 'GE-PCU-POTI' }),
      expect.objectContaining({ visible: true, id: bakuSecond, origin: 'AZ-PCU-BAKU', title: 'Cigarettes via Poti' }),
    ]);
    await settled();
    // Aktau saw both alerts but sent neither: hits go to the two origins only.
    expect(await hitsIn('KZ-PCU-AKTAU', boxed)).toEqual([]);
  });

  it('keeps the withheld alert out of the ledger as the told origin reads it, JSON and CSV, and marks the entry', async () => {
    const { hit, potiAlert, bakuSecond } = withheld;
    /** Every entry a caller may read, page after page, as answered. */
    const ledgerOf = async (token: string) => {
      const pages: any[] = [];
      let after: string | null = null;
      do {
        const page: { status: number; body: any } = await api(
          'GET',
          `/audit/events?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`,
          token,
        );
        expect(page.status).toBe(200);
        pages.push(page.body);
        after = page.body.next;
      } while (after);
      return { text: JSON.stringify(pages), items: pages.flatMap((p) => p.items) as any[] };
    };
    const csvOf = async (token: string) => {
      const answer = await fetch(`${net.baseUrl}/api/v1/audit/events?format=csv`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(answer.status).toBe(200);
      return answer.text();
    };
    const hitEntry = (items: any[]) => items.find((e) => e.type === 'message.hit' && e.messageId === hit);

    const baku = await eventually(
      async () => {
        const ledger = await ledgerOf(tokens['AZ-PCU-BAKU']);
        return hitEntry(ledger.items) ? ledger : undefined;
      },
      30_000,
      "the HIT's entry in Baku's ledger",
    );
    expect(hitEntry(baku.items)).toMatchObject({
      node: 'AZ-PCU-BAKU',
      redacted: true,
      data: { kind: 'HIT', alerts: [null, bakuSecond], visible: [false, true] },
    });
    expect(baku.text).toContain(bakuSecond);
    expect(baku.text).not.toContain(potiAlert);
    const bakuCsv = await csvOf(tokens['AZ-PCU-BAKU']);
    expect(bakuCsv).not.toContain(potiAlert);
    const rows = bakuCsv.trimEnd().split('\r\n');
    expect(rows[0].split(',').at(-1)).toBe('redacted');
    const hitRow = rows.find((r) => r.includes(`,message.hit,`) && r.includes(hit));
    expect(hitRow).toContain(bakuSecond);
    expect(hitRow?.endsWith(',true')).toBe(true);

    // A coordinator reads the entry whole: both alerts.
    const coordinator = await ledgerOf(tokens['UZ-COORD-ROCA']);
    const whole = hitEntry(coordinator.items);
    expect(whole.data).toMatchObject({ alerts: [potiAlert, bakuSecond], visible: [false, true] });
    expect(whole.redacted).toBeUndefined();
    const coordinatorRow = (await csvOf(tokens['UZ-COORD-ROCA'])).split('\r\n').find((r) => r.includes(hit));
    expect(coordinatorRow).toContain(potiAlert);
    expect(coordinatorRow?.endsWith(',')).toBe(true);
  });

  it('correlates a third alert with each of the two earlier ones', async () => {
    const potiThird = await publish('GE-PCU-POTI', alert('Sportswear again, via Poti', [shared], ['GEPTI', 'AZBAK']));
    await eventually(async () => ((await hitsIn('GE-PCU-POTI', shared)).length >= 2 ? true : undefined), 30_000);
    await settled();

    const forPoti = await hitsIn('GE-PCU-POTI', shared);
    expect(forPoti).toHaveLength(2);
    // Poti saw neither earlier alert (neither passed Poti): both redacted, its own in full.
    expect(forPoti.map((h) => h.body.alerts)).toEqual(
      expect.arrayContaining([
        [
          { visible: false, origin: 'AZ', createdAt: expect.any(String) },
          expect.objectContaining({ visible: true, id: potiThird }),
        ],
        [
          { visible: false, origin: 'KZ', createdAt: expect.any(String) },
          expect.objectContaining({ visible: true, id: potiThird }),
        ],
      ]),
    );
    const pairsOf = async (node: string) =>
      (await hitsIn(node, shared)).map((h) => h.body.alerts.map((a: any) => a.id ?? a.origin)).sort();
    // Baku received Poti's alert (it passes Baku); Aktau did not, so it learns only of a Georgian alert.
    expect(await pairsOf('AZ-PCU-BAKU')).toEqual(
      [
        [bakuAlert, aktauAlert],
        [bakuAlert, potiThird],
      ].sort(),
    );
    expect(await pairsOf('KZ-PCU-AKTAU')).toEqual(
      [
        [bakuAlert, aktauAlert],
        [aktauAlert, 'GE'],
      ].sort(),
    );
  });
  it('holds later alerts of a node for a digest, which comes once the interval has passed', async () => {
    const watched = container('HLXU765432');
    const bakuFirst = await publish(
      'AZ-PCU-BAKU',
      alert('Tyres declared as spare parts', [watched], ['AZBAK', 'KZAAU']),
    );
    await delivered('KZ-PCU-AKTAU', bakuFirst);
    await publish('KZ-PCU-AKTAU', alert('Tyres again', [watched], ['KZAAU', 'AZBAK']));
    for (const node of ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU']) {
      await eventually(async () => ((await hitsIn(node, watched)).length > 0 ? true : undefined), 30_000);
    }
    const toldAt = Date.now();
    await publish('KZ-PCU-AKTAU', alert('Tyres, third shipment', [watched], ['KZAAU', 'AZBAK']));
    const aktauLast = await publish('KZ-PCU-AKTAU', alert('Tyres, fourth shipment', [watched], ['KZAAU', 'AZBAK']));
    await delivered('AZ-PCU-BAKU', aktauLast);
    await settled();
    // Within the interval the later alerts are counted, not told.
    expect(Date.now() - toldAt).toBeLessThan(DIGEST_SECONDS * 1000);
    for (const node of ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU']) expect(await hitsIn(node, watched)).toHaveLength(1);

    for (const node of ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU']) {
      const [opening, digest] = await eventually(
        async () => {
          const hits = await hitsIn(node, watched);
          return hits.length >= 2 ? hits : undefined;
        },
        DIGEST_SECONDS * 1000 + 30_000,
        `the digest in ${node}`,
      );
      expect(Date.now() - toldAt).toBeGreaterThanOrEqual(DIGEST_SECONDS * 1000 - 1_000);
      expect(opening.body).not.toHaveProperty('alertCount');
      expect(digest).toMatchObject({ kind: 'HIT', origin: node, to: { nodes: [node] } });
      expect(digest.id).not.toBe(opening.id);
      expect(digest.body).toEqual({
        identifier: { type: 'CONTAINER', value: watched },
        windowDays: 90,
        alertCount: 4,
        alertsSinceLastHit: 2,
        alerts: [
          expect.objectContaining({ visible: true, id: bakuFirst, origin: 'AZ-PCU-BAKU' }),
          expect.objectContaining({
            visible: true,
            id: aktauLast,
            origin: 'KZ-PCU-AKTAU',
            title: 'Tyres, fourth shipment',
          }),
        ],
      });
    }
    // Told: no further digest without a further alert.
    await new Promise((r) => setTimeout(r, 4_000));
    for (const node of ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU']) expect(await hitsIn(node, watched)).toHaveLength(2);
  });

  it('makes HITs by pairs of nodes, not pairs of alerts, however many alerts name an identifier', async () => {
    const busy = container('TCNU246813');
    const senders = [
      { node: 'AZ-PCU-BAKU', route: ['AZBAK', 'GEPTI'] },
      { node: 'KZ-PCU-AKTAU', route: ['KZAAU', 'AZBAK'] },
      { node: 'GE-PCU-POTI', route: ['GEPTI', 'KZAAU'] },
    ];
    const startedAt = Date.now();
    let last = '';
    for (let round = 0; round < 5; round += 1) {
      for (const { node, route } of senders) last = await publish(node, alert(`Busy box ${round}`, [busy], route));
    }
    await delivered('KZ-PCU-AKTAU', last);
    await settled();
    // 15 alerts from 3 nodes: per node, one HIT per other node (by alert pairs it would be 50).
    expect(Date.now() - startedAt).toBeLessThan(DIGEST_SECONDS * 1000);
    for (const { node } of senders) expect(await hitsIn(node, busy)).toHaveLength(2);
    // Then one digest per pair for what came after each opened.
    for (const { node } of senders) {
      await eventually(
        async () => ((await hitsIn(node, busy)).length >= 4 ? true : undefined),
        DIGEST_SECONDS * 1000 + 30_000,
        `digests in ${node}`,
      );
    }
    await new Promise((r) => setTimeout(r, 4_000));
    for (const { node } of senders) {
      const hits = await hitsIn(node, busy);
      expect(hits).toHaveLength(4);
      const total = hits.filter((h) => h.body.alertCount !== undefined).map((h) => h.body.alertCount);
      // Each pair: its nodes' 10 alerts, every one counted, the two that opened it included.
      expect(total).toEqual([10, 10]);
    }
  });

  it('refuses a HIT that a node publishes itself, signed or not: only the network makes them', async () => {
    const forged = {
      id: randomUUID(),
      kind: 'HIT',
      origin: 'GE-PCU-POTI',
      createdAt: new Date().toISOString(),
      tlp: 'AMBER',
      to: { nodes: ['KZ-PCU-AKTAU'], countries: [], groups: [] },
      body: {
        identifier: { type: 'CONTAINER', value: shared },
        alerts: [
          { visible: true, id: bakuAlert, origin: 'AZ-PCU-BAKU', createdAt: new Date().toISOString() },
          { visible: false, origin: 'GE', createdAt: new Date().toISOString().slice(0, 10) },
        ],
        windowDays: 90,
      },
    };
    const signed = await signAsOrigin(net, api, forged as unknown as Envelope);
    const unsigned = { ...forged, id: randomUUID() };
    const nc = await net.connectNats();
    try {
      for (const hit of [signed, unsigned]) {
        nc.publish(net.names.publishSubject('GE-PCU-POTI', 'HIT'), JSON.stringify(hit), { headers: natsHeaders() });
      }
      await nc.flush();
    } finally {
      await nc.close();
    }
    // Unsigned, it is not believed to come from Poti at all: refused, and in nobody's name.
    const refused = await eventually(
      async () =>
        (await api('GET', `/audit/events?kind=message.refused&messageId=${unsigned.id}`, net.adminToken)).body.items[0],
      30_000,
      'the unsigned HIT refused',
    );
    expect(refused).toMatchObject({ node: null, data: { reason: 'unsigned', claimedOrigin: 'GE-PCU-POTI' } });
    // Signed by Poti, it is Poti's, and breaks the rule.
    const rejected = await eventually(
      async () =>
        (await api('GET', `/audit/events?kind=message.rejected&messageId=${forged.id}`, net.adminToken)).body.items[0],
      30_000,
      'the forged HIT refused',
    );
    expect(rejected.data.reason).toBe('kind_not_publishable');
    await settled();
    const inbox = (await api('GET', '/inbox?limit=200', tokens['KZ-PCU-AKTAU'])).body.items as any[];
    expect(inbox.filter((i) => [forged.id, unsigned.id].includes(i.message.id))).toEqual([]);
  });
});
