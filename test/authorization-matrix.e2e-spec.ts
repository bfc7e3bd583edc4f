import { jetstream } from '@nats-io/jetstream';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { newSigningKeyPair } from '@iren/contracts';
import { designAlert } from './support/fixtures';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { NetworkState } from './support/network-state';
import { startTestNetwork, type TestNetwork } from './support/test-network';

// Every route of the OpenAPI document × every kind of caller, each cell with the status it must
// answer; after each refused call, nothing in the databases or the streams has changed. A route
// the document lists and this table does not fails the suite: a new route needs its row.
jest.setTimeout(300_000);

const OWNER = 'KZ-PCU-AKTAU';
const OTHER = 'AZ-PCU-BAKU';
const SUSPENDED = 'GE-PCU-POTI';
const COORDINATOR = 'UZ-COORD-ROCA';
const SPARE = 'TM-PCU-TURKMENBASHI';
const GROUP = 'MATRIX-GROUP';

const CALLERS = ['owner', 'other', 'suspended', 'coordinator', 'admin', 'none', 'malformed', 'revoked'] as const;
type Caller = (typeof CALLERS)[number];
/** A caller of the table, or the spare node's officer: a third node, for objects of the two others. */
type Actor = Caller | 'third';

/** What a call of a row needs, made once per row before its callers run (the allowed ones last). */
interface Prepared {
  message: string;
  token: string;
  credential: string;
  deadLetter: string;
}

interface Row {
  /** `METHOD /path` as the OpenAPI document writes it. */
  route: string;
  /** The object the row's calls act on, made before them (otherwise a random id stands in). */
  needs?: keyof Prepared;
  /** The path (with ids filled in) and body of a call. */
  request(p: Prepared): { path: string; body?: unknown };
  /** Status by caller; no token, a malformed or revoked one answers 401, a suspended node's officer 403. */
  expect: Partial<Record<Caller, number>>;
  public?: true;
}

const alert = () => designAlert();
/** Routes the gateway serves that its OpenAPI document leaves out: Prometheus's text is not the JSON API. */
const NOT_IN_THE_DOCUMENT = ['GET /metrics'];
const officers = (status: number) => ({ owner: status, other: status, coordinator: 403, admin: 403 });
const everyone = (status: number) => ({ owner: status, other: status, coordinator: status, admin: status });
const adminOnly = (status: number) => ({ owner: 403, other: 403, coordinator: 403, admin: status });

