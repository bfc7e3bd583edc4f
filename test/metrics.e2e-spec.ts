import { Client } from 'pg';
import { designAlert } from './support/fixtures';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { parseSamples, type Sample, sampleValue } from './support/metrics-text';
import { SseClient } from './support/sse-client';
import { startTestNetwork, type TestNetwork } from './support/test-network';

// `/metrics` of the four apps, scraped over HTTP around real traffic: the counters move with what
// the network did, every series is its app's, and a dependency that does not answer leaves its
// metrics out of the scrape without failing it.
jest.setTimeout(180_000);

const ORIGIN = 'AZ-PCU-BAKU';
const RECIPIENT = 'KZ-PCU-AKTAU';
type App = 'registry' | 'audit' | 'router' | 'gateway';
const APPS: App[] = ['registry', 'audit', 'router', 'gateway'];

describe('/metrics', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;
  let db: Client;

  /** One scrape of `app`'s `/metrics`, as the gateway's admin for the gateway. */
  const scrape = async (app: App): Promise<Sample[]> => {
    const response = await fetch(`${net.appUrls[app]}/metrics`, {
      headers: app === 'gateway' ? { authorization: `Bearer ${net.adminToken}` } : {},
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    return parseSamples(await response.text());
  };
  const consumer = (purpose: string) => net.names.consumer(purpose);

  /** Publishes an alert to the recipient and answers its id once it is in the recipient's inbox. */
  const publishDelivered = async (): Promise<string> => {
    const published = await api('POST', '/messages', tokens[ORIGIN], { ...designAlert(), to: { nodes: [RECIPIENT] } });
    expect(published.status).toBe(202);
    const id = published.body.id as string;
    await eventually(
      async () => {
        const inbox = await api('GET', '/inbox?limit=200', tokens[RECIPIENT]);
        return inbox.body.items.some((i: { message: { id: string } }) => i.message.id === id) ? true : undefined;
      },
      30_000,
      'the delivery',
    );
    return id;
  };

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    db = new Client({ connectionString: net.databaseUrl });
    await db.connect();
    tokens = await registerNodes(api, net.adminToken, [
      { id: ORIGIN, type: 'PCU', country: 'AZ', locodes: ['AZBAK'] },
      { id: RECIPIENT, type: 'PCU', country: 'KZ', locodes: ['KZAAU'] },
    ]);
  });

  afterAll(async () => {
    await db?.end();
    await net?.stop();
  });

  it("serves the gateway's to the admin only, the other apps' on their internal port", async () => {
    const gateway = `${net.appUrls.gateway}/metrics`;
    expect((await fetch(gateway)).status).toBe(401);
    expect((await fetch(gateway, { headers: { authorization: `Bearer ${tokens[ORIGIN]}` } })).status).toBe(403);
    expect(
      (await fetch(`${net.baseUrl}/api/v1/metrics`, { headers: { authorization: `Bearer ${net.adminToken}` } })).status,
    ).toBe(404);
    for (const app of APPS) expect((await scrape(app)).length).toBeGreaterThan(0);
  });

  it('labels every series with its own app, and keeps each app’s metrics apart', async () => {
    for (const app of APPS) {
      const samples = await scrape(app);
      expect(samples.filter((s) => s.labels.app !== app)).toEqual([]);
      // Node.js's default metrics, under their usual names.
      expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(sampleValue(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    }
    const router = await scrape('router');
    expect(router.some((s) => s.labels.consumer === consumer('gateway_inbox'))).toBe(false);
    expect(router.some((s) => s.name.startsWith('iren_outbox_'))).toBe(false);
    expect((await scrape('gateway')).some((s) => s.name.startsWith('iren_ledger_'))).toBe(false);
  });

  it('counts a publish by its route and status, times it, and moves every consumer it went through', async () => {
    const publish = { method: 'POST', route: '/api/v1/messages', status: '202' };
    const acked = (samples: Sample[], purpose: string) =>
      sampleValue(samples, 'iren_consumer_messages_total', { consumer: consumer(purpose), outcome: 'acked' }) ?? 0;
    const before = { gateway: await scrape('gateway'), router: await scrape('router'), audit: await scrape('audit') };

    const id = await publishDelivered();
    const read = await api('GET', `/messages/${id}`, tokens[ORIGIN]);
    expect(read.status).toBe(200);

    const gateway = await scrape('gateway');
    const requests = (s: Sample[], labels: Record<string, string>) =>
      sampleValue(s, 'iren_http_requests_total', labels) ?? 0;
    expect(requests(gateway, publish) - requests(before.gateway, publish)).toBe(1);
    expect(sampleValue(gateway, 'iren_http_request_duration_seconds_count', publish)).toBe(requests(gateway, publish));
    expect(sampleValue(gateway, 'iren_http_request_duration_seconds_sum', publish)).toBeGreaterThan(0);
    // The route's pattern, never the URL with the message's id.
    const byId = { method: 'GET', route: '/api/v1/messages/:id', status: '200' };
    expect(requests(gateway, byId)).toBeGreaterThanOrEqual(1);
    expect(gateway.some((s) => Object.values(s.labels).some((v) => v.includes(id)))).toBe(false);

    await eventually(
      async () => {
        const [router, audit, gw] = [await scrape('router'), await scrape('audit'), await scrape('gateway')];
        const moved =
          acked(router, 'router') > acked(before.router, 'router') &&
          acked(audit, 'audit_exchange') > acked(before.audit, 'audit_exchange') &&
          acked(audit, 'audit_events') > acked(before.audit, 'audit_events') &&
          acked(gw, 'gateway_inbox') > acked(before.gateway, 'gateway_inbox');
        return moved || undefined;
      },
      30_000,
      'the consumers’ acked counters to move',
    );
    const router = await scrape('router');
    for (const outcome of ['retried', 'dead_lettered']) {
      expect(sampleValue(router, 'iren_consumer_messages_total', { consumer: consumer('router'), outcome })).toBe(0);
    }
    expect(sampleValue(router, 'iren_consumer_held_messages', { consumer: consumer('router') })).toBe(0);
    expect(sampleValue(router, 'iren_consumer_degraded', { consumer: consumer('router') })).toBe(0);
    // The worker reports each batch it handled to the app's observer.
    const batches = sampleValue(router, 'iren_consumer_batch_messages_count', { consumer: consumer('router') }) ?? 0;
    expect(batches).toBeGreaterThan(0);
    expect(
      sampleValue(router, 'iren_consumer_batch_messages_sum', { consumer: consumer('router') }),
    ).toBeGreaterThanOrEqual(acked(router, 'router'));
  });

  it('counts refusals under their route, and unknown URLs under one label, never the URL asked for', async () => {
    const missing = await api('GET', '/no-such-thing/8d5e0a51', tokens[ORIGIN]);
    expect(missing.status).toBe(404);
    const gateway = await scrape('gateway');
    expect(
      sampleValue(gateway, 'iren_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(gateway.some((s) => Object.values(s.labels).some((v) => v.includes('no-such-thing')))).toBe(false);
    // A refusal by the door is counted with its route and status.
    expect((await api('POST', '/messages', undefined, designAlert())).status).toBe(401);
    expect((await fetch(`${net.baseUrl}/health`)).status).toBe(200);
    const after = await scrape('gateway');
    // Routes outside the API's prefix are measured too.
    expect(sampleValue(after, 'iren_http_requests_total', { method: 'GET', route: '/health', status: '200' })).toBe(1);
    expect(
      sampleValue(after, 'iren_http_requests_total', { method: 'GET', route: '/metrics', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(after, 'iren_http_requests_total', { method: 'POST', route: '/api/v1/messages', status: '401' }),
    ).toBe(1);
  });

  it('counts a live stream when it ends, timed apart from the requests', async () => {
    const route = '/api/v1/inbox/stream';
    const before = sampleValue(await scrape('gateway'), 'iren_http_live_stream_duration_seconds_count', { route }) ?? 0;
    const stream = new SseClient(`${net.baseUrl}/api/v1/inbox/stream`, {
      authorization: `Bearer ${tokens[RECIPIENT]}`,
    });
    await stream.open();
    expect(stream.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    stream.close();
    const gateway = await eventually(async () => {
      const samples = await scrape('gateway');
      const count = sampleValue(samples, 'iren_http_live_stream_duration_seconds_count', { route }) ?? 0;
      return count > before ? samples : undefined;
    });
    expect(sampleValue(gateway, 'iren_http_live_stream_duration_seconds_sum', { route })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(gateway, 'iren_http_requests_total', { method: 'GET', route, status: '200' })).toBe(before + 1);
    expect(
      gateway.some((s) => s.name.startsWith('iren_http_request_duration_seconds') && s.labels.route === route),
    ).toBe(false);
  });

  it('shows each consumer’s lag from JetStream, drained once the network is idle', async () => {
    const lags: [App, string, string][] = [
      ['router', 'router', net.names.stream('EXCHANGE')],
      ['audit', 'audit_exchange', net.names.stream('EXCHANGE')],
      ['audit', 'audit_events', net.names.stream('EVENTS')],
      ['gateway', 'gateway_inbox', net.names.stream('INBOX')],
    ];
    await publishDelivered();
    for (const [app, purpose, stream] of lags) {
      await eventually(
        async () => {
          const samples = await scrape(app);
          const labels = { consumer: consumer(purpose), stream };
          const pending = sampleValue(samples, 'iren_consumer_pending_messages', labels);
          const ackPending = sampleValue(samples, 'iren_consumer_ack_pending_messages', labels);
          const up = sampleValue(samples, 'iren_metrics_source_up', { source: `consumer_info:${consumer(purpose)}` });
          return up === 1 && pending === 0 && ackPending === 0 ? true : undefined;
        },
        30_000,
        `${purpose} to drain`,
      );
    }
  });

  it('shows alerts waiting in the outbox while NATS is away, and the scrape still answers', async () => {
    const outbox = async () => {
      const samples = await scrape('gateway');
      return {
        unsent: sampleValue(samples, 'iren_outbox_unsent_messages'),
        age: sampleValue(samples, 'iren_outbox_oldest_unsent_age_seconds'),
        inboxUp: sampleValue(samples, 'iren_metrics_source_up', {
          source: `consumer_info:${consumer('gateway_inbox')}`,
        }),
        pending: sampleValue(samples, 'iren_consumer_pending_messages', { consumer: consumer('gateway_inbox') }),
      };
    };
    await eventually(async () => ((await outbox()).unsent === 0 ? true : undefined), 30_000, 'an empty outbox');
    expect(sampleValue(await scrape('registry'), 'iren_outbox_unsent_messages')).toBe(0);

    await net.gatewayNats.pause();
    try {
      const published = await api('POST', '/messages', tokens[ORIGIN], {
        ...designAlert(),
        to: { nodes: [RECIPIENT] },
      });
      expect(published.status).toBe(202);
      const started = Date.now();
      const away = await eventually(
        async () => {
          const now = await outbox();
          return now.unsent! >= 1 && now.age! >= 1 && now.inboxUp === 0 ? now : undefined;
        },
        15_000,
        'the outbox to show the waiting alert',
      );
      // JetStream does not answer the gateway: its consumer's lag is left out, not shown stale.
      expect(away.pending).toBeUndefined();
      const { rows } = await db.query('SELECT count(*)::int AS n FROM gateway.outbox WHERE sent_at IS NULL');
      expect(away.unsent).toBe(rows[0].n);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await net.gatewayNats.resume();
    }
    await eventually(
      async () => {
        const now = await outbox();
        return now.unsent === 0 && now.age === 0 && now.inboxUp === 1 ? true : undefined;
      },
      45_000,
      'the outbox to drain once NATS is back',
    );
  });

  it("shows the ledger's size and its latest checkpoint's age in the audit service", async () => {
    await publishDelivered();
    const stats = await eventually(
      async () => {
        const samples = await scrape('audit');
        const { rows } = await db.query(
          'SELECT (SELECT count(*)::int FROM audit.ledger) AS n, (SELECT max(size)::int FROM audit.checkpoints) AS signed',
        );
        const entries = sampleValue(samples, 'iren_ledger_entries');
        const age = sampleValue(samples, 'iren_ledger_checkpoint_age_seconds');
        const unsigned = sampleValue(samples, 'iren_ledger_unsigned_entries');
        const matches = entries === rows[0].n && age !== undefined && unsigned === rows[0].n - rows[0].signed;
        return matches ? { entries, age, samples } : undefined;
      },
      30_000,
      'the ledger metrics to match the tables',
    );
    expect(stats.entries).toBeGreaterThan(0);
    expect(stats.age).toBeGreaterThanOrEqual(0);
    expect(stats.age).toBeLessThan(120);
    expect(sampleValue(stats.samples, 'iren_metrics_source_up', { source: 'ledger' })).toBe(1);
  });
});
