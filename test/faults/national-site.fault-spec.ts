import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import type { Client } from 'pg';
import { checkDeliveries, reportLines } from './check/delivery-checker';
import { pause } from './faults/pause';
import { type FaultNetwork, NOTHING_WRONG, startFaultNetwork } from './fault-network';
import type { NationalSite } from './harness/national-site';
import { OfficerLoad } from './load/officers';
import { answersLine, type AcceptedAlert } from './load/publish-log';

const SITE = 'KZ';
/** The site's officer who publishes; the other node of the site (KZ-HQ-ASTANA) receives. */
const SITE_PUBLISHERS = ['KZ-PCU-AKTAU'];
const CUT_MS = 60_000;

const atSite = (node: string) => node.startsWith(`${SITE}-`);

/** One alert and one of its entitled recipients. */
interface Pair {
  id: string;
  origin: string;
  node: string;
}

/** Each accepted alert's entitled recipients, as pairs, split by whether they are on the publisher's side of the link. */
function pairsOf(alerts: readonly AcceptedAlert[]): { local: Pair[]; across: Pair[] } {
  const local: Pair[] = [];
  const across: Pair[] = [];
  for (const { id, origin, entitled } of alerts) {
    for (const node of entitled) (atSite(node) === atSite(origin) ? local : across).push({ id, origin, node });
  }
  return { local, across };
}

/** The pairs whose delivery is stored in `db`'s gateway. */
async function storedOf(db: Client, pairs: readonly Pair[]): Promise<Pair[]> {
  const { rows } = await db.query<{ id: string; node: string }>(
    `SELECT message_id::text AS id, node FROM gateway.deliveries WHERE message_id = ANY($1::uuid[])`,
    [[...new Set(pairs.map((p) => p.id))]],
  );
  const stored = new Set(rows.map((r) => `${r.id} ${r.node}`));
  return pairs.filter((p) => stored.has(`${p.id} ${p.node}`));
}

/** Deliveries of the pairs stored at the hub and at the site, each read where its recipient's gateway is. */
async function stored(network: FaultNetwork, site: NationalSite, pairs: readonly Pair[]): Promise<Pair[]> {
  const hubDb = await network.harness.connectDatabase();
  const siteDb = await site.connectDatabase();
  try {
    return [
      ...(await storedOf(
        hubDb,
        pairs.filter((p) => !atSite(p.node)),
      )),
      ...(await storedOf(
        siteDb,
        pairs.filter((p) => atSite(p.node)),
      )),
    ];
  } finally {
    await hubDb.end();
    await siteDb.end();
  }
}

/**
 * For every recipient, whether the alerts of each origin are in its inbox (`cursor` order) in the
 * order their origin had them accepted: the inversions found, by the sides of the link the origin
 * and the recipient are on (`site→hub`: published at the site, delivered at the hub).
 */
async function orderInversions(network: FaultNetwork, site: NationalSite, alerts: readonly AcceptedAlert[]) {
  const rank = new Map(alerts.map((a, i) => [a.id, i]));
  const inversions: Record<string, number> = {};
  let deliveries = 0;
  for (const db of [await network.harness.connectDatabase(), await site.connectDatabase()]) {
    try {
      const { rows } = await db.query<{ id: string; node: string; origin: string }>(
        `SELECT message_id::text AS id, node, origin FROM gateway.deliveries
          WHERE message_id = ANY($1::uuid[]) ORDER BY node, cursor`,
        [[...rank.keys()]],
      );
      const last = new Map<string, number>();
      for (const row of rows) {
        const key = `${row.node} ${row.origin}`;
        const at = rank.get(row.id)!;
        const sides = `${atSite(row.origin) ? 'site' : 'hub'}→${atSite(row.node) ? 'site' : 'hub'}`;
        inversions[sides] ??= 0;
        if ((last.get(key) ?? -1) > at) inversions[sides] += 1;
        last.set(key, Math.max(at, last.get(key) ?? -1));
        deliveries += 1;
      }
    } finally {
      await db.end();
    }
  }
  const total = Object.values(inversions).reduce((a, b) => a + b, 0);
  return { total, inversions, deliveries };
}