describe('the authorization matrix', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let tokens: Record<Actor, string | undefined>;
  let closedBus: boolean;
  /** The databases and streams as a refused call must leave them. */
  let state: NetworkState;

  /** Publishes as the owner a message delivered to the other node, and answers its id once it is there. */
  const delivered = async (): Promise<string> => {
    const published = await api('POST', '/messages', tokens.owner, {
      ...alert(),
      tlp: 'AMBER',
      to: { nodes: [OTHER] },
    });
    const id = published.body.id as string;
    await eventually(async () => {
      const inbox = await api('GET', '/inbox?limit=200', tokens.other);
      return inbox.body.items.some((i: { message: { id: string } }) => i.message.id === id) ? true : undefined;
    }, 30_000);
    return id;
  };

  /** Publishes an unsigned alert straight on the bus, which the router dead-letters, and answers the letter's id. */
  const deadLettered = async (): Promise<string> => {
    const nc = await net.connectNats();
    const forged = { ...alert(), id: randomUUID(), origin: OWNER, createdAt: new Date().toISOString() };
    const subject = net.names.publishSubject(OWNER, 'ALERT');
    try {
      await jetstream(nc).publish(subject, JSON.stringify(forged), { msgID: forged.id });
    } finally {
      await nc.close();
    }
    return eventually(async () => {
      const letters = (await api('GET', '/dlq?limit=100', net.adminToken)).body.items as {
        id: string;
        subject?: string;
      }[];
      return letters.filter((l) => l.subject === subject).at(-1)?.id;
    }, 30_000);
  };

  const ROWS: Row[] = [
    { route: 'GET /health', request: () => ({ path: '/health' }), expect: everyone(200), public: true },
    // Operators' metrics (README, Operations, Metrics): Prometheus scrapes with the admin token.
    { route: 'GET /metrics', request: () => ({ path: '/metrics' }), expect: adminOnly(200) },
    { route: 'POST /api/v1/nodes', request: () => ({ path: '/nodes', body: newNode() }), expect: adminOnly(201) },
    { route: 'GET /api/v1/nodes', request: () => ({ path: '/nodes' }), expect: everyone(200) },
    { route: 'GET /api/v1/nodes/{id}', request: () => ({ path: `/nodes/${OWNER}` }), expect: everyone(200) },
    {
      route: 'PATCH /api/v1/nodes/{id}',
      request: () => ({ path: `/nodes/${SPARE}`, body: { status: 'ACTIVE' } }),
      expect: adminOnly(200),
    },
    {
      route: 'POST /api/v1/nodes/{id}/tokens',
      request: () => ({ path: `/nodes/${SPARE}/tokens` }),
      expect: adminOnly(201),
    },
    {
      route: 'DELETE /api/v1/nodes/{id}/tokens/{tokenId}',
      needs: 'token',
      request: (p) => ({ path: `/nodes/${SPARE}/tokens/${p.token}` }),
      expect: adminOnly(204),
    },
    {
      route: 'PUT /api/v1/nodes/{id}/subscription',
      request: () => ({ path: `/nodes/${OWNER}/subscription`, body: { filters: [{ locodes: ['KZAAU'] }] } }),
      expect: { owner: 200, other: 404, coordinator: 403, admin: 200 },
    },
    {
      route: 'GET /api/v1/nodes/{id}/subscription',
      request: () => ({ path: `/nodes/${OWNER}/subscription` }),
      expect: { owner: 200, other: 404, coordinator: 403, admin: 200 },
    },
    {
      route: 'POST /api/v1/nodes/{id}/keys',
      request: () => ({ path: `/nodes/${OWNER}/keys`, body: {} }),
      expect: { owner: 201, other: 404, coordinator: 403, admin: 201 },
    },
    {
      route: 'POST /api/v1/nodes/{id}/nats-credentials',
      request: () => ({ path: `/nodes/${SPARE}/nats-credentials` }),
      // Node credentials exist only on a bus that authenticates.
      get expect() {
        return adminOnly(closedBus ? 201 : 409);
      },
    },
    {
      route: 'GET /api/v1/nodes/{id}/nats-credentials',
      request: () => ({ path: `/nodes/${SPARE}/nats-credentials` }),
      expect: adminOnly(200),
    },
    {
      route: 'DELETE /api/v1/nodes/{id}/nats-credentials/{credentialId}',
      needs: 'credential',
      request: (p) => ({ path: `/nodes/${SPARE}/nats-credentials/${p.credential}` }),
      get expect() {
        return adminOnly(closedBus ? 204 : 404);
      },
    },
    {
      route: 'POST /api/v1/groups',
      request: () => ({
        path: '/groups',
        body: { id: `G-${randomUUID().slice(0, 8).toUpperCase()}`, name: 'g', kind: 'GROUP' },
      }),
      expect: adminOnly(201),
    },
    {
      route: 'PUT /api/v1/groups/{id}/members',
      request: () => ({ path: `/groups/${GROUP}/members`, body: { members: [OWNER] } }),
      expect: adminOnly(200),
    },
    { route: 'GET /api/v1/groups', request: () => ({ path: '/groups' }), expect: everyone(200) },
    {
      route: 'GET /api/v1/groups/{id}',
      request: () => ({ path: `/groups/${GROUP}` }),
      expect: { owner: 200, other: 404, coordinator: 200, admin: 200 },
    },
    { route: 'POST /api/v1/messages', request: () => ({ path: '/messages', body: alert() }), expect: officers(202) },
    {
      route: 'POST /api/v1/messages/preview',
      request: () => ({ path: '/messages/preview', body: alert() }),
      expect: officers(200),
    },
    {
      route: 'GET /api/v1/messages/{id}',
      needs: 'message',
      request: (p) => ({ path: `/messages/${p.message}` }),
      expect: { owner: 200, other: 200, coordinator: 200, admin: 200 },
    },
    {
      route: 'POST /api/v1/messages/{id}/withdraw',
      needs: 'message',
      request: (p) => ({ path: `/messages/${p.message}/withdraw`, body: { reason: 'false alarm' } }),
      expect: { owner: 202, other: 404, coordinator: 403, admin: 403 },
    },
    {
      route: 'POST /api/v1/messages/{id}/amend',
      needs: 'message',
      request: (p) => ({ path: `/messages/${p.message}/amend`, body: { reason: 'typo', body: alert().body } }),
      expect: { owner: 202, other: 404, coordinator: 403, admin: 403 },
    },
    {
      route: 'POST /api/v1/messages/{id}/feedback',
      needs: 'message',
      request: (p) => ({ path: `/messages/${p.message}/feedback`, body: { outcome: 'NO_ACTION' } }),
      expect: { owner: 404, other: 202, coordinator: 403, admin: 403 },
    },
    { route: 'GET /api/v1/inbox', request: () => ({ path: '/inbox' }), expect: { ...officers(200), coordinator: 200 } },
    {
      route: 'GET /api/v1/inbox/stream',
      request: () => ({ path: '/inbox/stream' }),
      expect: { ...officers(200), coordinator: 200 },
    },
    {
      route: 'POST /api/v1/inbox/{messageId}/ack',
      needs: 'message',
      request: (p) => ({ path: `/inbox/${p.message}/ack`, body: { status: 'RECEIVED' } }),
      expect: { owner: 404, other: 200, coordinator: 403, admin: 403 },
    },
    {
      route: 'POST /api/v1/screen',
      request: () => ({
        path: '/screen',
        body: { mode: 'SEA', itinerary: [{ locode: 'KZAAU', role: 'DISCHARGE' }], goods: [{ hsCode: '300420' }] },
      }),
      expect: officers(200),
    },
    { route: 'GET /api/v1/audit/events', request: () => ({ path: '/audit/events' }), expect: everyone(200) },
    { route: 'GET /api/v1/audit/checkpoint', request: () => ({ path: '/audit/checkpoint' }), expect: everyone(200) },
    { route: 'GET /api/v1/audit/public-key', request: () => ({ path: '/audit/public-key' }), expect: everyone(200) },
    {
      route: 'GET /api/v1/audit/proofs/inclusion',
      request: () => ({ path: '/audit/proofs/inclusion?index=0&size=1' }),
      expect: everyone(200),
    },
    {
      route: 'GET /api/v1/audit/proofs/consistency',
      request: () => ({ path: '/audit/proofs/consistency?from=1&to=2' }),
      expect: everyone(200),
    },
    { route: 'POST /api/v1/audit/verify', request: () => ({ path: '/audit/verify' }), expect: adminOnly(200) },
    { route: 'GET /api/v1/audit/watch', request: () => ({ path: '/audit/watch' }), expect: adminOnly(200) },
    {
      route: 'POST /api/v1/audit/watch/acknowledge',
      request: () => ({ path: '/audit/watch/acknowledge' }),
      expect: adminOnly(200),
    },
    {
      route: 'GET /api/v1/reports/exchange',
      request: () => ({ path: '/reports/exchange' }),
      expect: { owner: 403, other: 403, coordinator: 200, admin: 200 },
    },
    { route: 'GET /api/v1/dlq', request: () => ({ path: '/dlq' }), expect: adminOnly(200) },
    {
      route: 'POST /api/v1/dlq/{id}/replay',
      needs: 'deadLetter',
      request: (p) => ({ path: `/dlq/${p.deadLetter}/replay` }),
      // A forgery stays refused: the admin's attempt is answered 409, and recorded beside the letter.
      expect: adminOnly(409),
    },
    {
      route: 'GET /api/v1/reports/seizures',
      request: () => ({ path: '/reports/seizures' }),
      expect: { owner: 403, other: 403, coordinator: 200, admin: 200 },
    },
    { route: 'GET /api/v1/session', request: () => ({ path: '/session' }), expect: everyone(200) },
    {
      route: 'POST /api/v1/nodes/{id}/subscription/preview',
      request: () => ({ path: `/nodes/${OWNER}/subscription/preview`, body: { filters: [{ locodes: ['KZAAU'] }] } }),
      expect: { owner: 200, other: 404, coordinator: 403, admin: 200 },
    },
    {
      route: 'GET /api/v1/reference/locations',
      request: () => ({ path: '/reference/locations?q=Aktau' }),
      expect: everyone(200),
    },
    { route: 'GET /api/v1/reference/hs', request: () => ({ path: '/reference/hs?q=3004' }), expect: everyone(200) },
  ];

  let nodeCount = 0;
  const newNode = () => ({
    id: `KG-PCU-MATRIX${++nodeCount}`,
    type: 'PCU',
    country: 'KG',
    name: 'matrix',
    locodes: [],
    contact: { email: 'x@example.org' },
  });

  /** One call, with the caller's token: its status and its JSON answer; a live stream is read up to its status and dropped. */
  const send = async (method: string, path: string, caller: Actor, body?: unknown, raw?: string) => {
    const url = path === '/health' || path === '/metrics' ? `${net.baseUrl}${path}` : `${net.baseUrl}/api/v1${path}`;
    const token = tokens[caller];
    const abort = new AbortController();
    const response = await fetch(url, {
      method,
      signal: abort.signal,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...((body !== undefined || raw !== undefined) && { 'content-type': 'application/json' }),
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    if (path === '/inbox/stream' && response.ok) {
      abort.abort();
      return { status: response.status, body: undefined };
    }
    const text = await response.text();
    const json =
      response.headers.get('content-type')?.startsWith('application/json') && text ? JSON.parse(text) : undefined;
    return { status: response.status, body: json };
  };
  const call = async (method: string, path: string, caller: Actor, body?: unknown, raw?: string) =>
    (await send(method, path, caller, body, raw)).status;

  beforeAll(async () => {
    // A checkpoint a second after the ledger grew: the snapshot waits for it before a refused call.
    net = await startTestNetwork(undefined, { IREN_CHECKPOINT_SECONDS: '1' });
    api = apiClient(net.baseUrl);
    state = await NetworkState.open(net);
    expect(state.auditTables).toEqual(expect.arrayContaining(['audit.ledger', 'audit.checkpoints']));
    const issued = await registerNodes(api, net.adminToken, [
      { id: OWNER, type: 'PCU', country: 'KZ', locodes: ['KZAAU'] },
      { id: OTHER, type: 'PCU', country: 'AZ', locodes: ['AZBAK'] },
      { id: SUSPENDED, type: 'PCU', country: 'GE', locodes: ['GEPTI'] },
      { id: COORDINATOR, type: 'COORD', country: 'UZ' },
      { id: SPARE, type: 'PCU', country: 'TM' },
    ]);
    const second = await api('POST', `/nodes/${OWNER}/tokens`, net.adminToken);
    expect((await api('DELETE', `/nodes/${OWNER}/tokens/${second.body.id}`, net.adminToken)).status).toBe(204);
    expect((await api('PATCH', `/nodes/${SUSPENDED}`, net.adminToken, { status: 'SUSPENDED' })).status).toBe(200);
    const group = { id: GROUP, name: 'matrix', kind: 'GROUP', members: [OWNER] };
    expect((await api('POST', '/groups', net.adminToken, group)).status).toBe(201);
    tokens = {
      owner: issued[OWNER],
      other: issued[OTHER],
      suspended: issued[SUSPENDED],
      coordinator: issued[COORDINATOR],
      admin: net.adminToken,
      none: undefined,
      malformed: 'not a token at all',
      revoked: second.body.token,
      third: issued[SPARE],
    };
    const health = (await (await fetch(`${net.baseUrl}/health`)).json()) as {
      details?: { bus?: { authentication?: string } };
    };
    closedBus = health.details?.bus?.authentication === 'required';
    // A ledger of a few entries and a signed checkpoint, for the proofs and the checkpoint.
    await delivered();
    await eventually(
      async () => ((await api('GET', '/audit/checkpoint', tokens.owner)).status === 200 ? true : undefined),
      30_000,
    );
  });

  afterAll(async () => {
    await state?.close();
    await net?.stop();
  });

  it('has a row for every route of the OpenAPI document, and no row for a route it lacks', async () => {
    const document = (await (await fetch(`${net.baseUrl}/api/docs-json`)).json()) as { paths: Record<string, object> };
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .concat(NOT_IN_THE_DOCUMENT)
      .sort();
    expect(ROWS.map((row) => row.route).sort()).toEqual(documented);
  });

  /** The status a caller must get, refusals of authentication included. */
  const expected = (row: Row, caller: Caller): number => {
    if (row.public) return 200;
    if (caller === 'none' || caller === 'malformed' || caller === 'revoked') return 401;
    if (caller === 'suspended') return 403;
    return row.expect[caller]!;
  };

  /** Ids for a row that needs no object of its own: none of them names one that exists. */
  const unprepared = (): Prepared => ({
    message: randomUUID(),
    token: randomUUID(),
    credential: randomUUID(),
    deadLetter: String(2 ** 40),
  });
  /** A JSON object's text with `member` (`"key":value`) written first. */
  const withMember = (body: unknown, member: string): string => {
    const text = JSON.stringify(body ?? {});
    return text === '{}' ? `{${member}}` : `{${member},${text.slice(1)}`;
  };
  const RESERVED: [string, string][] = [
    ['__proto__', '"__proto__":{"role":"admin"}'],
    ['constructor', '"constructor":{"prototype":{"role":"admin"}}'],
  ];
  const IMPOSTOR = { origin: OTHER, nodeId: OTHER, role: 'admin' };
  /** The refusal a caller meets before any body is read (401, 403), if it meets one. */
  const doorRefusal = (row: Row, caller: Caller): number | undefined => {
    const status = expected(row, caller);
    return status === 401 || status === 403 ? status : undefined;
  };

  describe.each(ROWS.map((row) => [row.route, row] as const))('%s', (_route, row) => {
    const [method] = row.route.split(' ');

    it('answers each caller its status, and a refused call changes nothing', async () => {
      const prepared = unprepared();
      if (row.needs === 'message') prepared.message = await delivered();
      if (row.needs === 'deadLetter') prepared.deadLetter = await deadLettered();
      if (row.needs === 'token') prepared.token = (await api('POST', `/nodes/${SPARE}/tokens`, net.adminToken)).body.id;
      if (row.needs === 'credential' && closedBus) {
        prepared.credential = (await api('POST', `/nodes/${SPARE}/nats-credentials`, net.adminToken)).body.id;
      }
      const { path, body } = row.request(prepared);
      // The admin's refused replay is recorded beside the letter: that one record, and no other, may appear.
      const replayed = row.needs === 'deadLetter' ? prepared.deadLetter : undefined;
      // The refused first, against one settled state; then those allowed.
      const order = [...CALLERS].sort((a, b) => Number(expected(row, a) < 400) - Number(expected(row, b) < 400));
      const before = await state.settled(replayed);
      const answers: Record<string, number> = {};
      for (const caller of order) {
        answers[caller] = await call(method, path, caller, body);
        if (answers[caller] >= 400)
          expect({ caller, state: await state.snapshot(replayed) }).toEqual({ caller, state: before });
        if (replayed !== undefined) {
          const attempts = answers.admin === undefined ? 0 : 1;
          expect({ caller, replays: await state.replaysOf(replayed) }).toEqual({ caller, replays: attempts });
        }
      }
      expect(answers).toEqual(Object.fromEntries(order.map((caller) => [caller, expected(row, caller)])));
    });

    const { path, body } = row.request(unprepared());
    /** Each caller's answer to `raw`: the refusal at the door (401, 403) where it meets one, else 400 with `code`. */
    const expectRefusedBody = async (raw: string, code: string, named: (answer: { body: any }) => void) => {
      for (const caller of CALLERS) {
        const answer = await send(method, path, caller, undefined, raw);
        const refusal = doorRefusal(row, caller);
        const seen = { caller, status: answer.status, ...(refusal === undefined && { code: answer.body?.code }) };
        expect(seen).toEqual({ caller, status: refusal ?? 400, ...(refusal === undefined && { code }) });
        if (refusal === undefined) named(answer);
      }
    };
    const reservedKeys = async () => {
      for (const [key, member] of RESERVED) {
        await expectRefusedBody(withMember(body, member), 'INVALID_JSON', (answer) =>
          expect(answer.body.message).toContain(`reserved key "${key}"`),
        );
      }
    };

    if (body !== undefined && !row.public) {
      it('refuses a body carrying fields it does not take, whoever sends it, and changes nothing', async () => {
        const before = await state.settled();
        // Whoever gets past authentication and the role check meets validation: 400, each field named.
        await expectRefusedBody(JSON.stringify({ ...(body as object), ...IMPOSTOR }), 'INVALID_INPUT', (answer) =>
          expect(answer.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
            'nodeId',
            'origin',
            'role',
          ]),
        );
        // Reserved keys are refused before parsing, as invalid JSON.
        await reservedKeys();
        expect(await state.snapshot()).toEqual(before);
      });
    }

    if (body === undefined && method === 'POST' && !row.public) {
      it('reads nothing of a body sent where none is taken, and refuses one with a reserved key', async () => {
        const before = await state.settled();
        await reservedKeys();
        // An origin, node or role in it changes no answer: the refused first, against the settled
        // state; then those allowed, once with the body and once without.
        const order = [...CALLERS].sort(
          (a, b) => Number(doorRefusal(row, a) === undefined) - Number(doorRefusal(row, b) === undefined),
        );
        for (const caller of order) {
          const polluted = await send(method, path, caller, IMPOSTOR);
          const refusal = doorRefusal(row, caller);
          if (refusal !== undefined) {
            expect({ caller, status: polluted.status }).toEqual({ caller, status: refusal });
            expect({ caller, state: await state.snapshot() }).toEqual({ caller, state: before });
            continue;
          }
          expect({ caller, status: polluted.status }).toEqual({ caller, status: await call(method, path, caller) });
          if (row.route === 'POST /api/v1/nodes/{id}/tokens') {
            // Issued to the node of the path, whatever node the body names.
            const { rows } = await state.db.query('SELECT node_id FROM registry.tokens WHERE id = $1', [
              polluted.body.id,
            ]);
            expect(rows).toEqual([{ node_id: SPARE }]);
          }
        }
      });
    }
  });

  it('answers an object that does not exist like a missing one, and changes nothing', async () => {
    const before = await state.settled();
    await fc.assert(
      fc.asyncProperty(fc.uuid({ version: 4 }), async (id) => {
        for (const caller of ['owner', 'other', 'coordinator', 'admin'] as const) {
          expect(await call('GET', `/messages/${id}`, caller)).toBe(404);
        }
        expect(await call('POST', `/messages/${id}/withdraw`, 'owner', { reason: 'x' })).toBe(404);
        expect(await call('POST', `/messages/${id}/feedback`, 'other', { outcome: 'NO_ACTION' })).toBe(404);
        expect(await call('POST', `/inbox/${id}/ack`, 'other', { status: 'RECEIVED' })).toBe(404);
        expect(await call('DELETE', `/nodes/${OWNER}/tokens/${id}`, 'admin')).toBe(404);
        expect(await state.snapshot()).toEqual(before);
      }),
      { numRuns: 8 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('KZ', 'AZ', 'UZ', 'TM', 'PK'),
        fc.constantFrom('HQ', 'PCU', 'ACCU'),
        fc.stringMatching(/^[A-Z]{3,12}$/),
        async (country, type, place) => {
          const node = `${country}-${type}-Z${place}`;
          expect(await call('GET', `/nodes/${node}`, 'owner')).toBe(404);
          expect(await call('GET', `/nodes/${node}/subscription`, 'admin')).toBe(404);
          expect(await call('POST', `/nodes/${node}/keys`, 'admin', {})).toBe(404);
          expect(await call('GET', `/groups/G${place}`, 'coordinator')).toBe(404);
          expect(await state.snapshot()).toEqual(before);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('answers an object that belongs to another node like a missing one, whichever it is, and changes nothing', async () => {
    // Real objects, each of a node other than the caller's (or than the node its path names):
    // messages the owner sent the other node, both nodes' tokens and NATS users, groups of the owner's.
    const messages = [await delivered(), await delivered(), await delivered()];
    const issued = async (node: string, what: 'tokens' | 'nats-credentials') => {
      const answer = await api('POST', `/nodes/${node}/${what}`, net.adminToken);
      expect(answer.status).toBe(201);
      return { node, id: answer.body.id as string };
    };
    const nodeTokens = [await issued(OWNER, 'tokens'), await issued(OWNER, 'tokens'), await issued(OTHER, 'tokens')];
    const credentials = closedBus
      ? [await issued(OWNER, 'nats-credentials'), await issued(OTHER, 'nats-credentials')]
      : [];
    const groups = [GROUP, 'MATRIX-PAIR', 'MATRIX-OP'];
    const window = {
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    for (const group of [
      { id: 'MATRIX-PAIR', name: 'pair', kind: 'GROUP', members: [OWNER, COORDINATOR] },
      { id: 'MATRIX-OP', name: 'operation', kind: 'OPERATION', ...window, members: [OWNER] },
    ]) {
      expect((await api('POST', '/groups', net.adminToken, group)).status).toBe(201);
    }
    const nodes = [OWNER, OTHER, SPARE];

    interface Attempt {
      caller: Actor;
      method: string;
      path: string;
      body?: unknown;
      status: number;
    }
    const attempt = (caller: Actor, method: string, path: string, status: number, body?: unknown): Attempt => ({
      caller,
      method,
      path,
      status,
      body,
    });
    const onMessage = (id: string): Attempt[] => [
      // The recipient is not the origin; the origin not a recipient; the third node neither.
      attempt('other', 'POST', `/messages/${id}/withdraw`, 404, { reason: 'x' }),
      attempt('other', 'POST', `/messages/${id}/amend`, 404, { reason: 'x', body: alert().body }),
      attempt('owner', 'POST', `/messages/${id}/feedback`, 404, { outcome: 'NO_ACTION' }),
      attempt('owner', 'POST', `/inbox/${id}/ack`, 404, { status: 'RECEIVED' }),
      attempt('third', 'GET', `/messages/${id}`, 404),
      attempt('third', 'POST', `/messages/${id}/withdraw`, 404, { reason: 'x' }),
      attempt('third', 'POST', `/messages/${id}/feedback`, 404, { outcome: 'NO_ACTION' }),
      attempt('third', 'POST', `/inbox/${id}/ack`, 404, { status: 'RECEIVED' }),
      attempt('coordinator', 'POST', `/messages/${id}/withdraw`, 403, { reason: 'x' }),
    ];
    const onNodeObject =
      (what: 'tokens' | 'nats-credentials') =>
      (object: { node: string; id: string }): Attempt[] => [
        ...nodes
          .filter((node) => node !== object.node)
          .map((node) => attempt('admin', 'DELETE', `/nodes/${node}/${what}/${object.id}`, 404)),
        attempt('owner', 'DELETE', `/nodes/${object.node}/${what}/${object.id}`, 403),
        attempt('other', 'DELETE', `/nodes/${object.node}/${what}/${object.id}`, 403),
      ];
    const onGroup = (id: string): Attempt[] => [
      attempt('other', 'GET', `/groups/${id}`, 404),
      attempt('third', 'GET', `/groups/${id}`, 404),
      attempt('other', 'POST', '/messages/preview', 400, { ...alert(), to: { groups: [id] } }),
      attempt('other', 'POST', '/messages', 400, { ...alert(), to: { groups: [id] } }),
    ];
    const onNode = (node: string): Attempt[] => [
      attempt('other', 'GET', `/nodes/${node}/subscription`, 404),
      attempt('other', 'PUT', `/nodes/${node}/subscription`, 404, { filters: [] }),
      attempt('other', 'POST', `/nodes/${node}/keys`, 404, { publicKey: newSigningKeyPair().publicKeyPem }),
      attempt('third', 'GET', `/nodes/${node}/nats-credentials`, 403),
    ];
    const choice = <T>(objects: T[], attempts: (object: T) => Attempt[]) =>
      fc.constantFrom(...objects).chain((object) => fc.constantFrom(...attempts(object)));
    const attempts = fc.oneof(
      choice(messages, onMessage),
      choice(nodeTokens, onNodeObject('tokens')),
      ...(credentials.length ? [choice(credentials, onNodeObject('nats-credentials'))] : []),
      choice(groups, onGroup),
      choice([OWNER], onNode),
    );

    const before = await state.settled();
    await fc.assert(
      fc.asyncProperty(attempts, async ({ caller, method, path, body, status }) => {
        expect({ caller, method, path, status: await call(method, path, caller, body) }).toEqual({
          caller,
          method,
          path,
          status,
        });
        expect({ caller, method, path, state: await state.snapshot() }).toEqual({
          caller,
          method,
          path,
          state: before,
        });
      }),
      { numRuns: 30 },
    );
  });
});
