import { designAlert } from './support/fixtures';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(120_000);

const NODES = [
  { id: 'AZ-PCU-BAKU', type: 'PCU', country: 'AZ', locodes: ['AZBAK'] },
  { id: 'KZ-PCU-AKTAU', type: 'PCU', country: 'KZ', locodes: ['KZAAU', 'KZZZ9'], filters: [{ locodes: ['KZAAU'] }] },
];

/** What the gateway adds beside the alert of DESIGN section 8 (Baku, Aktau, Tashkent; HS 300420). */
const EXPECTED_NAMES = {
  itinerary: [
    { locode: 'AZBAK', place: 'Baku', country: 'AZ', countryName: 'Azerbaijan' },
    { locode: 'KZAAU', place: 'Aktau', country: 'KZ', countryName: 'Kazakhstan' },
    { locode: 'UZTAS', place: 'Tashkent', country: 'UZ', countryName: 'Uzbekistan' },
  ],
  goods: [
    {
      hsCode: '300420',
      describedCode: '300420',
      hsDescription: expect.stringMatching(/^Medicaments; containing antibiotics/),
    },
  ],
};

describe('names beside codes, and the reference lookups', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    tokens = await registerNodes(api, net.adminToken, NODES);
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('names the itinerary and goods of an alert in the inbox and in GET /messages/{id}, beside the signed envelope', async () => {
    const alert = designAlert();
    const published = await api('POST', '/messages', tokens['AZ-PCU-BAKU'], alert);
    expect(published.status).toBe(202);
    const id: string = published.body.id;

    const item = await eventually(
      async () => {
        const page = await api('GET', '/inbox?limit=50', tokens['KZ-PCU-AKTAU']);
        return (page.body.items as any[]).find((i) => i.message.id === id);
      },
      30_000,
      'the alert in Aktau’s inbox',
    );
    expect(item.names).toEqual(EXPECTED_NAMES);
    // The envelope is as the origin's gateway signed it: codes only, no name added inside it.
    expect(item.message.body.itinerary).toEqual(alert.body.itinerary);
    expect(item.message.body.goods).toEqual(alert.body.goods);
    expect(JSON.stringify(item.message)).not.toMatch(/"(place|countryName|hsDescription|names)"/);

    const asRecipient = await api('GET', `/messages/${id}`, tokens['KZ-PCU-AKTAU']);
    expect(asRecipient.status).toBe(200);
    expect(asRecipient.body.names).toEqual(EXPECTED_NAMES);
    expect(asRecipient.body.message).toEqual(item.message);

    const asOrigin = await api('GET', `/messages/${id}`, tokens['AZ-PCU-BAKU']);
    expect(asOrigin.status).toBe(200);
    expect(asOrigin.body.names).toEqual(EXPECTED_NAMES);
    expect(asOrigin.body.message.signature).toEqual(item.message.signature);
  });

  it("names a node's ports, and leaves a code the list does not hold unnamed", async () => {
    const node = await api('GET', '/nodes/KZ-PCU-AKTAU', tokens['AZ-PCU-BAKU']);
    expect(node.status).toBe(200);
    expect(node.body.locodes).toEqual(['KZAAU', 'KZZZ9']);
    expect(node.body.places).toEqual([
      { locode: 'KZAAU', name: 'Aktau' },
      { locode: 'KZZZ9', name: null },
    ]);
    const all = await api('GET', '/nodes', tokens['AZ-PCU-BAKU']);
    expect(all.body.find((n: any) => n.id === 'AZ-PCU-BAKU').places).toEqual([{ locode: 'AZBAK', name: 'Baku' }]);
  });

  it('finds places and HS headings for the pickers', async () => {
    const places = await api('GET', '/reference/locations?q=aktau&limit=5', tokens['KZ-PCU-AKTAU']);
    expect(places.status).toBe(200);
    expect(places.body[0]).toEqual({
      locode: 'KZAAU',
      name: 'Aktau',
      country: 'KZ',
      countryName: 'Kazakhstan',
      functions: ['port', 'rail', 'airport'],
    });
    expect(places.body.length).toBeLessThanOrEqual(5);

    const byCode = await api('GET', '/reference/locations?q=AZBAK', tokens['KZ-PCU-AKTAU']);
    expect(byCode.body[0]).toMatchObject({ locode: 'AZBAK', name: 'Baku' });

    const headings = await api('GET', '/reference/hs?q=3004', tokens['KZ-PCU-AKTAU']);
    expect(headings.status).toBe(200);
    expect(headings.body.map((e: any) => e.code)).toEqual(['30', '3004']);
    const byWords = await api('GET', '/reference/hs?q=medicaments%20retail', tokens['KZ-PCU-AKTAU']);
    expect(byWords.body.map((e: any) => e.code)).toContain('3004');
  });

  it('refuses a bad query with 400 naming the field, and a caller without a token with 401', async () => {
    const short = await api('GET', '/reference/locations?q=a', tokens['KZ-PCU-AKTAU']);
    expect(short.status).toBe(400);
    expect(short.body.fields.map((f: any) => f.field)).toEqual(['q']);

    // Spaces alone are not a query (they would match every place).
    const blank = await api('GET', '/reference/locations?q=%20%20%20', tokens['KZ-PCU-AKTAU']);
    expect(blank.status).toBe(400);
    expect(blank.body.fields.map((f: any) => f.field)).toEqual(['q']);

    const tooMany = await api('GET', '/reference/locations?q=aktau&limit=500', tokens['KZ-PCU-AKTAU']);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fields.map((f: any) => f.field)).toEqual(['limit']);

    const markup = await api('GET', `/reference/hs?q=${encodeURIComponent('<script>')}`, tokens['KZ-PCU-AKTAU']);
    expect(markup.status).toBe(400);
    expect(markup.body).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'q' }] });

    const unknownField = await api('GET', '/reference/hs?q=30&sort=code', tokens['KZ-PCU-AKTAU']);
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.fields.map((f: any) => f.field)).toEqual(['sort']);

    expect((await api('GET', '/reference/hs?q=30')).status).toBe(401);
  });
});
