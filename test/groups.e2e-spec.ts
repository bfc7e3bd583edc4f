import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(120_000);

const BAKU = 'AZ-PCU-BAKU';
const AKTAU = 'KZ-PCU-AKTAU';
const TASHKENT = 'UZ-HQ-TASHKENT';
const ASTANA = 'KZ-HQ-ASTANA';
const POTI = 'GE-PCU-POTI';
const ROCA = 'UZ-COORD-ROCA';

/** Every node, with the filters it subscribes: Astana to pharmaceuticals, Poti to its own port. */
const NODES = [
  { id: BAKU, type: 'PCU', country: 'AZ', filters: [] },
  { id: AKTAU, type: 'PCU', country: 'KZ', filters: [{ locodes: ['KZAAU'] }] },
  { id: TASHKENT, type: 'HQ', country: 'UZ', filters: [] },
  { id: ASTANA, type: 'HQ', country: 'KZ', filters: [{ hsPrefixes: ['30'] }] },
  { id: POTI, type: 'PCU', country: 'GE', filters: [{ locodes: ['GEPTI'] }] },
  { id: ROCA, type: 'COORD', country: 'UZ', filters: [] },
];

const alert = (fields: Record<string, unknown>) => ({
  kind: 'ALERT',
  tlp: 'AMBER',
  body: {
    category: 'FALSIFIED_MEDICAL',
    riskLevel: 'HIGH',
    mode: 'SEA',
    title: 'Suspected falsified antibiotics via Aktau',
    summary: 'Consignee new, route deviates through Baku.',
    lang: 'en',
    transport: { containers: ['CSQU3054383'] },
    itinerary: [
      { locode: 'AZBAK', role: 'LOADING' },
      { locode: 'KZAAU', role: 'DISCHARGE' },
    ],
    goods: [{ hsCode: '300420', description: 'Antibiotics, retail packs' }],
    indicators: ['ROUTE_DEVIATION'],
    requestedAction: 'EXAMINE',
  },
  ...fields,
});

