/**
 * Load for the end-to-end benchmarks: a closed loop of many connections through `autocannon`, each
 * request a distinct alert from its own origin node (its token, its body), and the alerts' expected
 * deliveries counted in the gateway's database.
 */
import autocannon from 'autocannon';
import type { Client } from 'pg';
import type { BenchAlert } from './alerts';

export interface FloodResult {
  /** Alerts answered 202, and the deliveries they should make. */
  accepted: number;
  expectedDeliveries: number;
  /** Requests answered anything else (the first answer is kept for the log). */
  refused: number;
  firstRefusal?: string;
  /** Connection errors and timeouts. */
  errors: number;
  /** From the first request to the last answer, in ms (performance.now()). */
  startedAt: number;
  endedAt: number;
  /** The POST's own latency under this load, from autocannon: p50 and p99 in ms. */
  postP50: number;
  postP99: number;
}

/**
 * POSTs `alerts` to the gateways over `connections` keep-alive connections, each as soon as the
 * previous answer on its connection came back, until all were sent or `maxSeconds` passed. With
 * several gateways, each gets an equal share of the connections and every k-th alert. The POST's
 * p50 is then the mean of the gateways' p50s weighted by their requests, its p99 the highest p99.
 */
export async function flood(
  gateways: string | string[],
  alerts: BenchAlert[],
  connections: number,
  maxSeconds: number,
): Promise<FloodResult> {
  const urls = [gateways].flat();
  const startedAt = performance.now();
  const shares = await Promise.all(
    urls.map((url, g) =>
      floodOne(
        url,
        alerts.filter((_, i) => i % urls.length === g),
        Math.max(1, Math.round(connections / urls.length)),
        maxSeconds,
      ),
    ),
  );
  const sum = (pick: (s: Share) => number) => shares.reduce((total, s) => total + pick(s), 0);
  const requests = Math.max(
    1,
    sum((s) => s.requests),
  );
  return {
    accepted: sum((s) => s.accepted),
    expectedDeliveries: sum((s) => s.expectedDeliveries),
    refused: sum((s) => s.refused),
    firstRefusal: shares.find((s) => s.firstRefusal)?.firstRefusal,
    errors: sum((s) => s.errors),
    startedAt,
    endedAt: performance.now(),
    postP50: Math.round(sum((s) => s.postP50 * s.requests) / requests),
    postP99: Math.max(...shares.map((s) => s.postP99)),
  };
}

type Share = Omit<FloodResult, 'startedAt' | 'endedAt'> & { requests: number };

/** One gateway's share of a flood. */
async function floodOne(
  gateway: string,
  alerts: BenchAlert[],
  connections: number,
  maxSeconds: number,
): Promise<Share> {
  let next = 0;
  let accepted = 0;
  let expectedDeliveries = 0;
  let refused = 0;
  let firstRefusal: string | undefined;
  const bodies = alerts.map((a) => JSON.stringify(a.body));
  const result = await autocannon({
    url: `${gateway}/messages`,
    connections,
    amount: alerts.length,
    duration: maxSeconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        // Each request is built as its connection is about to send it: the next alert, its origin's token.
        setupRequest: (request, context) => {
          const i = next++;
          if (i >= alerts.length) return request;
          (context as { alert?: number }).alert = i;
          return {
            ...request,
            headers: { authorization: `Bearer ${alerts[i].origin.token}`, 'content-type': 'application/json' },
            body: bodies[i],
          };
        },
        onResponse: (status, body, context) => {
          const i = (context as { alert?: number }).alert;
          // A request built after the last alert (autocannon builds one ahead on each connection) is not ours.
          if (i === undefined) return;
          if (status === 202) {
            accepted++;
            expectedDeliveries += alerts[i].recipients.length;
          } else {
            refused++;
            firstRefusal ??= `${status}: ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  return {
    accepted,
    expectedDeliveries,
    refused,
    firstRefusal,
    errors: result.errors,
    requests: result.requests.total,
    postP50: result.latency.p50,
    postP99: result.latency.p99,
  };
}

/** The highest delivery row id now: deliveries made later have higher ones. */
export async function lastDeliveryId(db: Client): Promise<string> {
  return (await db.query('SELECT coalesce(max(id), 0)::text AS id FROM gateway.deliveries')).rows[0].id as string;
}

/** Deliveries stored after row `afterId`: of alerts, and of HITs (the router's correlation notices). */
export async function deliveriesSince(db: Client, afterId: string): Promise<{ alerts: number; hits: number }> {
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE coalesce(reasons[1], '') NOT LIKE 'hit:%')::int AS alerts,
            count(*) FILTER (WHERE reasons[1] LIKE 'hit:%')::int AS hits
       FROM gateway.deliveries WHERE id > $1`,
    [afterId],
  );
  return rows[0] as { alerts: number; hits: number };
}

/**
 * Polls until `expected` alert deliveries after `afterId` are stored or `deadline` (performance.now())
 * passes; resolves with what was stored and when the last count rose.
 */
export async function awaitDeliveries(
  db: Client,
  afterId: string,
  expected: number,
  deadline: number,
): Promise<{ alerts: number; hits: number; lastRiseAt: number }> {
  let seen = { alerts: 0, hits: 0 };
  let lastRiseAt = performance.now();
  for (;;) {
    const now = await deliveriesSince(db, afterId);
    if (now.alerts > seen.alerts) lastRiseAt = performance.now();
    seen = now;
    if (seen.alerts >= expected || performance.now() > deadline) return { ...seen, lastRiseAt };
    await new Promise((r) => setTimeout(r, 100));
  }
}
