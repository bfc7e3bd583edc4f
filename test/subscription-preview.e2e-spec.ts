import { designAlert } from './support/fixtures';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(120_000);

/** POST /nodes/{id}/subscription/preview: what filters would have matched, counted without leaking what a node could not receive. */
describe('Subscription preview', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;

  const viaPoti = (title: string, change: (alert: ReturnType<typeof designAlert>) => void = () => undefined) => {
    const alert = designAlert();
    alert.body.title = title;
    alert.body.itinerary = [
      { locode: 'AZBAK', role: 'LOADING' },
      { locode: 'GEPTI', role: 'DISCHARGE' },
    ];
    change(alert);
    return alert;
  };
  const publish = async (node: string, alert: unknown): Promise<string> => {
    const answer = await api('POST', '/messages', tokens[node], alert);
    expect(answer.status).toBe(202);
    return answer.body.id;
  };
  const preview = (node: string, filters: unknown[], token = tokens[node]) =>
    api('POST', `/nodes/${node}/subscription/preview`, token, { filters });

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    tokens = await registerNodes(api, net.adminToken, [
      { id: 'AZ-PCU-BAKU', type: 'PCU', country: 'AZ', locodes: ['AZBAK'] },
      { id: 'GE-PCU-POTI', type: 'PCU', country: 'GE', locodes: ['GEPTI'] },
      { id: 'KZ-PCU-AKTAU', type: 'PCU', country: 'KZ', locodes: ['KZAAU'] },
    ]);
    await publish('AZ-PCU-BAKU', viaPoti('Amber via Poti'));
    await publish(
      'AZ-PCU-BAKU',
      viaPoti('Red via Poti', (a) => {
        a.tlp = 'RED';
        a.to.nodes = ['KZ-PCU-AKTAU'];
      }),
    );
    await publish(
      'AZ-PCU-BAKU',
      viaPoti('Strict via Poti', (a) => {
        a.tlp = 'AMBER+STRICT';
        a.to.countries = ['KZ'];
      }),
    );
    await publish('GE-PCU-POTI', viaPoti('Poti’s own'));
    const withdrawn = await publish('AZ-PCU-BAKU', viaPoti('Withdrawn via Poti'));
    expect(
      (await api('POST', `/messages/${withdrawn}/withdraw`, tokens['AZ-PCU-BAKU'], { reason: 'wrong box' })).status,
    ).toBe(202);
    await publish(
      'AZ-PCU-BAKU',
      viaPoti('Drugs by air', (a) => ((a.body.category = 'DRUGS'), (a.body.mode = 'AIR'))),
    );
  });

  afterAll(() => net?.stop());

  it('counts per filter only the alerts a subscription could have brought the node', async () => {
    const answer = await eventually(async () => {
      const counted = await preview('GE-PCU-POTI', [
        { locodes: ['GEPTI'] },
        { categories: ['DRUGS'] },
        { locodes: ['UZTAS'] },
      ]);
      return counted.body.alerts === 2 ? counted : undefined;
    });
    expect(answer.status).toBe(200);
    // Not the RED or AMBER+STRICT alerts (addressees only), not its own, not the withdrawn one.
    expect(answer.body).toMatchObject({
      alerts: 2,
      filters: [{ matched: 2 }, { matched: 1 }, { matched: 0 }],
      matched: 2,
    });
    expect(Date.now() - Date.parse(answer.body.since)).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
    // Nothing was saved.
    expect((await api('GET', '/nodes/GE-PCU-POTI/subscription', tokens['GE-PCU-POTI'])).body.filters).toEqual([]);
  });

  it('answers another node like a missing one, lets the admin ask, and refuses a bad filter by its field', async () => {
    expect((await preview('GE-PCU-POTI', [{}], tokens['KZ-PCU-AKTAU'])).status).toBe(404);
    const admin = await preview('GE-PCU-POTI', [{ modes: ['AIR'] }], net.adminToken);
    expect(admin.body).toMatchObject({ filters: [{ matched: 1 }], matched: 1 });
    const bad = await preview('GE-PCU-POTI', [{ locodes: ['nope'] }]);
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('filters.0.locodes.0');
  });
});
