/**
 * The hot path end to end: officers POST alerts to the gateway; each goes through the outbox,
 * EXCHANGE, the router, INBOX and the gateway's inbox consumer into the recipients' inboxes.
 * Beside it, in the same run, the baseline of the broker alone: the same envelopes published to a
 * JetStream stream and read back by a pull consumer. Prints figures; never asserts on time.
 *
 *   npm run build && node dist/bench/pipeline.bench.js [--alerts=2000] [--concurrency=16]
 *
 * Needs the built apps (dist/) and the local NATS and PostgreSQL; uses its own database and
 * namespace and removes them afterwards.
 */
import { randomBytes } from 'node:crypto';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { containerCheckDigit, ExchangeNames } from '@iren/contracts';
import { deleteStreams } from '@iren/messaging';
import { dropDatabase } from '@iren/platform';
import { APP_NAMES, portsFrom, residentKb, startApps, stopApps } from '../test/support/app-processes';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

const ORIGINS = ['AZ-PCU-BAKU', 'GE-PCU-POTI', 'TM-PCU-TURKMENBASHI', 'PK-PCU-KARACHI'];
const RECIPIENTS = ['KZ-PCU-AKTAU', 'KZ-HQ-ASTANA', 'UZ-HQ-TASHKENT'];

function alertBody(i: number) {
  return {
    kind: 'ALERT',
    tlp: 'AMBER',
    body: {
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title: `Benchmark alert ${i}`,
      summary: 'Suspected falsified antibiotics; new consignee; route deviation through the Caspian.',
      lang: 'en',
      // A container of its own per alert: this measures delivery, not correlation hits.
      transport: { containers: [containerNumber(i)], awbs: [] },
      itinerary: [
        { locode: 'AZBAK', role: 'LOADING' },
        { locode: 'KZAAU', role: 'DISCHARGE' },
        { locode: 'UZTAS', role: 'DESTINATION' },
      ],
      goods: [{ hsCode: '300420', description: 'Antibiotics, retail packs', quantity: 12000, unit: 'PCS' }],
      indicators: ['ROUTE_DEVIATION'],
      requestedAction: 'EXAMINE',
    },
  };
}

