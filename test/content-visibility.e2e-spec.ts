import { TLP_LEVELS, type Tlp } from '@iren/contracts';
import { designAlert } from './support/fixtures';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { startTestNetwork, type TestNetwork } from './support/test-network';

// DESIGN section 1: content is for the origin and the nodes it was delivered to; coordinators and
// the admin see metadata of everything and content of nothing that did not name them.
jest.setTimeout(180_000);

const ORIGIN = 'AZ-PCU-BAKU';
const NAMED = 'KZ-PCU-AKTAU';
const SUBSCRIBER = 'GE-PCU-POTI';
const COUNTRY = 'UZ-HQ-TASHKENT';
const MEMBER = 'TM-PCU-TURKMENBASHI';
const OUTSIDER = 'PK-PCU-KARACHI';
/** A coordinator of the addressed country, subscribed to the alert's port: never reached that way. */
const COORDINATOR = 'UZ-COORD-ROCA';
/** A coordinator the message names. */
const NAMED_COORDINATOR = 'KG-COORD-BISHKEK';
const GROUP = 'CASPIAN-LINK';

type Form = 'nodes' | 'countries' | 'groups' | 'none';
const ADDRESSING: Record<Form, { nodes: string[]; countries: string[]; groups: string[] }> = {
  nodes: { nodes: [NAMED, NAMED_COORDINATOR], countries: [], groups: [] },
  countries: { nodes: [], countries: ['UZ'], groups: [] },
  groups: { nodes: [], countries: [], groups: [GROUP] },
  none: { nodes: [], countries: [], groups: [] },
};
const ADDRESSED: Record<Form, string[]> = {
  nodes: [NAMED, NAMED_COORDINATOR],
  countries: [COUNTRY],
  groups: [MEMBER],
  none: [],
};
/** Who subscribes to what the alert names (its port of discharge, KZAAU). */
const SUBSCRIBED = [SUBSCRIBER];

/** Who receives the message (DESIGN section 4), or undefined when it is refused (RED names nodes). */
function recipients(tlp: Tlp, form: Form): string[] | undefined {
  if (tlp === 'RED') return form === 'nodes' ? [...ADDRESSED.nodes].sort() : undefined;
  const broadcast = tlp === 'AMBER+STRICT' ? [] : SUBSCRIBED;
  return [...ADDRESSED[form], ...broadcast].sort();
}

const CELLS = TLP_LEVELS.flatMap((tlp) =>
  (Object.keys(ADDRESSING) as Form[]).map((form) => [tlp, form, recipients(tlp, form)] as const),
).filter(([, , reached]) => reached !== undefined) as [Tlp, Form, string[]][];

describe('who reads a message’s content', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    const subscribed = [{ locodes: ['KZAAU'] }];
    tokens = await registerNodes(api, net.adminToken, [
      { id: ORIGIN, type: 'PCU', country: 'AZ' },
      { id: NAMED, type: 'PCU', country: 'KZ' },
      { id: SUBSCRIBER, type: 'PCU', country: 'GE', filters: subscribed },
      { id: COUNTRY, type: 'HQ', country: 'UZ' },
      { id: MEMBER, type: 'PCU', country: 'TM' },
      { id: OUTSIDER, type: 'PCU', country: 'PK' },
      { id: COORDINATOR, type: 'COORD', country: 'UZ' },
      { id: NAMED_COORDINATOR, type: 'COORD', country: 'KG' },
    ]);
    // The admin sets the coordinator a subscription that matches: it still reaches it no content.
    const put = await api('PUT', `/nodes/${COORDINATOR}/subscription`, net.adminToken, { filters: subscribed });
    expect(put.status).toBe(200);
    const group = { id: GROUP, name: 'Caspian link', kind: 'GROUP', members: [ORIGIN, MEMBER] };
    expect((await api('POST', '/groups', net.adminToken, group)).status).toBe(201);
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('refuses a RED message that names no node', async () => {
    const red = await api('POST', '/messages', tokens[ORIGIN], {
      ...designAlert(),
      tlp: 'RED',
      to: ADDRESSING.countries,
    });
    expect(red.status).toBe(400);
  });

  /**
   * Publishes `message` from the origin and checks who reads its content once it reached
   * `reached`: the origin and they read the body, the coordinators not addressed and the admin its
   * metadata only (none of its `texts` anywhere in the answer), anyone else nothing (404).
   */
  const readersOf = async (
    message: { tlp: string; body: { title: string } } & Record<string, unknown>,
    reached: string[],
    texts: string[],
  ) => {
    const published = await api('POST', '/messages', tokens[ORIGIN], message);
    expect(published.status).toBe(202);
    const id = published.body.id as string;
    // Routed and stored everywhere it goes (the origin's view lists every delivery).
    await eventually(async () => {
      const view = await api('GET', `/messages/${id}`, tokens[ORIGIN]);
      return view.body.deliveries?.length === reached.length ? true : undefined;
    }, 30_000);

    const { title } = message.body;
    const readers = [ORIGIN, ...reached];
    for (const node of Object.keys(tokens)) {
      const view = await api('GET', `/messages/${id}`, tokens[node]);
      if (readers.includes(node)) {
        expect({ node, status: view.status, body: view.body.message?.body?.title }).toEqual({
          node,
          status: 200,
          body: title,
        });
      } else if (node === COORDINATOR || node === NAMED_COORDINATOR) {
        expect({ node, status: view.status, content: view.body.content, body: view.body.message?.body }).toEqual({
          node,
          status: 200,
          content: 'withheld',
          body: undefined,
        });
        for (const text of texts)
          expect({ node, leaks: JSON.stringify(view.body).includes(text) }).toEqual({ node, leaks: false });
      } else {
        expect({ node, status: view.status }).toEqual({ node, status: 404 });
      }
    }
    const admin = await api('GET', `/messages/${id}`, net.adminToken);
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ content: 'withheld', message: { id, tlp: message.tlp, origin: ORIGIN } });
    for (const text of texts) expect(JSON.stringify(admin.body)).not.toContain(text);
    expect(admin.body.message.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(admin.body.deliveries.map((d: { node: string }) => d.node).sort()).toEqual(reached);
  };

  it.each(CELLS)('%s addressed by %s: the body reaches exactly the origin and %j', async (tlp, form, reached) => {
    const alert = designAlert();
    await readersOf({ ...alert, tlp, to: ADDRESSING[form] }, reached, [alert.body.title, alert.body.summary]);
  });

  it('shows a risk profile for a group to its members and the matching subscribers, and its criteria to no one else', async () => {
    const profile = {
      kind: 'RISK_PROFILE',
      tlp: 'AMBER',
      to: ADDRESSING.groups,
      body: {
        profileId: 'AZ-RP-CONTENT-VISIBILITY',
        title: 'Falsified antibiotics through Aktau, consignees new',
        lang: 'en',
        category: 'FALSIFIED_MEDICAL',
        riskLevel: 'HIGH',
        criteria: { locodes: ['KZAAU'], hsPrefixes: ['3004'] },
        indicators: { consigneePatterns: ['*pharma-withheld*'] },
        recommendedAction: 'EXAMINE',
        validFrom: new Date(Date.now() - 3_600_000).toISOString(),
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        version: 1,
      },
    };
    await readersOf(profile, recipients('AMBER', 'groups')!, [profile.body.title, '*pharma-withheld*']);
  });
});
