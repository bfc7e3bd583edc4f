import type { INestApplication } from '@nestjs/common';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { createRootLogger, loadGatewayConfig } from '@iren/platform';
import { startGateway } from '../apps/gateway/src/gateway.app';
import { apiClient } from './support/http';
import { registerNodes } from './support/members';
import { NATS_URL, startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(120_000);

const ALLOWED_ORIGIN = 'https://console.iren.example';
const OTHER_ORIGIN = 'https://elsewhere.example';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request over node's http, with the body as bytes and nothing added: what a hostile client sends. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
    const headers = { ...options.headers };
    if (body && !options.chunked) headers['content-length'] = String(body.length);
    const request = http.request(url, { method: options.method ?? 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    request.on('error', reject);
    if (body && options.chunked) {
      // Several writes without a length: sent chunked, the size known only as it arrives.
      for (let i = 0; i < body.length; i += 16 * 1024) request.write(body.subarray(i, i + 16 * 1024));
    } else if (body) {
      request.write(body);
    }
    request.end();
  });
}

/** The head of a live inbox stream, then the connection dropped: an event stream never ends by itself. */
function streamHead(url: string, token: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
    request.on('response', (response) => {
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
      request.destroy();
    });
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
  });
}

function expectHardened(headers: http.IncomingHttpHeaders): void {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['x-powered-by']).toBeUndefined();
}

const STRICT_CSP = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";

