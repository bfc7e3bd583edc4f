import type { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { loadGatewayConfig } from '@iren/platform';
import { startGateway } from '../apps/gateway/src/gateway.app';
import { designAlert } from './support/fixtures';
import { type ApiAnswer, apiClient, eventually } from './support/http';
import { capturedLogger, type LogLine } from './support/log-capture';
import { registerNodes } from './support/members';
import { SseClient } from './support/sse-client';
import { NATS_URL, startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(180_000);

/** Small budgets, so a test reaches them (README, Configuration). */
const PUBLISH_PER_MINUTE = 5;
const REQUESTS_PER_MINUTE = 60;
const STREAMS_PER_NODE = 2;

const NODES = [
  { id: 'AZ-PCU-BAKU', type: 'PCU', country: 'AZ' },
  { id: 'KZ-PCU-AKTAU', type: 'PCU', country: 'KZ' },
  { id: 'GE-PCU-POTI', type: 'PCU', country: 'GE' },
  { id: 'KZ-HQ-ASTANA', type: 'HQ', country: 'KZ' },
  { id: 'TM-PCU-TURKMENBASHI', type: 'PCU', country: 'TM' },
  { id: 'UZ-HQ-TASHKENT', type: 'HQ', country: 'UZ' },
];

/** A RED alert for exactly `nodes`, told apart from the others by its title. */
function redAlertTo(nodes: string[], title: string) {
  const alert = designAlert();
  return { ...alert, tlp: 'RED', to: { nodes, countries: [], groups: [] }, body: { ...alert.body, title } };
}

describe('the HTTP door: budgets, stream caps, revocation that reaches open streams', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};
  const streams: SseClient[] = [];

  const stream = async (token: string, base = net.baseUrl): Promise<SseClient> => {
    const client = new SseClient(`${base}/api/v1/inbox/stream`, { authorization: `Bearer ${token}` });
    streams.push(client);
    await client.open();
    return client;
  };
  /** `GET /inbox/stream` answered without waiting for a stream's end: its status, headers and (refused) body. */
  const streamAnswer = async (token: string, base = net.baseUrl): Promise<ApiAnswer> => {
    const aborted = new AbortController();
    const response = await fetch(`${base}/api/v1/inbox/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: aborted.signal,
    });
    const body = response.status === 200 ? undefined : await response.json();
    aborted.abort();
    return { status: response.status, headers: response.headers, body };
  };
  const publish = async (origin: string, message: unknown): Promise<string> => {
    const published = await api('POST', '/messages', tokens[origin], message);
    expect(published.status).toBe(202);
    return published.body.id;
  };
  const deliveredIds = (client: SseClient) =>
    client.events.filter((e) => e.event === 'delivery').map((e) => JSON.parse(e.data).message.id as string);
  const expectRateLimited = (answer: ApiAnswer) => {
    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(answer.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'RATE_LIMITED' });
    expect(answer.body.correlationId).toEqual(expect.any(String));
  };

  beforeAll(async () => {
    net = await startTestNetwork(undefined, {
      IREN_PUBLISH_PER_MINUTE: String(PUBLISH_PER_MINUTE),
      IREN_REQUESTS_PER_MINUTE: String(REQUESTS_PER_MINUTE),
      IREN_STREAMS_PER_NODE: String(STREAMS_PER_NODE),
    });
    api = apiClient(net.baseUrl);
    Object.assign(tokens, await registerNodes(api, net.adminToken, NODES));
  });

  afterAll(async () => {
    for (const client of streams) client.close();
    await net?.stop();
  });

  it("answers a flood of one token with 429 and Retry-After while another node's requests keep succeeding", async () => {
    const flood = Array.from({ length: 2 * REQUESTS_PER_MINUTE }, () =>
      api('GET', '/inbox', tokens['TM-PCU-TURKMENBASHI']),
    );
    const steady: Promise<ApiAnswer>[] = [];
    for (let i = 0; i < 10; i++) {
      steady.push(api('GET', '/inbox', tokens['KZ-HQ-ASTANA']));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const flooded = await Promise.all(flood);
    const ok = flooded.filter((a) => a.status === 200);
    const refused = flooded.filter((a) => a.status !== 200);
    expect(ok.length).toBeLessThanOrEqual(REQUESTS_PER_MINUTE);
    expect(refused.length).toBeGreaterThanOrEqual(REQUESTS_PER_MINUTE);
    for (const answer of refused) expectRateLimited(answer);
    expect((await Promise.all(steady)).map((a) => a.status)).toEqual(Array(10).fill(200));
    expect((await api('GET', '/inbox', tokens['KZ-HQ-ASTANA'])).status).toBe(200);
  });

  it('gives publishing its own budget: the one over it gets 429, reading and other publishers go on', async () => {
    const answers: ApiAnswer[] = [];
    for (let i = 0; i < PUBLISH_PER_MINUTE + 2; i++)
      answers.push(await api('POST', '/messages', tokens['KZ-HQ-ASTANA'], designAlert()));
    expect(answers.map((a) => a.status)).toEqual([...Array(PUBLISH_PER_MINUTE).fill(202), ...Array(2).fill(429)]);
    for (const answer of answers.slice(PUBLISH_PER_MINUTE)) expectRateLimited(answer);
    expect(answers.at(-1)!.body.message).toContain(`at most ${PUBLISH_PER_MINUTE} a minute`);
    // Once refused, the caller is refused at the door's first check, before its body is even read:
    // a broken body gets the same 429, not the 400 that parsing it would answer.
    const broken = await fetch(`${net.baseUrl}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['KZ-HQ-ASTANA']}`, 'content-type': 'application/json' },
      body: '{"kind": ',
    });
    expectRateLimited({ status: broken.status, headers: broken.headers, body: await broken.json() });
    expect((await api('GET', '/inbox', tokens['KZ-HQ-ASTANA'])).status).toBe(200);
    // Turkmenbashi spent its request budget in the flood above; publishing is another budget.
    expect((await api('POST', '/messages', tokens['TM-PCU-TURKMENBASHI'], designAlert())).status).toBe(202);
  });

  it(`refuses a node's stream beyond ${STREAMS_PER_NODE} with 429 and Retry-After; closing one frees its place`, async () => {
    const open = [await stream(tokens['UZ-HQ-TASHKENT']), await stream(tokens['UZ-HQ-TASHKENT'])];
    expect(open.map((s) => s.status)).toEqual([200, 200]);
    const refused = await streamAnswer(tokens['UZ-HQ-TASHKENT']);
    expectRateLimited(refused);
    expect(refused.body.message).toContain(`already holds ${STREAMS_PER_NODE} live streams`);
    const other = await stream(tokens['AZ-PCU-BAKU']);
    expect(other.status).toBe(200);
    other.close();

    open[0].close();
    const reopened = await eventually(async () => {
      const client = new SseClient(`${net.baseUrl}/api/v1/inbox/stream`, {
        authorization: `Bearer ${tokens['UZ-HQ-TASHKENT']}`,
      });
      await client.open();
      streams.push(client);
      return client.status === 200 ? client : undefined;
    }, 5_000);
    expect(reopened.status).toBe(200);
    expectRateLimited(await streamAnswer(tokens['UZ-HQ-TASHKENT']));
    for (const client of [open[1], reopened]) client.close();
  });

  it('ends a live stream within 5 s of its token being revoked; the next RED delivery does not reach it', async () => {
    const second = await api('POST', '/nodes/KZ-PCU-AKTAU/tokens', net.adminToken, {});
    expect(second.status).toBe(201);
    const revoked = await stream(second.body.token);
    const witness = await stream(tokens['KZ-PCU-AKTAU']);
    const before = await publish('AZ-PCU-BAKU', redAlertTo(['KZ-PCU-AKTAU'], 'Before the revocation'));
    await revoked.waitFor(() => deliveredIds(revoked).includes(before));
    await witness.waitFor(() => deliveredIds(witness).includes(before));

    const asked = performance.now();
    const revocation = await api('DELETE', `/nodes/KZ-PCU-AKTAU/tokens/${second.body.id}`, net.adminToken);
    expect(revocation.status).toBe(204);
    await revoked.waitFor(() => revoked.ended, 5_000);
    const closedAfterMs = performance.now() - asked;
    console.log(`live stream ended ${closedAfterMs.toFixed(0)} ms after the token's revocation was asked`);
    expect(closedAfterMs).toBeLessThan(5_000);
    expect(revoked.events.at(-1)).toMatchObject({ event: 'closed' });
    expect(JSON.parse(revoked.events.at(-1)!.data)).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });

    const after = await publish('AZ-PCU-BAKU', redAlertTo(['KZ-PCU-AKTAU'], 'After the revocation'));
    await witness.waitFor(() => deliveredIds(witness).includes(after));
    expect(deliveredIds(revoked)).toEqual([before]);
    expect((await streamAnswer(second.body.token)).status).toBe(401);
    witness.close();
  });

  it("ends a live stream within 5 s of its node's suspension; the next RED delivery does not reach it", async () => {
    const suspended = await stream(tokens['GE-PCU-POTI']);
    const witness = await stream(tokens['KZ-PCU-AKTAU']);
    const before = await publish('AZ-PCU-BAKU', redAlertTo(['GE-PCU-POTI'], 'Before the suspension'));
    await suspended.waitFor(() => deliveredIds(suspended).includes(before));

    const asked = performance.now();
    const suspension = await api('PATCH', '/nodes/GE-PCU-POTI', net.adminToken, { status: 'SUSPENDED' });
    expect(suspension.status).toBe(200);
    await suspended.waitFor(() => suspended.ended, 5_000);
    const closedAfterMs = performance.now() - asked;
    console.log(`live stream ended ${closedAfterMs.toFixed(0)} ms after its node's suspension was asked`);
    expect(closedAfterMs).toBeLessThan(5_000);
    expect(JSON.parse(suspended.events.at(-1)!.data)).toMatchObject({ code: 'FORBIDDEN', status: 403 });

    const after = await publish('AZ-PCU-BAKU', redAlertTo(['GE-PCU-POTI', 'KZ-PCU-AKTAU'], 'After the suspension'));
    await witness.waitFor(() => deliveredIds(witness).includes(after));
    expect(deliveredIds(suspended)).toEqual([before]);
    expect((await streamAnswer(tokens['GE-PCU-POTI'])).status).toBe(403);
    witness.close();
  });

  it('answers 503 on /health and to tokens once it cannot follow the registry, and recovers by itself', async () => {
    const open = await stream(tokens['KZ-PCU-AKTAU']);
    await net.gatewayNats.pause();
    try {
      const health = await eventually(
        async () => {
          const answer = await fetch(`${net.baseUrl}/health`);
          const body = (await answer.json()) as any;
          return answer.status === 503 && body.checks.registry === 'down' ? body : undefined;
        },
        20_000,
        'checks.registry down',
      );
      expect(health.status).toBe('unavailable');
      const refused = await api('GET', '/inbox', tokens['KZ-PCU-AKTAU']);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ statusCode: 503, code: 'UNAVAILABLE', correlationId: expect.any(String) });
      // An open stream is refused like a request: ended, saying why.
      await open.waitFor(() => open.ended, 5_000);
      expect(JSON.parse(open.events.at(-1)!.data)).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    } finally {
      await net.gatewayNats.resume();
    }
    const recovered = await eventually(
      async () => {
        const answer = await fetch(`${net.baseUrl}/health`);
        return answer.status === 200 ? ((await answer.json()) as any) : undefined;
      },
      30_000,
      'health back to 200',
    );
    expect(recovered.checks.registry).toBe('up');
    expect((await api('GET', '/inbox', tokens['KZ-PCU-AKTAU'])).status).toBe(200);
    // It follows again, not only answers: a token issued now works at once.
    const issued = await api('POST', '/nodes/UZ-HQ-TASHKENT/tokens', net.adminToken, {});
    expect(issued.status).toBe(201);
    expect((await api('GET', '/inbox', issued.body.token)).status).toBe(200);
  });

  it('counts the refusals in /health details, and gives invented tokens no budget of their own', async () => {
    const invented = await Promise.all(
      Array.from({ length: REQUESTS_PER_MINUTE + 10 }, () => api('GET', '/inbox', randomBytes(16).toString('hex'))),
    );
    const statuses = new Set(invented.map((a) => a.status));
    expect([...statuses].sort()).toEqual([401, 429]);
    const details = ((await (await fetch(`${net.baseUrl}/health`)).json()) as any).details;
    expect(details.authFailures.unauthenticated).toBeGreaterThanOrEqual(1);
    expect(details.authFailures.forbidden).toBeGreaterThanOrEqual(1);
    expect(details.rateLimited).toMatchObject({
      requests: expect.any(Number),
      publishing: 3,
      streams: 2,
    });
    expect(details.rateLimited.requests).toBeGreaterThanOrEqual(REQUESTS_PER_MINUTE + 10);
    expect(details.liveStreams.closedOnRecheck).toBeGreaterThanOrEqual(3);
  });
  describe('a second gateway with the default limits, its log kept', () => {
    const DEFAULT_STREAMS_PER_NODE = 5;
    const log = capturedLogger('gateway', 'info');
    let gateway: INestApplication;
    let base: string;
    let door: ReturnType<typeof apiClient>;
    /** A token issued now for `node`, with its id. */
    const issue = async (node: string): Promise<{ id: string; token: string }> => {
      const issued = await api('POST', `/nodes/${node}/tokens`, net.adminToken);
      expect(issued.status).toBe(201);
      return issued.body;
    };
    let astana: { id: string; token: string };

    beforeAll(async () => {
      // A gateway of the same network, as a deployment scales them, with no budget of its own set.
      const config = loadGatewayConfig({
        NATS_URL,
        ...(net.credsDir && { NATS_CREDS_DIR: net.credsDir }),
        DATABASE_URL: net.databaseUrl,
        IREN_NAMESPACE: net.namespace,
        IREN_ADMIN_TOKEN: net.adminToken,
        PORT: '0',
        IREN_STREAM_MAX_BYTES: String(64 * 1024 ** 2),
      });
      expect(config.rateLimits.streamsPerNode).toBe(DEFAULT_STREAMS_PER_NODE);
      gateway = await startGateway(config, log.logger);
      base = `http://127.0.0.1:${(gateway.getHttpServer().address() as { port: number }).port}`;
      door = apiClient(base);
      astana = await issue('KZ-HQ-ASTANA');
    });

    afterAll(async () => {
      await gateway?.close();
    });

    it(`opens ${DEFAULT_STREAMS_PER_NODE} streams of a node and answers the next with 429 and Retry-After`, async () => {
      const open: SseClient[] = [];
      try {
        for (let i = 0; i < DEFAULT_STREAMS_PER_NODE; i++) open.push(await stream(astana.token, base));
        expect(open.map((s) => s.status)).toEqual(Array(DEFAULT_STREAMS_PER_NODE).fill(200));
        const refused = await streamAnswer(astana.token, base);
        expectRateLimited(refused);
        expect(refused.body.message).toContain(`already holds ${DEFAULT_STREAMS_PER_NODE} live streams`);
        // Another node's streams are counted apart.
        const other = await stream(tokens['AZ-PCU-BAKU'], base);
        expect(other.status).toBe(200);
        other.close();
      } finally {
        for (const client of open) client.close();
      }
    });

    it("logs each refusal naming the caller by its token's id or its address, never by the token or its digest", async () => {
      const revoked = await issue('UZ-HQ-TASHKENT');
      expect((await api('DELETE', `/nodes/UZ-HQ-TASHKENT/tokens/${revoked.id}`, net.adminToken)).status).toBe(204);
      // Poti was suspended above; a token issued to it since is known, and refused.
      const suspended = await issue('GE-PCU-POTI');
      const officer = await issue('AZ-PCU-BAKU');
      const unknown = randomBytes(24).toString('hex');
      const asked = (label: string) => ({ 'x-correlation-id': `door-log-${label}-${randomBytes(4).toString('hex')}` });
      const calls = {
        unknown: { headers: asked('unknown'), token: unknown, status: 401 },
        revoked: { headers: asked('revoked'), token: revoked.token, status: 401 },
        suspended: { headers: asked('suspended'), token: suspended.token, status: 403 },
        role: { headers: asked('role'), token: officer.token, status: 403 },
      };
      for (const [label, { headers, token, status }] of Object.entries(calls)) {
        const answer =
          label === 'role'
            ? await door('POST', '/groups', token, { id: 'DOOR-LOG', name: 'x', kind: 'GROUP' }, headers)
            : await door('GET', '/inbox', token, undefined, headers);
        expect({ label, status: answer.status }).toEqual({ label, status });
      }

      const lines = log.lines();
      const refusal = (correlationId: string): LogLine | undefined =>
        lines.find((l) => l.correlationId === correlationId && l.context === 'DoorRefusals');
      const address = { address: expect.any(String) };
      expect(refusal(calls.unknown.headers['x-correlation-id'])).toMatchObject({
        msg: 'authentication failed',
        status: 401,
        url: '/api/v1/inbox',
        ...address,
      });
      // A revoked token leaves the gateway's registry copy: nothing is left to name it by but the address.
      expect(refusal(calls.revoked.headers['x-correlation-id'])).toMatchObject({
        msg: 'authentication failed',
        status: 401,
        ...address,
      });
      expect(refusal(calls.suspended.headers['x-correlation-id'])).toMatchObject({
        msg: 'authorization failed',
        status: 403,
        tokenId: suspended.id,
      });
      expect(refusal(calls.role.headers['x-correlation-id'])).toMatchObject({
        msg: 'authorization failed',
        status: 403,
        method: 'POST',
        url: '/api/v1/groups',
        tokenId: officer.id,
      });
      // The 429 of the stream cap above.
      expect(lines).toContainEqual(
        expect.objectContaining({ context: 'DoorRefusals', budget: 'streams', tokenId: astana.id }),
      );
      for (const line of lines.filter((l) => l.context === 'DoorRefusals')) {
        expect(Object.keys(line)).not.toContain('token');
      }

      // Nowhere in the whole log (request lines with their headers included): no token, no digest of one.
      const text = log.text.join('');
      expect(lines.some((l) => (l.req as { headers?: object } | undefined)?.headers)).toBe(true);
      for (const token of [unknown, revoked.token, suspended.token, officer.token, astana.token, net.adminToken]) {
        const digest = createHash('sha256').update(token).digest();
        for (const secret of [token, digest.toString('hex'), digest.toString('base64')]) {
          expect(text.includes(secret)).toBe(false);
        }
      }
    });
  });
});
