import { jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { signAsOrigin } from './support/signing';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(180_000);

const BODY = {
  category: 'FALSIFIED_MEDICAL',
  riskLevel: 'HIGH',
  mode: 'SEA',
  title: 'Suspected falsified antibiotics via Aktau',
  summary: 'Consignee new, route deviates through Baku.',
  lang: 'en',
  transport: { containers: ['CSQU3054383'], billOfLading: 'MEDUAK123456', vesselImo: 'IMO9074729' },
  itinerary: [
    { locode: 'AZBAK', role: 'LOADING' },
    { locode: 'KZAAU', role: 'DISCHARGE' },
    { locode: 'UZTAS', role: 'DESTINATION' },
  ],
  goods: [{ hsCode: '300420', description: 'Antibiotics, retail packs', quantity: 12000, unit: 'PCS' }],
  indicators: ['ROUTE_DEVIATION'],
  requestedAction: 'EXAMINE',
};
const ALERT = { kind: 'ALERT', tlp: 'AMBER', handling: 'H2', body: BODY };
const redTo = (nodes: string[], body: object = BODY) => ({ kind: 'ALERT', tlp: 'RED', to: { nodes }, body });

const NODES = [
  {
    id: 'AZ-PCU-BAKU',
    type: 'PCU',
    country: 'AZ',
    name: 'Baku PCU',
    locodes: ['AZBAK'],
    filters: [{ locodes: ['AZBAK'] }],
  },
  {
    id: 'KZ-PCU-AKTAU',
    type: 'PCU',
    country: 'KZ',
    name: 'Aktau PCU',
    locodes: ['KZAAU'],
    filters: [{ locodes: ['KZAAU'] }],
  },
  {
    id: 'KZ-HQ-ASTANA',
    type: 'HQ',
    country: 'KZ',
    name: 'HQ Astana',
    locodes: ['KZAST'],
    filters: [{ hsPrefixes: ['30'] }],
  },
  {
    id: 'GE-PCU-POTI',
    type: 'PCU',
    country: 'GE',
    name: 'Poti PCU',
    locodes: ['GEPTI'],
    filters: [{ locodes: ['GEPTI'] }],
  },
  { id: 'UZ-COORD-ROCA', type: 'COORD', country: 'UZ', name: 'CCP coordination', locodes: ['UZTAS'], filters: [] },
];

describe('the life of a message after it is sent, end to end', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};

  const page = async (node: string, after?: string) =>
    (await api('GET', `/inbox?limit=200${after ? `&after=${after}` : ''}`, tokens[node])).body as {
      items: any[];
      next: string | null;
    };
  const itemOf = async (node: string, id: string) => (await page(node)).items.find((i) => i.message.id === id);
  const ledger = async (query: string) =>
    (await api('GET', `/audit/events?limit=500&${query}`, net.adminToken)).body.items as any[];
  const routedTo = (id: string) =>
    eventually(
      async () => (await ledger(`kind=message.routed&messageId=${id}`))[0]?.data.recipients.map((r: any) => r.node),
      30_000,
      `routing of ${id}`,
    );
  const publish = async (from: string, message: object) => {
    const answer = await api('POST', '/messages', tokens[from], message);
    expect(answer.status).toBe(202);
    return answer.body.id as string;
  };
  const delivered = (node: string, id: string) =>
    eventually(() => itemOf(node, id), 30_000, `${id} in ${node}'s inbox`);

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    Object.assign(tokens, await registerNodes(api, net.adminToken, NODES));
    await eventually(async () =>
      (await api('GET', '/inbox', tokens['UZ-COORD-ROCA'])).status === 200 ? true : undefined,
    );
    await eventually(async () =>
      (await api('GET', '/inbox', tokens['GE-PCU-POTI'])).status === 200 ? true : undefined,
    );
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('withdraws to exactly the original recipients, whatever the subscriptions say by then', async () => {
    const id = await publish('AZ-PCU-BAKU', ALERT);
    expect((await routedTo(id)).sort()).toEqual(['KZ-HQ-ASTANA', 'KZ-PCU-AKTAU']);
    await delivered('KZ-PCU-AKTAU', id);
    await delivered('KZ-HQ-ASTANA', id);
    const aktauCursor = (await page('KZ-PCU-AKTAU')).next!;

    // Aktau no longer matches the alert's route; Poti now does.
    await api('PUT', '/nodes/KZ-PCU-AKTAU/subscription', tokens['KZ-PCU-AKTAU'], { filters: [{ locodes: ['GEPTI'] }] });
    await api('PUT', '/nodes/GE-PCU-POTI/subscription', tokens['GE-PCU-POTI'], { filters: [{ locodes: ['KZAAU'] }] });
    // A probe with the same route shows the router has the new subscriptions before the withdrawal.
    await eventually(
      async () => {
        const probe = await publish('AZ-PCU-BAKU', ALERT);
        const to = (await routedTo(probe)).sort();
        return to.join() === 'GE-PCU-POTI,KZ-HQ-ASTANA' ? to : undefined;
      },
      60_000,
      'the router to apply the new subscriptions',
    );

    expect((await api('POST', `/messages/${id}/withdraw`, tokens['KZ-PCU-AKTAU'], { reason: 'x' })).status).toBe(404);
    expect((await api('POST', `/messages/${id}/withdraw`, tokens['AZ-PCU-BAKU'], {})).status).toBe(400);
    const withdrawal = await api('POST', `/messages/${id}/withdraw`, tokens['AZ-PCU-BAKU'], { reason: 'false alarm' });
    expect(withdrawal.status).toBe(202);
    const withdrawalId = withdrawal.body.id;
    expect((await routedTo(withdrawalId)).sort()).toEqual(['KZ-HQ-ASTANA', 'KZ-PCU-AKTAU']);

    for (const node of ['KZ-PCU-AKTAU', 'KZ-HQ-ASTANA']) {
      const item = await eventually(
        async () => {
          const found = await itemOf(node, id);
          return found?.withdrawn ? found : undefined;
        },
        30_000,
        `withdrawal in ${node}'s inbox`,
      );
      expect(item.withdrawn).toEqual({ at: expect.any(String), reason: 'false alarm', messageId: withdrawalId });
      // The withdrawal changes the original's line; it is not a line of its own.
      expect((await page(node)).items.filter((i) => i.message.id === withdrawalId)).toEqual([]);
    }
    // Aktau reading on from its cursor sees the original again, as changed.
    const changed = await page('KZ-PCU-AKTAU', aktauCursor);
    expect(changed.items.map((i) => [i.message.id, i.withdrawn?.messageId])).toEqual([[id, withdrawalId]]);
    expect(BigInt(changed.next!)).toBeGreaterThan(BigInt(aktauCursor));
    // Poti, which matches now, never had the original and gets nothing of the withdrawal.
    expect((await page('GE-PCU-POTI')).items.filter((i) => [id, withdrawalId].includes(i.message.id))).toEqual([]);

    expect((await api('POST', `/messages/${id}/withdraw`, tokens['AZ-PCU-BAKU'], { reason: 'again' })).status).toBe(
      409,
    );
    expect((await api('POST', `/messages/${id}/amend`, tokens['AZ-PCU-BAKU'], { body: BODY })).status).toBe(409);
    const seen = await api('GET', `/messages/${id}`, tokens['AZ-PCU-BAKU']);
    expect(seen.body.withdrawn).toMatchObject({ reason: 'false alarm', messageId: withdrawalId });
    expect(seen.body.deliveries.map((d: any) => [d.node, d.withdrawnAt !== null])).toEqual([
      ['KZ-HQ-ASTANA', true],
      ['KZ-PCU-AKTAU', true],
    ]);
  });

  it('amends with history, takes feedback back to the origin, and shows the origin every state', async () => {
    const id = await publish('AZ-PCU-BAKU', redTo(['KZ-HQ-ASTANA', 'GE-PCU-POTI']));
    await delivered('KZ-HQ-ASTANA', id);
    await delivered('GE-PCU-POTI', id);

    const read = await api('GET', `/messages/${id}`, tokens['KZ-HQ-ASTANA']);
    expect(read.status).toBe(200);
    expect(read.body.deliveries).toHaveLength(1);
    expect(read.body.deliveries[0]).toMatchObject({ node: 'KZ-HQ-ASTANA', readAt: expect.any(String) });
    expect((await api('POST', `/inbox/${id}/ack`, tokens['KZ-HQ-ASTANA'], { status: 'RECEIVED' })).status).toBe(200);
    expect((await api('POST', `/inbox/${id}/ack`, tokens['GE-PCU-POTI'], { status: 'ACTIONED' })).status).toBe(200);

    const bad = await api('POST', `/messages/${id}/amend`, tokens['AZ-PCU-BAKU'], {
      body: { ...BODY, transport: { containers: ['CSQU3054384'] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field)).toEqual(['body.transport.containers.0']);
    const newBody = { ...BODY, title: 'Falsified antibiotics via Aktau: second container' };
    expect((await api('POST', `/messages/${id}/amend`, tokens['GE-PCU-POTI'], { body: newBody })).status).toBe(404);
    const amended = await api('POST', `/messages/${id}/amend`, tokens['AZ-PCU-BAKU'], {
      reason: 'title',
      body: newBody,
    });
    expect(amended.status).toBe(202);
    expect(amended.body.version).toBe(2);

    const item = await eventually(
      async () => {
        const found = await itemOf('GE-PCU-POTI', id);
        return found?.version === 2 ? found : undefined;
      },
      30_000,
      'version 2 in Poti inbox',
    );
    expect(item.message.body.title).toBe(newBody.title);
    expect(item.amendment).toEqual({ messageId: amended.body.id, at: expect.any(String), reason: 'title' });
    expect(item.history.map((h: any) => [h.version, h.message.body.title])).toEqual([[1, BODY.title]]);
    expect(item.state).toBe('ACTIONED');

    const seizure = {
      outcome: 'SEIZURE',
      seizedAt: '2026-11-28',
      quantities: [{ category: 'FALSIFIED_MEDICAL', pieces: 1200, kilograms: '266.283' }],
    };
    const noQuantities = await api('POST', `/messages/${id}/feedback`, tokens['GE-PCU-POTI'], {
      outcome: 'SEIZURE',
      seizedAt: '2026-11-28',
    });
    expect(noQuantities.status).toBe(400);
    expect(noQuantities.body.fields.map((f: any) => f.field)).toEqual(['quantities']);
    const inexact = { ...seizure, quantities: [{ category: 'DRUGS', kilograms: '1e3' }] };
    const refused = await api('POST', `/messages/${id}/feedback`, tokens['GE-PCU-POTI'], inexact);
    expect(refused.body.fields.map((f: any) => f.field)).toEqual(['quantities.0.kilograms']);
    expect((await api('POST', `/messages/${id}/feedback`, tokens['AZ-PCU-BAKU'], seizure)).status).toBe(404);
    const given = await api('POST', `/messages/${id}/feedback`, tokens['GE-PCU-POTI'], seizure);
    expect(given.status).toBe(202);
    expect((await api('POST', `/messages/${id}/feedback`, tokens['GE-PCU-POTI'], seizure)).status).toBe(409);

    const back = await delivered('AZ-PCU-BAKU', given.body.id);
    expect(back.message).toMatchObject({
      kind: 'FEEDBACK',
      origin: 'GE-PCU-POTI',
      tlp: 'RED',
      body: { refersTo: id, ...seizure },
    });
    expect(await routedTo(given.body.id)).toEqual(['AZ-PCU-BAKU']);

    const view = await eventually(
      async () => {
        const answer = (await api('GET', `/messages/${id}`, tokens['AZ-PCU-BAKU'])).body;
        return answer.deliveries.every((d: any) => d.version === 2) &&
          answer.deliveries.find((d: any) => d.node === 'GE-PCU-POTI')?.feedback?.deliveredAt
          ? answer
          : undefined;
      },
      30_000,
      "the origin's view",
    );
    expect(view.version).toBe(2);
    expect(view.message.body.title).toBe(newBody.title);
    expect(view.history.map((h: any) => h.version)).toEqual([1]);
    expect(view.deliveries.map((d: any) => d.node)).toEqual(['GE-PCU-POTI', 'KZ-HQ-ASTANA']);
    const byNode = Object.fromEntries(view.deliveries.map((d: any) => [d.node, d]));
    expect(byNode['GE-PCU-POTI']).toMatchObject({ state: 'ACTIONED', readAt: null, version: 2 });
    expect(byNode['GE-PCU-POTI'].feedback).toEqual({
      messageId: given.body.id,
      outcome: 'SEIZURE',
      at: expect.any(String),
      deliveredAt: expect.any(String),
    });
    expect(byNode['KZ-HQ-ASTANA']).toMatchObject({
      state: 'RECEIVED',
      readAt: expect.any(String),
      version: 2,
      feedback: null,
    });

    const types = async () => (await ledger(`messageId=${id}`)).map((e: any) => e.type);
    const trail = await eventually(
      async () => {
        const t = await types();
        return ['message.read', 'message.amended', 'message.feedback'].every((x) => t.includes(x)) ? t : undefined;
      },
      30_000,
      'the lifecycle events in the ledger',
    );
    expect(trail.filter((t: string) => t === 'message.read')).toHaveLength(1);
  });

  it('reminds a recipient whose feedback is overdue, once, and records it for coordinators', async () => {
    const due = new Date(Date.now() + 5_000).toISOString();
    const id = await publish('AZ-PCU-BAKU', redTo(['KZ-HQ-ASTANA', 'GE-PCU-POTI'], { ...BODY, feedbackDueBy: due }));
    const first = await delivered('KZ-HQ-ASTANA', id);
    expect(first).toMatchObject({ feedbackDueBy: due, feedbackOverdue: false });
    const cursor = (await page('KZ-HQ-ASTANA')).next!;
    await delivered('GE-PCU-POTI', id);
    expect(
      (await api('POST', `/messages/${id}/feedback`, tokens['GE-PCU-POTI'], { outcome: 'NO_ACTION' })).status,
    ).toBe(202);

    const reminded = await eventually(
      async () => {
        const changed = await page('KZ-HQ-ASTANA', cursor);
        return changed.items.find((i) => i.message.id === id && i.feedbackOverdue);
      },
      40_000,
      'the reminder in Astana inbox',
    );
    expect(reminded.feedbackOverdue).toBe(true);
    const overdue = await eventually(
      async () => {
        const entries = await ledger(`kind=feedback.overdue&messageId=${id}`);
        return entries.length > 0 ? entries : undefined;
      },
      30_000,
      'feedback.overdue in the ledger',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await ledger(`kind=feedback.overdue&messageId=${id}`)).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ type: 'feedback.overdue', node: 'KZ-HQ-ASTANA' });
    expect((await itemOf('GE-PCU-POTI', id)).feedbackOverdue).toBe(false);
    expect((await itemOf('GE-PCU-POTI', id)).feedback).toMatchObject({ outcome: 'NO_ACTION' });
  });

  it('refuses in the router a withdrawal from a node that is not the origin, and feedback from a non-recipient', async () => {
    const id = await publish('AZ-PCU-BAKU', redTo(['KZ-HQ-ASTANA']));
    await delivered('KZ-HQ-ASTANA', id);
    const nc = await net.connectNats();
    try {
      const forge = async (origin: string, kind: string, body: object) => {
        // Signed with the forging node's own key, so the router gets past the signature to the rule at stake.
        const envelope = await signAsOrigin(net, api, {
          id: randomUUID(),
          kind: kind as 'WITHDRAWAL' | 'FEEDBACK',
          origin,
          createdAt: new Date().toISOString(),
          tlp: 'RED' as const,
          to: { nodes: [], countries: [], groups: [] },
          body,
        });
        nc.publish(net.names.publishSubject(origin, kind as any), JSON.stringify(envelope), { headers: natsHeaders() });
        await nc.flush();
        return envelope.id;
      };
      const forgedWithdrawal = await forge('KZ-PCU-AKTAU', 'WITHDRAWAL', { refersTo: id, reason: 'not mine' });
      const forgedFeedback = await forge('GE-PCU-POTI', 'FEEDBACK', { refersTo: id, outcome: 'NO_ACTION' });
      for (const [forged, reason] of [
        [forgedWithdrawal, 'not_the_origin'],
        [forgedFeedback, 'not_a_recipient'],
      ]) {
        const rejected = await eventually(
          async () => (await ledger(`kind=message.rejected&messageId=${forged}`))[0],
          30_000,
          reason,
        );
        expect(rejected.data.reason).toBe(reason);
      }
      const jsm = await jetstreamManager(nc);
      const dlq = await jsm.streams.info(net.names.stream('DLQ'), { subjects_filter: '>' });
      expect(Object.keys(dlq.state.subjects ?? {}).sort()).toEqual(
        expect.arrayContaining([net.names.dlqSubject('not_a_recipient'), net.names.dlqSubject('not_the_origin')]),
      );
    } finally {
      await nc.close();
    }
    expect((await itemOf('KZ-HQ-ASTANA', id)).withdrawn).toBeNull();
    expect(
      (await page('AZ-PCU-BAKU')).items.filter((i) => i.message.kind === 'FEEDBACK' && i.message.body.refersTo === id),
    ).toEqual([]);
  });
});