describe('HTTP hardening (gateway over real HTTP)', () => {
  let network: TestNetwork;
  let officer: string;
  let base: string;

  beforeAll(async () => {
    network = await startTestNetwork();
    base = network.baseUrl;
    const tokens = await registerNodes(apiClient(base), network.adminToken, [
      { id: 'KZ-PCU-AKTAU', type: 'PCU', country: 'KZ', locodes: ['KZAAU'] },
    ]);
    officer = tokens['KZ-PCU-AKTAU'];
  });

  afterAll(async () => {
    await network?.stop();
  });

  describe('security headers', () => {
    it('on API answers, refusals included: the strict CSP, no caching', async () => {
      const answers = [
        await send(`${base}/api/v1/nodes`, { headers: { authorization: `Bearer ${officer}` } }),
        await send(`${base}/api/v1/nodes`),
        await send(`${base}/api/v1/no-such-route`),
      ];
      expect(answers.map((a) => a.status)).toEqual([200, 401, 404]);
      for (const answer of answers) {
        expectHardened(answer.headers);
        expect(answer.headers['content-security-policy']).toBe(STRICT_CSP);
        expect(answer.headers['cache-control']).toBe('no-store');
      }
    });

    it('on /health and /api/asyncapi.json', async () => {
      for (const path of ['/health', '/api/asyncapi.json', '/api/docs-json']) {
        const answer = await send(`${base}${path}`);
        expect(answer.status).toBe(200);
        expectHardened(answer.headers);
        expect(answer.headers['content-security-policy']).toBe(STRICT_CSP);
      }
    });

    it('on the OpenAPI page and its assets: a CSP that lets Swagger UI run, and only there', async () => {
      const page = await send(`${base}/api/docs`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('swagger-ui');
      expectHardened(page.headers);
      const csp = page.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-eval');
      const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        const asset = await send(new URL(script, `${base}/api/docs/`).toString());
        expect(asset.status).toBe(200);
        expectHardened(asset.headers);
        expect(asset.headers['content-security-policy']).toBe(csp);
      }
    });

    it('on the live inbox stream, which stays an uncached, unbuffered event stream', async () => {
      const head = await streamHead(`${base}/api/v1/inbox/stream`, officer);
      expect(head.status).toBe(200);
      expectHardened(head.headers);
      expect(head.headers['content-security-policy']).toBe(STRICT_CSP);
      expect(head.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(head.headers['cache-control']).toBe('no-cache, no-transform');
      expect(head.headers['x-accel-buffering']).toBe('no');
    });
  });

  describe('CORS', () => {
    const preflight = (url: string, origin: string) =>
      send(url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-correlation-id',
        },
      });

    it('is closed when IREN_CORS_ORIGINS lists no origin', async () => {
      const read = await send(`${base}/api/v1/nodes`, {
        headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${officer}` },
      });
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
      const asked = await preflight(`${base}/api/v1/messages`, ALLOWED_ORIGIN);
      expect(asked.headers['access-control-allow-origin']).toBeUndefined();
      expect(asked.headers['access-control-allow-methods']).toBeUndefined();
    });

    describe('with IREN_CORS_ORIGINS set', () => {
      let gateway: INestApplication;
      let corsBase: string;

      beforeAll(async () => {
        // A second gateway of the same network, as a deployment scales them, listing one origin.
        const config = loadGatewayConfig({
          NATS_URL,
          ...(network.credsDir && { NATS_CREDS_DIR: network.credsDir }),
          DATABASE_URL: network.databaseUrl,
          IREN_NAMESPACE: network.namespace,
          IREN_ADMIN_TOKEN: network.adminToken,
          PORT: '0',
          IREN_STREAM_MAX_BYTES: String(64 * 1024 ** 2),
          IREN_CORS_ORIGINS: ALLOWED_ORIGIN,
        });
        gateway = await startGateway(config, createRootLogger('gateway', 'silent'));
        corsBase = `http://127.0.0.1:${(gateway.getHttpServer().address() as { port: number }).port}`;
      });

      afterAll(async () => {
        await gateway?.close();
      });

      it('allows the listed origin, with the methods and headers the API uses', async () => {
        const asked = await preflight(`${corsBase}/api/v1/messages`, ALLOWED_ORIGIN);
        expect(asked.status).toBe(204);
        expect(asked.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
        expect(asked.headers['access-control-allow-methods']?.split(',')).toEqual(
          expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
        );
        expect(asked.headers['access-control-allow-headers']?.toLowerCase().split(',')).toEqual(
          expect.arrayContaining(['authorization', 'content-type', 'last-event-id', 'x-correlation-id']),
        );
        expect(asked.headers['access-control-allow-credentials']).toBeUndefined();
        expectHardened(asked.headers);
        const read = await send(`${corsBase}/api/v1/nodes`, {
          headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${officer}` },
        });
        expect(read.status).toBe(200);
        expect(read.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
        expect(read.headers['access-control-expose-headers']).toContain('X-Correlation-Id');
      });

      it('refuses any other origin', async () => {
        const asked = await preflight(`${corsBase}/api/v1/messages`, OTHER_ORIGIN);
        expect(asked.headers['access-control-allow-origin']).toBeUndefined();
        const read = await send(`${corsBase}/api/v1/nodes`, {
          headers: { origin: OTHER_ORIGIN, authorization: `Bearer ${officer}` },
        });
        expect(read.headers['access-control-allow-origin']).toBeUndefined();
      });
    });
  });

  describe('malformed bodies: each a 400 or 413 in the API error shape, never a 500', () => {
    const json = { 'content-type': 'application/json' };
    const quoted = (...inner: number[]) =>
      Buffer.concat([Buffer.from('{"kind":"'), Buffer.from(inner), Buffer.from('"}')]);
    const cases: [
      string,
      { headers?: Record<string, string>; body: Buffer | string; chunked?: boolean },
      number,
      string,
    ][] = [
      ['nested 5,000 levels deep', { body: '['.repeat(5000) + ']'.repeat(5000) }, 400, 'JSON_TOO_DEEP'],
      ['objects nested 33 levels deep', { body: '{"a":'.repeat(33) + '1' + '}'.repeat(33) }, 400, 'JSON_TOO_DEEP'],
      [
        'an object with 10,001 keys',
        { body: `{${Array.from({ length: 10_001 }, (_, i) => `"k${i}":0`).join(',')}}` },
        400,
        'JSON_TOO_MANY_KEYS',
      ],
      [
        'a wide object over IREN_MAX_BODY_BYTES',
        { body: JSON.stringify({ a: 'x'.repeat(300_000) }) },
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'a chunked body over IREN_MAX_BODY_BYTES',
        { body: JSON.stringify({ a: 'x'.repeat(300_000) }), chunked: true },
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      ['the number 1e400', { body: '{"kind":"ALERT","body":{"goods":[{"quantity":1e400}]}}' }, 400, 'INVALID_JSON'],
      ['an integer past 2^53', { body: '{"goods":[{"quantity":18446744073709551616}]}' }, 400, 'INVALID_JSON'],
      ['invalid UTF-8', { body: quoted(0xff, 0xfe) }, 400, 'INVALID_JSON'],
      ['an encoded surrogate (CESU-8)', { body: quoted(0xed, 0xa0, 0x80) }, 400, 'INVALID_JSON'],
      ['a duplicate key', { body: '{"kind":"ALERT","kind":"RISK_PROFILE"}' }, 400, 'INVALID_JSON'],
      ['a __proto__ key', { body: '{"kind":"ALERT","__proto__":{"role":"admin"}}' }, 400, 'INVALID_JSON'],
      ['a constructor key', { body: '{"body":{"constructor":{"prototype":{"x":1}}}}' }, 400, 'INVALID_JSON'],
      ['a lone surrogate', { body: '{"kind":"\\ud800"}' }, 400, 'INVALID_JSON'],
      ['a NUL character', { body: '{"kind":"A\\u0000"}' }, 400, 'INVALID_JSON'],
      ['text that is not JSON', { body: '{"kind": ALERT' }, 400, 'INVALID_JSON'],
      ['a JSON scalar', { body: '"ALERT"' }, 400, 'INVALID_JSON'],
      [
        'a gzip body that is not gzip',
        { headers: { 'content-encoding': 'gzip' }, body: '{"kind":"ALERT"}' },
        400,
        'INVALID_JSON',
      ],
      ['an unknown content encoding', { headers: { 'content-encoding': 'x-custom' }, body: '{}' }, 400, 'INVALID_JSON'],
      [
        'a gzip body that inflates past the limit',
        { headers: { 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ a: 'x'.repeat(2_000_000) })) },
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'a text/plain body',
        { headers: { 'content-type': 'text/plain' }, body: '{"kind":"ALERT"}' },
        400,
        'UNSUPPORTED_CONTENT_TYPE',
      ],
      [
        'a form body',
        { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'kind=ALERT' },
        400,
        'UNSUPPORTED_CONTENT_TYPE',
      ],
      [
        'JSON in latin-1',
        { headers: { 'content-type': 'application/json; charset=iso-8859-1' }, body: '{"kind":"ALERT"}' },
        400,
        'UNSUPPORTED_CONTENT_TYPE',
      ],
    ];

    it.each(cases)('%s', async (_what, request, status, code) => {
      const answer = await send(`${base}/api/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${officer}`, ...json, ...request.headers },
        body: request.body,
        chunked: request.chunked,
      });
      expect(answer.status).toBe(status);
      const error = JSON.parse(answer.body) as Record<string, unknown>;
      expect(error).toMatchObject({
        statusCode: status,
        error: status === 413 ? 'Payload Too Large' : 'Bad Request',
        code,
        message: expect.stringMatching(/^the request body /),
        correlationId: answer.headers['x-correlation-id'],
      });
      expect(Object.keys(error).sort()).toEqual(
        expect.arrayContaining(['code', 'correlationId', 'error', 'message', 'statusCode']),
      );
      expectHardened(answer.headers);
    });

    it('names the limit it applies', async () => {
      const post = (body: string) =>
        send(`${base}/api/v1/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${officer}`, ...json },
          body,
        });
      expect(JSON.parse((await post('['.repeat(40) + ']'.repeat(40))).body).message).toContain('deeper than 32 levels');
      const wide = `{${Array.from({ length: 10_001 }, (_, i) => `"k${i}":0`).join(',')}}`;
      expect(JSON.parse((await post(wide)).body).message).toContain('more than 10000 object keys');
      expect(JSON.parse((await post(JSON.stringify({ a: 'x'.repeat(300_000) }))).body).message).toContain(
        'larger than 262144 bytes',
      );
    });

    it('answers a caller the route refuses as it would without the body: its guards come first', async () => {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const outsider = await send(`${base}/api/v1/messages`, { method: 'POST', headers: json, body: deep });
      expect(outsider.status).toBe(401);
      expect(JSON.parse(outsider.body)).toMatchObject({ code: 'UNAUTHORIZED' });
      const polluted = '{"__proto__":{"role":"admin"},"id":"KZ-PCU-NEW"}';
      const notAdmin = await send(`${base}/api/v1/nodes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${officer}`, ...json },
        body: polluted,
      });
      expect(notAdmin.status).toBe(403);
      const admin = await send(`${base}/api/v1/nodes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${network.adminToken}`, ...json },
        body: polluted,
      });
      expect(admin.status).toBe(400);
      expect(JSON.parse(admin.body)).toMatchObject({ code: 'INVALID_JSON', fields: [{ field: '__proto__' }] });
    });

    it('takes a POST without a body, with or without a type, as one without a body', async () => {
      const api = apiClient(base);
      const issued = await api('POST', '/nodes/KZ-PCU-AKTAU/tokens', network.adminToken);
      expect(issued.status).toBe(201);
      const empty = await send(`${base}/api/v1/nodes/KZ-PCU-AKTAU/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${network.adminToken}`, 'content-type': 'text/plain', 'content-length': '0' },
      });
      expect(empty.status).toBe(201);
      const chunked = await send(`${base}/api/v1/nodes/KZ-PCU-AKTAU/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${network.adminToken}`, 'transfer-encoding': 'chunked' },
      });
      expect(chunked.status).toBe(201);
    });

    it('still accepts a well-formed message, and /health answers 200 after all of them', async () => {
      const health = await send(`${base}/health`);
      expect(health.status).toBe(200);
      const valid = await send(`${base}/api/v1/messages/preview`, {
        method: 'POST',
        headers: { authorization: `Bearer ${officer}`, ...json },
        body: JSON.stringify({ kind: 'ALERT', tlp: 'RED', to: { nodes: ['KZ-PCU-AKTAU'] }, body: {} }),
      });
      // Past the parser: the validator answers, naming fields, not the body's shape.
      expect(valid.status).toBe(400);
      expect(JSON.parse(valid.body)).toMatchObject({ code: 'INVALID_INPUT' });
    });
  });
});