/** The ids of every event in the site's EVENTS stream, and which of them the hub's ledger lacks. */
async function siteEventsMissingAtHub(network: FaultNetwork, site: NationalSite) {
  const nc = await site.connectNats();
  const ids: string[] = [];
  try {
    const jsm = await jetstreamManager(nc);
    const stream = site.names.stream('EVENTS');
    const { state } = await jsm.streams.info(stream);
    for (let seq = state.first_seq; seq <= state.last_seq; seq += 1) {
      const msg = await jsm.streams.getMessage(stream, { seq });
      if (msg) ids.push(`event:${(msg.json() as { id: string }).id}`);
    }
  } finally {
    await nc.close();
  }
  const db = await network.harness.connectDatabase();
  try {
    const { rows } = await db.query<{ id: string }>(
      `SELECT source_id AS id FROM audit.ledger WHERE source_id = ANY($1::text[])`,
      [ids],
    );
    const recorded = new Set(rows.map((r) => r.id));
    return { events: ids.length, missing: ids.filter((id) => !recorded.has(id)) };
  } finally {
    await db.end();
  }
}

describe('faults: a national site with its own JetStream domain, its leaf link cut for a minute, its apps restarted meanwhile', () => {
  let network: FaultNetwork;
  let site: NationalSite;
  let siteLoad: OfficerLoad;

  beforeAll(async () => {
    network = await startFaultNetwork({ harness: { sites: [SITE] } });
    site = network.harness.site(SITE);
    const seed = network.load.seedUsed + 1;
    siteLoad = new OfficerLoad(site.gatewayUrl, network.tokens, network.log, { publishers: SITE_PUBLISHERS, seed });
  }, 240_000);

  afterAll(async () => {
    await siteLoad?.stop();
    await network?.stop();
  }, 120_000);

  it('delivers on each side while cut, and across once the link returns: none lost or duplicated, in order, every site event in the hub ledger', async () => {
    const { harness, log, load } = network;
    const started = Date.now();
    log.takeAnswers();
    load.start();
    siteLoad.start();
    await pause(8_000);
    // The site's officer published before the cut: its node's signing key is registered at the hub.
    expect(log.accepted.some((a) => atSite(a.origin))).toBe(true);

    const cutFrom = log.accepted.length;
    await site.nats.cutLink();
    const cutAt = Date.now();
    harness.note(`leaf link of site ${SITE} cut`);
    // The site's apps start again without the hub: killed -9 and restarted while the link is down.
    await pause(5_000);
    const restarts: string[] = [];
    for (const app of [site.router, site.gateway]) {
      const killedAt = Date.now();
      await app.restart('SIGKILL');
      restarts.push(`${app.app} ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    }
    const restartedInCut = site.nats.linkCut;
    await pause(Math.max(0, cutAt + CUT_MS - Date.now()));
    // What was accepted in the cut's first 50 s has had 10 s to reach the inboxes on its own side.
    const duringCut = log.accepted.slice(cutFrom).filter((a) => a.acceptedAt < cutAt + CUT_MS - 10_000);
    const { local, across } = pairsOf(duringCut);
    const localStored = await stored(network, site, local);
    const acrossStored = await stored(network, site, across);
    await site.nats.restoreLink();
    const restoredAt = Date.now();
    await pause(10_000);
    await Promise.all([load.stop(), siteLoad.stop()]);
    const answers = log.takeAnswers();

    const report = await checkDeliveries(harness, log, { settleTimeoutMs: 240_000 });
    const accepted = log.accepted;
    const order = await orderInversions(network, site, accepted);
    const ledger = await siteEventsMissingAtHub(network, site);
    const fromSite = accepted.filter((a) => atSite(a.origin)).length;
    console.log(
      reportLines(`national site ${SITE}: leaf link cut for ${CUT_MS / 1000} s`, report, [
        `took ${((Date.now() - started) / 1000).toFixed(0)} s; alerts accepted ${accepted.length}, ${fromSite} of them at the site`,
        `during the cut: ${duringCut.length} alerts accepted; on their own side ${localStored.length} of ${local.length} deliveries stored, across the link ${acrossStored.length} of ${across.length}`,
        `after the link returned: settled ${((Date.now() - restoredAt) / 1000).toFixed(0)} s after it; inbox order by origin: ${order.total} inversions in ${order.deliveries} deliveries ${JSON.stringify(order.inversions)}`,
        `site events ${ledger.events}, missing from the hub's ledger ${ledger.missing.length}`,
        `the site's apps killed -9 in the cut and healthy again without the hub: ${restarts.join(', ')}`,
        `officers' answers: ${answersLine(answers)}`,
      ]).join('\n'),
    );

    // Both sides kept publishing and delivering on their own side through the cut...
    expect(duringCut.some((a) => atSite(a.origin))).toBe(true);
    expect(duringCut.some((a) => !atSite(a.origin))).toBe(true);
    expect(local.length).toBeGreaterThan(0);
    expect(local.filter((p) => atSite(p.origin)).length).toBeGreaterThan(0);
    expect(localStored.length).toBe(local.length);
    // ...and nothing crossed the link while it was cut, so what crossed after came through the streams.
    expect(across.length).toBeGreaterThan(0);
    expect(acrossStored).toEqual([]);
    // Neither gateway needs the link to accept: every answer was a 202, but while the site's gateway restarted.
    expect(restartedInCut).toBe(true);
    const whileRestarting = /^(preview|publish) error (ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET)$/;
    expect(Object.keys(answers).filter((a) => a !== 'publish 202' && !whileRestarting.test(a))).toEqual([]);
    const { lost, unexpected, duplicateEffects, ledgerGaps } = report.verdict;
    expect({ lost, unexpected, duplicateEffects, ledgerGaps }).toEqual(NOTHING_WRONG);
    // Across the border, in order per origin. On the site's side the router and gateway were killed
    // with messages in hand, which the server delivers again after the ack wait, behind newer ones.
    expect({ 'hub→site': order.inversions['hub→site'], 'site→hub': order.inversions['site→hub'] }).toEqual({
      'hub→site': 0,
      'site→hub': 0,
    });
    expect(order.inversions['hub→hub']).toBe(0);
    expect(ledger.missing).toEqual([]);
  }, 600_000);

  it("gives a site's node its own NATS user at the hub, and its system reads at its site every delivery the network made for it", async () => {
    const node = 'KZ-HQ-ASTANA';
    const issued = await network.harness.api('POST', `/nodes/${node}/nats-credentials`, network.harness.adminToken);
    expect(issued.status).toBe(201);
    const { creds, inboxPrefix, inbox } = issued.body;
    // The registry made its consumer at the site, across the link: the deliveries to the node are there.
    expect(inbox.domain).toBe(site.nats.domain);
    const db = await site.connectDatabase();
    const { rows } = await db
      .query<{ n: number }>(`SELECT count(*)::int AS n FROM gateway.deliveries WHERE node = $1`, [node])
      .finally(() => db.end());
    expect(rows[0].n).toBeGreaterThan(0);
    const nc = await connect({
      servers: site.nats.url.replace('nats://', ''),
      authenticator: credsAuthenticator(new TextEncoder().encode(creds)),
      inboxPrefix,
      reconnect: false,
    });
    try {
      const consumer = await jetstream(nc).consumers.get(inbox.stream, inbox.consumer);
      const { num_pending: pending } = await consumer.info();
      console.log(
        `national site ${SITE}: ${node}'s own consumer at the site holds ${pending} deliveries; its inbox ${rows[0].n}`,
      );
      expect(pending).toBe(rows[0].n);
      const first = await consumer.next({ expires: 5_000 });
      expect(first?.subject).toBe(inbox.subject);
      expect(await first?.ackAck()).toBe(true);
    } finally {
      await nc.close();
    }
  }, 60_000);
});