/** A valid ISO 6346 number for serial `i` (owner code BENU). */
function containerNumber(i: number): string {
  const serial = String(i).padStart(6, '0');
  return `BENU${serial}${containerCheckDigit(`BENU${serial}`)}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The broker alone: publish the envelopes to a stream, read them back with a pull consumer. */
async function baseline(
  count: number,
  names: ExchangeNames,
): Promise<{ publishPerS: number; e2ePerS: number; p50: number; p95: number }> {
  const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = `${names.namespace}_BASELINE`;
  await jsm.streams.add({ name: stream, subjects: [`${names.namespace}.baseline.>`], max_bytes: 256 * 1024 ** 2 });
  await jsm.consumers.add(stream, { durable_name: 'reader', ack_policy: AckPolicy.Explicit });
  const payload = (i: number) => JSON.stringify({ id: i, sentAt: Date.now(), ...alertBody(i) });
  const latencies: number[] = [];
  const consumer = await js.consumers.get(stream, 'reader');
  const started = Date.now();
  const reading = (async () => {
    const messages = await consumer.consume({ max_messages: 256 });
    for await (const m of messages) {
      latencies.push(Date.now() - m.json<{ sentAt: number }>().sentAt);
      m.ack();
      if (latencies.length === count) break;
    }
  })();
  for (let i = 0; i < count; i += 64) {
    await Promise.all(
      Array.from({ length: Math.min(64, count - i) }, (_, k) =>
        js.publish(`${names.namespace}.baseline.x`, payload(i + k), { msgID: `b${i + k}` }),
      ),
    );
  }
  const published = Date.now();
  await reading;
  const done = Date.now();
  await jsm.streams.delete(stream);
  await nc.close();
  latencies.sort((a, b) => a - b);
  return {
    publishPerS: count / ((published - started) / 1000),
    e2ePerS: count / ((done - started) / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}

/** Where work is queued: unsent outbox rows, and what each durable consumer has not yet acknowledged. */
async function backlog(db: Client, names: ExchangeNames): Promise<string> {
  const outbox = (await db.query('SELECT count(*)::int AS n FROM gateway.outbox WHERE sent_at IS NULL')).rows[0].n;
  const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
  try {
    const jsm = await jetstreamManager(nc);
    const waiting = async (stream: 'EXCHANGE' | 'INBOX' | 'EVENTS', purpose: string) => {
      const info = await jsm.consumers.info(names.stream(stream), names.consumer(purpose));
      return `${purpose} ${info.num_pending + info.num_ack_pending}`;
    };
    const consumers = await Promise.all([
      waiting('EXCHANGE', 'router'),
      waiting('INBOX', 'gateway_inbox'),
      waiting('EXCHANGE', 'audit_exchange'),
      waiting('EVENTS', 'audit_events'),
    ]);
    return [`gateway outbox ${outbox}`, ...consumers].join(', ');
  } finally {
    await nc.close();
  }
}

async function main(): Promise<void> {
  const alerts = arg('alerts', 2000);
  const concurrency = arg('concurrency', 16);
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const names = new ExchangeNames(`bench${run}`);
  const databaseUrl = `${PG}/iren_bench_${run}`;
  const admin = randomBytes(24).toString('hex');
  const basePort = arg('port', 3900);
  const env = {
    ...process.env,
    NATS_URL,
    DATABASE_URL: databaseUrl,
    IREN_NAMESPACE: names.namespace,
    IREN_ADMIN_TOKEN: admin,
    IREN_SEED_DEMO: 'false',
    IREN_STREAM_MAX_BYTES: String(512 * 1024 ** 2),
    // Four officers publish every alert as fast as they can: budgets that never bind (door.bench.ts measures them).
    IREN_PUBLISH_PER_MINUTE: '1000000',
    IREN_REQUESTS_PER_MINUTE: '10000000',
  };
  console.log(`pipeline benchmark: ${alerts} alerts, ${concurrency} concurrent publishers, node ${process.version}`);
  const base = await baseline(alerts, names);
  const apps = await startApps({ ...env, LOG_LEVEL: 'warn' }, portsFrom(basePort));
  const api = `http://127.0.0.1:${basePort}/api/v1`;
  const call = (method: string, path: string, token: string, body?: unknown) =>
    fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const tokens: Record<string, string> = {};
  try {
    for (const id of [...ORIGINS, ...RECIPIENTS]) {
      const [country, type] = id.split('-');
      const r = await call('POST', '/nodes', admin, { id, type, country, name: id, locodes: [] });
      tokens[id] = ((await r.json()) as { token: string }).token;
    }
    await call('PUT', '/nodes/KZ-PCU-AKTAU/subscription', tokens['KZ-PCU-AKTAU'], {
      filters: [{ locodes: ['KZAAU'] }],
    });
    await call('PUT', '/nodes/KZ-HQ-ASTANA/subscription', tokens['KZ-HQ-ASTANA'], {
      filters: [{ hsPrefixes: ['30'] }],
    });
    await call('PUT', '/nodes/UZ-HQ-TASHKENT/subscription', tokens['UZ-HQ-TASHKENT'], {
      filters: [{ countries: ['UZ'] }],
    });

    const accept: number[] = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < alerts) {
          const i = next++;
          const t0 = performance.now();
          const r = await call('POST', '/messages', tokens[ORIGINS[i % ORIGINS.length]], alertBody(i));
          if (r.status !== 202) throw new Error(`publish answered ${r.status}: ${await r.text()}`);
          accept.push(performance.now() - t0);
        }
      }),
    );
    const accepted = Date.now();
    const expected = alerts * RECIPIENTS.length;
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    console.log(`backlog when the last alert was accepted: ${await backlog(db, names)}`);
    let delivered = 0;
    while (delivered < expected && Date.now() - accepted < 300_000) {
      delivered = (await db.query('SELECT count(*)::int AS n FROM gateway.deliveries')).rows[0].n;
      await new Promise((r) => setTimeout(r, 100));
    }
    const done = Date.now();
    const { rows } = await db.query(
      `SELECT extract(epoch FROM (d.delivered_at - m.created_at)) * 1000 AS ms
         FROM gateway.deliveries d JOIN gateway.messages m ON m.id = d.message_id`,
    );
    const rss = APP_NAMES.map((app) => `${app} ${((residentKb(apps[app].pid) ?? NaN) / 1024).toFixed(0)} MB`).join(
      ', ',
    );
    await db.end();
    const latency = rows.map((r: { ms: string }) => Number(r.ms)).sort((a: number, b: number) => a - b);
    accept.sort((a, b) => a - b);
    const table = [
      ['', 'msgs/s (in)', 'deliveries/s', 'p50 ms', 'p95 ms', 'p99 ms'],
      ['JetStream alone (baseline)', base.publishPerS.toFixed(0), base.e2ePerS.toFixed(0), base.p50, base.p95, '-'],
      [
        'IREN: POST → inbox',
        (alerts / ((accepted - started) / 1000)).toFixed(0),
        (delivered / ((done - started) / 1000)).toFixed(0),
        percentile(latency, 50).toFixed(0),
        percentile(latency, 95).toFixed(0),
        percentile(latency, 99).toFixed(0),
      ],
      [
        'IREN: POST answered (202)',
        '',
        '',
        percentile(accept, 50).toFixed(1),
        percentile(accept, 95).toFixed(1),
        percentile(accept, 99).toFixed(1),
      ],
    ];
    for (const row of table)
      console.log(
        row
          .map((c, i) =>
            String(c)
              .padStart(i === 0 ? 0 : 13)
              .padEnd(i === 0 ? 28 : 0),
          )
          .join(''),
      );
    console.log(`delivered ${delivered} of ${expected} deliveries; resident memory: ${rss}`);
  } finally {
    await stopApps(Object.values(apps));
    const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
    const jsm = await jetstreamManager(nc);
    await deleteStreams(jsm, names);
    await jsm.streams.delete(`KV_${names.registryBucket}`).catch(() => undefined);
    await nc.close();
    await dropDatabase(databaseUrl);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