describe('groups and operations, end to end', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};

  const inbox = async (node: string) => (await api('GET', '/inbox?limit=200', tokens[node])).body.items as any[];

  /** Publishes from Baku, waits until the router has routed it, and answers who received it. */
  const publishAndRoute = async (message: unknown): Promise<string[]> => {
    const published = await api('POST', '/messages', tokens[BAKU], message);
    expect(published.status).toBe(202);
    const id = published.body.id as string;
    const routed = await eventually(
      async () => {
        const page = await api('GET', `/audit/events?kind=message.routed&messageId=${id}`, tokens[ROCA]);
        return page.body.items?.[0];
      },
      30_000,
      'message.routed in the ledger',
    );
    const recipients = (routed.data.recipients as { node: string }[]).map((r) => r.node).sort();
    for (const node of recipients) {
      await eventually(async () => ((await inbox(node)).some((i) => i.message.id === id) ? true : undefined));
    }
    for (const node of NODES.map((n) => n.id).filter((n) => n !== ROCA && !recipients.includes(n))) {
      expect((await inbox(node)).some((i) => i.message.id === id)).toBe(false);
    }
    return recipients;
  };

  const refusal = (answer: { status: number; body: any }) => ({
    status: answer.status,
    problems: [answer.body.message, ...(answer.body.fields ?? []).flatMap((f: any) => f.messages)].join(' | '),
  });

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    Object.assign(tokens, await registerNodes(api, net.adminToken, NODES));
    const group = { id: 'CASPIAN-PCUS', name: 'Caspian units', kind: 'GROUP', members: [AKTAU] };
    expect((await api('POST', '/groups', net.adminToken, group)).status).toBe(201);
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('lets only the admin manage groups, and shows officers only their own', async () => {
    const officer = await api('POST', '/groups', tokens[AKTAU], { id: 'MINE', name: 'mine', kind: 'GROUP' });
    expect(officer.status).toBe(403);
    const put = await api('PUT', '/groups/CASPIAN-PCUS/members', net.adminToken, { members: [AKTAU, TASHKENT, BAKU] });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: 'CASPIAN-PCUS', kind: 'GROUP', members: [BAKU, AKTAU, TASHKENT].sort() });
    expect((await api('PUT', '/groups/CASPIAN-PCUS/members', tokens[AKTAU], { members: [] })).status).toBe(403);
    const unknown = await api('PUT', '/groups/CASPIAN-PCUS/members', net.adminToken, { members: [AKTAU, 'TM-PCU-X'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields.map((f: any) => f.field)).toEqual(['members.1']);
    expect(
      (await api('POST', '/groups', net.adminToken, { id: 'CASPIAN-PCUS', name: 'x', kind: 'GROUP' })).status,
    ).toBe(409);

    expect((await api('GET', '/groups/CASPIAN-PCUS', tokens[AKTAU])).body.members).toEqual(
      [BAKU, AKTAU, TASHKENT].sort(),
    );
    expect((await api('GET', '/groups/CASPIAN-PCUS', tokens[POTI])).status).toBe(404);
    expect((await api('GET', '/groups/NO-SUCH', net.adminToken)).status).toBe(404);
    expect((await api('GET', '/groups', tokens[POTI])).body).toEqual([]);
    expect((await api('GET', '/groups', tokens[ROCA])).body.map((g: any) => g.id)).toEqual(['CASPIAN-PCUS']);
  });

  it('delivers an AMBER alert for a group to its members and the matching subscribers', async () => {
    expect(await publishAndRoute(alert({ to: { groups: ['CASPIAN-PCUS'] } }))).toEqual([ASTANA, AKTAU, TASHKENT]);
  });

  it('delivers an AMBER+STRICT alert for a group to its members only', async () => {
    const recipients = await publishAndRoute(alert({ tlp: 'AMBER+STRICT', to: { groups: ['CASPIAN-PCUS'] } }));
    expect(recipients).toEqual([AKTAU, TASHKENT]);
  });

  it('keeps an alert of a running operation among its members, even when addressed or subscribed beyond them', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const endsAt = new Date(Date.now() + 86_400_000).toISOString();
    const operation = { id: 'OP-SILK-2026', name: 'Silk', kind: 'OPERATION', startsAt, endsAt, members: [BAKU, AKTAU] };
    expect((await api('POST', '/groups', net.adminToken, operation)).status).toBe(201);
    const recipients = await publishAndRoute(
      alert({ operation: 'OP-SILK-2026', to: { nodes: [ASTANA], groups: ['CASPIAN-PCUS'] } }),
    );
    expect(recipients).toEqual([AKTAU]);
  });

  it('refuses to publish into an operation once it has ended, saying when it ran', async () => {
    const endsAt = new Date(Date.now() + 4000).toISOString();
    const operation = {
      id: 'OP-SHORT',
      name: 'A short sweep',
      kind: 'OPERATION',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt,
      members: [BAKU, AKTAU],
    };
    expect((await api('POST', '/groups', net.adminToken, operation)).status).toBe(201);
    expect((await api('POST', '/messages', tokens[BAKU], alert({ operation: 'OP-SHORT' }))).status).toBe(202);
    await new Promise((r) => setTimeout(r, Date.parse(endsAt) - Date.now() + 200));
    const late = refusal(await api('POST', '/messages', tokens[BAKU], alert({ operation: 'OP-SHORT' })));
    expect(late.status).toBe(400);
    expect(late.problems).toContain(`operation: OP-SHORT is not running now; it runs from`);
    expect(late.problems).toContain(new Date(endsAt).toISOString());
  });

  it('refuses an unknown operation or group, and answers one the origin is not in just the same', async () => {
    const noOperation = refusal(await api('POST', '/messages', tokens[BAKU], alert({ operation: 'OP-NOWHERE' })));
    expect(noOperation).toEqual({ status: 400, problems: expect.stringContaining('operation: unknown operation') });
    const noGroup = refusal(await api('POST', '/messages', tokens[BAKU], alert({ to: { groups: ['NO-SUCH'] } })));
    expect(noGroup).toEqual({ status: 400, problems: expect.stringContaining('to.groups: unknown group NO-SUCH') });
    // Poti belongs to neither: publishing and previewing tell it nothing of their members or window.
    for (const path of ['/messages', '/messages/preview']) {
      const outsider = refusal(await api('POST', path, tokens[POTI], alert({ operation: 'OP-SILK-2026' })));
      const unknown = 'operation: unknown operation OP-SILK-2026';
      expect(outsider).toEqual({ status: 400, problems: `${unknown} | ${unknown}` });
      const group = refusal(await api('POST', path, tokens[POTI], alert({ to: { groups: ['CASPIAN-PCUS'] } })));
      expect(group).toEqual({
        status: 400,
        problems: expect.stringContaining('to.groups: unknown group CASPIAN-PCUS'),
      });
      expect(JSON.stringify(group)).not.toContain(AKTAU);
    }
  });
  it('screens a member against a risk profile for its group, and tells an outsider nothing of it', async () => {
    const profile = {
      kind: 'RISK_PROFILE',
      tlp: 'AMBER+STRICT',
      to: { groups: ['CASPIAN-PCUS'] },
      body: {
        profileId: 'AZ-RP-CASPIAN-MEMBERS',
        title: 'Antibiotics through Poti, for the Caspian units',
        lang: 'en',
        category: 'FALSIFIED_MEDICAL',
        riskLevel: 'HIGH',
        // Poti's own port: Poti subscribes to it, and would receive the profile were it not for the group.
        criteria: { locodes: ['GEPTI', 'KZAAU'], hsPrefixes: ['3004'] },
        recommendedAction: 'EXAMINE',
        validFrom: new Date(Date.now() - 3_600_000).toISOString(),
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        version: 1,
      },
    };
    const published = await api('POST', '/messages', tokens[BAKU], profile);
    expect(published.status).toBe(202);
    const id = published.body.id as string;
    for (const node of [AKTAU, TASHKENT]) {
      await eventually(async () => ((await inbox(node)).some((i) => i.message.id === id) ? true : undefined));
    }
    const shipment = {
      itinerary: [
        { locode: 'GEPTI', role: 'LOADING' },
        { locode: 'KZAAU', role: 'DISCHARGE' },
      ],
      goods: [{ hsCode: '300420', description: 'Amoxicillin' }],
      mode: 'SEA',
    };

    const member = await api('POST', '/screen', tokens[AKTAU], shipment);
    expect(member.status).toBe(200);
    expect(member.body.matches).toEqual([
      expect.objectContaining({ messageId: id, origin: BAKU, profileId: profile.body.profileId }),
    ]);

    const outsider = await api('POST', '/screen', tokens[POTI], shipment);
    expect(outsider.status).toBe(200);
    expect(outsider.body).toMatchObject({ profilesInForce: 0, matches: [] });
    const told = JSON.stringify(outsider.body);
    for (const secret of [id, profile.body.profileId, profile.body.title, 'CASPIAN-PCUS', BAKU]) {
      expect(told).not.toContain(secret);
    }
    expect((await inbox(POTI)).some((i) => i.message.id === id)).toBe(false);
    // Previewing the same profile tells it no more: the group is unknown to it, its members unnamed.
    const preview = refusal(await api('POST', '/messages/preview', tokens[POTI], profile));
    expect(preview).toEqual({
      status: 400,
      problems: expect.stringContaining('to.groups: unknown group CASPIAN-PCUS'),
    });
    expect(JSON.stringify(preview)).not.toContain(AKTAU);
  });
});
