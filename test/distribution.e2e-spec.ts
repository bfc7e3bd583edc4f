import { apiClient, eventually } from './support/http';
import { registerNodes, type TestNode } from './support/members';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(120_000);

/** An AMBER alert from Baku through Aktau to Tashkent, medicines in HS 3004. */
function alert(tlp: string, to: { nodes?: string[]; countries?: string[] } = {}) {
  return {
    kind: 'ALERT',
    tlp,
    to: { nodes: to.nodes ?? [], countries: to.countries ?? [], groups: [] },
    body: {
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title: `Distribution check ${tlp}`,
      summary: 'Test alert',
      lang: 'en',
      transport: { containers: ['MWCU6059784'] },
      itinerary: [
        { locode: 'AZBAK', role: 'LOADING' },
        { locode: 'KZAAU', role: 'DISCHARGE' },
      ],
      goods: [{ hsCode: '300490', description: 'Medicaments' }],
      indicators: [],
      requestedAction: 'EXAMINE',
    },
  };
}

// Aktau watches its port; Astana watches medicines; Poti and Tashkent watch nothing on this route.
const NODES: TestNode[] = [
  { id: 'AZ-PCU-BAKU', type: 'PCU', country: 'AZ', locodes: ['AZBAK'] },
  { id: 'KZ-PCU-AKTAU', type: 'PCU', country: 'KZ', locodes: ['KZAAU'], filters: [{ locodes: ['KZAAU'] }] },
  { id: 'KZ-HQ-ASTANA', type: 'HQ', country: 'KZ', locodes: ['KZAST'], filters: [{ hsPrefixes: ['30'] }] },
  { id: 'GE-PCU-POTI', type: 'PCU', country: 'GE', locodes: ['GEPTI'], filters: [{ locodes: ['GEPTI'] }] },
  { id: 'UZ-HQ-TASHKENT', type: 'HQ', country: 'UZ', locodes: ['UZTAS'] },
];

describe('distribution through the running network', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  const token: Record<string, string> = {};

  /** Publishes, waits until the router has routed it, and answers the recipients the ledger records. */
  async function publishAndRoute(from: string, message: object): Promise<{ id: string; recipients: string[] }> {
    const published = await api('POST', '/messages', token[from], message);
    expect(published.status).toBe(202);
    const id = published.body.id as string;
    const routed = await eventually(
      async () => {
        const page = await api('GET', `/audit/events?kind=message.routed&messageId=${id}`, net.adminToken);
        return page.body.items[0];
      },
      30_000,
      `routing of ${id}`,
    );
    return { id, recipients: routed.data.recipients.map((r: { node: string }) => r.node).sort() };
  }

  /** Every node's inbox holds the message exactly when it is among `expected`. */
  async function expectInboxes(id: string, expected: string[]): Promise<void> {
    for (const node of expected) {
      await eventually(
        async () => {
          const items = (await api('GET', '/inbox?limit=200', token[node])).body.items;
          return items.some((i: { message: { id: string } }) => i.message.id === id) ? true : undefined;
        },
        20_000,
        `${id} in ${node}`,
      );
    }
    for (const { id: node } of NODES) {
      if (expected.includes(node)) continue;
      const items = (await api('GET', '/inbox?limit=200', token[node])).body.items;
      expect(items.filter((i: { message: { id: string } }) => i.message.id === id)).toEqual([]);
    }
  }

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    Object.assign(token, await registerNodes(api, net.adminToken, NODES));
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('delivers RED only to the two named nodes, whatever the subscriptions say', async () => {
    const { id, recipients } = await publishAndRoute(
      'AZ-PCU-BAKU',
      alert('RED', { nodes: ['GE-PCU-POTI', 'UZ-HQ-TASHKENT'] }),
    );
    expect(recipients).toEqual(['GE-PCU-POTI', 'UZ-HQ-TASHKENT']);
    await expectInboxes(id, recipients);
  });

  it('refuses RED without named nodes, and an unknown addressee, before storing anything', async () => {
    const red = await api('POST', '/messages', token['AZ-PCU-BAKU'], alert('RED', { countries: ['KZ'] }));
    expect(red.status).toBe(400);
    expect(red.body.fields.map((f: { field: string }) => f.field)).toContain('to.nodes');
    const unknown = await api('POST', '/messages', token['AZ-PCU-BAKU'], alert('AMBER', { nodes: ['TJ-PCU-NOWHERE'] }));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('TJ-PCU-NOWHERE');
  });

  it('gives AMBER+STRICT to the addressees only, and AMBER to addressees plus matching subscribers', async () => {
    const strict = await publishAndRoute('AZ-PCU-BAKU', alert('AMBER+STRICT', { countries: ['UZ'] }));
    expect(strict.recipients).toEqual(['UZ-HQ-TASHKENT']);
    const amber = await publishAndRoute('AZ-PCU-BAKU', alert('AMBER', { countries: ['UZ'] }));
    expect(amber.recipients).toEqual(['KZ-HQ-ASTANA', 'KZ-PCU-AKTAU', 'UZ-HQ-TASHKENT']);
    await expectInboxes(amber.id, amber.recipients);
  });

  it('sends nothing to a suspended node, and resumes once it is reinstated', async () => {
    expect((await api('PATCH', '/nodes/KZ-PCU-AKTAU', net.adminToken, { status: 'SUSPENDED' })).status).toBe(200);
    const whileSuspended = await publishAndRoute('AZ-PCU-BAKU', alert('AMBER', { nodes: ['KZ-PCU-AKTAU'] }));
    expect(whileSuspended.recipients).toEqual(['KZ-HQ-ASTANA']);
    // A suspended node's officers are cut off as well.
    expect((await api('GET', '/inbox', token['KZ-PCU-AKTAU'])).status).toBe(403);
    expect((await api('PATCH', '/nodes/KZ-PCU-AKTAU', net.adminToken, { status: 'ACTIVE' })).status).toBe(200);
    await expectInboxes(whileSuspended.id, ['KZ-HQ-ASTANA']);
    const after = await publishAndRoute('AZ-PCU-BAKU', alert('GREEN'));
    expect(after.recipients).toEqual(['KZ-HQ-ASTANA', 'KZ-PCU-AKTAU']);
  });

  it('applies a subscription change to the next message', async () => {
    const before = await publishAndRoute('AZ-PCU-BAKU', alert('GREEN'));
    expect(before.recipients).not.toContain('GE-PCU-POTI');
    const put = await api('PUT', '/nodes/GE-PCU-POTI/subscription', token['GE-PCU-POTI'], {
      filters: [{ categories: ['FALSIFIED_MEDICAL'], minRiskLevel: 'HIGH' }],
    });
    expect(put.status).toBe(200);
    // The registry answers once the change is in the bucket; the router catches up with the bucket
    // before routing, so the very next message is routed by the new filter.
    const next = await publishAndRoute('AZ-PCU-BAKU', alert('GREEN'));
    expect(next.recipients).toEqual(['GE-PCU-POTI', 'KZ-HQ-ASTANA', 'KZ-PCU-AKTAU']);
  });
});
