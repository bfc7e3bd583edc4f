import type { HitState } from './hit-decision';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type Envelope, ExchangeNames, type HitBody } from '@iren/contracts';
import type { NatsClients } from '@iren/messaging';
import { recordingSigner } from '@iren/messaging/testing';
import { dropDatabase, ensureDatabase } from '@iren/platform';
import { ROUTER_ENTITIES, ROUTER_MIGRATIONS } from '../router.module';
import { RoutedMessagesRepository } from '../routing/routed-messages.repository';
import { DetectHits } from './detect-hits.usecase';
import { HitIds } from './hit-ids';
import { HitNotifier } from './hit-notifier';
import { HitPublisher } from './hit-publisher';
import { RouterPlacement } from '../routing/router-placement';
import { HitsRepository } from './hits.repository';
import { SendHitDigests, STRANDED_AFTER_MS } from './send-hit-digests.usecase';

// Hits against the real PostgreSQL: the index, the hits and their notices; the bus is a recorder of
// what the router publishes (JetStream keeps one copy per Nats-Msg-Id).
const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const BAKU = 'AZ-PCU-BAKU';
const AKTAU = 'KZ-PCU-AKTAU';
const POTI = 'GE-PCU-POTI';
const NODES = [BAKU, AKTAU, POTI];
const HOUR = 3600 * 1000;
const T0 = new Date('2026-11-20T12:00:00.000Z').getTime();

interface Published {
  subject: string;
  msgId: string;
  payload: { envelope?: Envelope<HitBody>; type?: string };
}

const names = new ExchangeNames('thits');
let serial = 0;

describe(DetectHits.name, () => {
  const databaseUrl = `${PG}/iren_test_hits_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  let ds: DataSource;
  let published: Published[];
  let failPublishing: boolean;
  let clock: number;
  let hits: HitsRepository;
  let ids: HitIds;
  let routed: RoutedMessagesRepository;

  const signer = recordingSigner((message) => {
    if (failPublishing) throw new Error('NATS away');
    published.push(message as Published);
  });
  /** A router instance: its own use cases on the shared database, the test's clock and a 1-hour interval. */
  const router = () => {
    const notifier = new HitNotifier(
      hits,
      routed,
      new HitPublisher({ js: {} } as NatsClients, names, signer, new RouterPlacement({ at: 'hub', sites: [] }, names)),
    );
    const now = () => new Date(clock);
    return {
      detect: new DetectHits(hits, notifier, ids, 90, 3600, now),
      digests: new SendHitDigests(hits, notifier, ids, 90, 3600, now),
    };
  };
  let detect: DetectHits;
  let digests: SendHitDigests;

  /** A routed alert of `origin` naming `containers`, `minutes` after T0, delivered to `recipients`. */
  const alert = async (origin: string, containers: string[], minutes = 0, recipients: string[] = []) => {
    serial += 1;
    const envelope = {
      id: randomUUID(),
      kind: 'ALERT',
      origin,
      createdAt: new Date(T0 + minutes * 60_000).toISOString(),
      tlp: 'AMBER',
      body: { title: `alert ${serial} of ${origin}`, transport: { containers } },
    } as unknown as Envelope<unknown>;
    await routed.recordOnce(
      envelope,
      recipients.map((node) => ({ node, reasons: ['filter:0'] })),
    );
    return envelope;
  };
  /** The HITs in each inbox, one per Nats-Msg-Id, in the order published. */
  const inboxes = () => {
    const unique = [...new Map(published.map((p) => [p.msgId, p])).values()];
    const byNode: Record<string, HitBody[]> = {};
    for (const p of unique.filter((p) => p.subject.startsWith(names.inboxSubject('')))) {
      (byNode[p.payload.envelope!.origin] ??= []).push(p.payload.envelope!.body);
    }
    return byNode;
  };
  const count = async (table: string) => (await ds.query(`SELECT count(*)::int AS n FROM router.${table}`))[0].n;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    ds = await new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: ROUTER_ENTITIES,
      migrations: ROUTER_MIGRATIONS,
      extra: { max: 20 },
    }).initialize();
    await ds.runMigrations();
    hits = new HitsRepository(ds);
    routed = new RoutedMessagesRepository(ds);
    ids = new HitIds(await hits.hitIdKey());
  });

  beforeEach(async () => {
    await ds.query(
      `TRUNCATE router.alert_identifiers, router.identifier_sightings, router.identifier_hits, router.hit_notices, router.routed_messages`,
    );
    published = [];
    failPublishing = false;
    clock = T0;
    ({ detect, digests } = router());
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(databaseUrl);
  });

  it('tells both nodes at once the first time, then holds later alerts for the digest an interval later', async () => {
    const baku = await alert(BAKU, ['CSQU3054383'], 0, [AKTAU]);
    const aktau = await alert(AKTAU, ['CSQU3054383'], 1);
    expect(await detect.execute({ envelope: baku })).toBe(0);
    expect(await detect.execute({ envelope: aktau, correlationId: 'c-1' })).toBe(2);
    const first = inboxes();
    expect(first[BAKU]).toEqual([
      {
        identifier: { type: 'CONTAINER', value: 'CSQU3054383' },
        windowDays: 90,
        alerts: [
          expect.objectContaining({ visible: true, id: baku.id }),
          { visible: false, origin: 'KZ', createdAt: '2026-11-20' },
        ],
      },
    ]);
    expect(first[AKTAU][0].alerts.map((a) => a.visible)).toEqual([true, true]);

    clock += 10 * 60_000;
    const later = [await alert(AKTAU, ['CSQU3054383'], 10), await alert(AKTAU, ['CSQU3054383'], 11)];
    for (const envelope of later) expect(await detect.execute({ envelope })).toBe(0);
    clock = T0 + HOUR - 1;
    expect(await digests.execute()).toEqual({ digests: 0, stranded: 0 });
    expect(Object.values(inboxes()).map((h) => h.length)).toEqual([1, 1]);

    clock = T0 + HOUR;
    expect(await digests.execute()).toEqual({ digests: 2, stranded: 0 });
    const digest = inboxes()[BAKU][1];
    expect(digest).toMatchObject({ alertCount: 4, alertsSinceLastHit: 2 });
    expect(digest.alerts).toEqual([
      expect.objectContaining({ visible: true, id: baku.id }),
      { visible: false, origin: 'KZ', createdAt: '2026-11-20' },
    ]);
    expect(inboxes()[AKTAU][1].alerts[1]).toMatchObject({ visible: true, id: later[1].id });
    // Told: nothing more until another alert comes.
    clock += 5 * HOUR;
    expect(await digests.execute()).toEqual({ digests: 0, stranded: 0 });
    expect(await count('identifier_hits')).toBe(1);
  });

  it('gives every router on the database one hit-id key, made once', async () => {
    const others = await Promise.all([new HitsRepository(ds).hitIdKey(), new HitsRepository(ds).hitIdKey()]);
    const again = await hits.hitIdKey();
    expect(again).toHaveLength(32);
    expect(others.map((k) => k.equals(again))).toEqual([true, true]);
    expect(await count('hit_id_key')).toBe(1);
  });

  it('tells at once of an alert that comes when the last HIT is an interval old', async () => {
    await detect.execute({ envelope: await alert(BAKU, ['TGHU9876545']) });
    await detect.execute({ envelope: await alert(POTI, ['TGHU9876545']) });
    clock += HOUR;
    expect(await detect.execute({ envelope: await alert(POTI, ['TGHU9876545'], 60) })).toBe(2);
    expect(inboxes()[POTI].map((h) => h.alertCount)).toEqual([undefined, 3]);
  });

  it('makes a number of HITs bounded by the pairs of nodes, reading one sighting per node', async () => {
    const alerts = [];
    for (let i = 0; i < 40; i += 1) alerts.push(await alert(NODES[i % 3], ['MSCU1234566', 'CSQU3054383'], i));
    for (const envelope of alerts) await detect.execute({ envelope });
    // 3 pairs of nodes, 2 identifiers: 6 hits, each telling its 2 nodes once so far.
    expect(await count('identifier_hits')).toBe(6);
    expect(await count('identifier_sightings')).toBe(6);
    expect(Object.values(inboxes()).map((h) => h.length)).toEqual([4, 4, 4]);
    // A fourth node's alert on one of them reads one sighting for each of the three, not their 40 alerts.
    const tx = await hits.inIdentifierLocks([], async (t) =>
      t.count(
        [
          {
            alert: { id: randomUUID(), origin: 'TM-PCU-TURKMENBASHI', createdAt: new Date(T0), title: null },
            identifiers: [{ type: 'CONTAINER', value: 'CSQU3054383' }],
          },
        ],
        90,
      ),
    );
    expect(tx[0].map((s) => s.latest.origin)).toEqual([BAKU, POTI, AKTAU]);

    clock += HOUR;
    expect(await digests.execute()).toEqual({ digests: 12, stranded: 0 });
    const byNode = inboxes();
    expect(Object.values(byNode).map((h) => h.length)).toEqual([8, 8, 8]);
    // Counted since each hit opened, every alert once: Baku's 14 and Aktau's 13 (Baku-Aktau opened by
    // the first two), Baku's 14 and Poti's 13 (opened by Poti's first), Aktau's 13 and Poti's 13.
    const digestCounts = (node: string) =>
      byNode[node].filter((h) => h.alertCount !== undefined).map((h) => h.alertCount);
    expect(digestCounts(BAKU)).toEqual([27, 27, 27, 27]);
    expect(digestCounts(POTI).sort()).toEqual([26, 26, 27, 27]);
  });

  it('saves more hits in one transaction than one statement can carry parameters for', async () => {
    const seen = (node: string) => ({ id: randomUUID(), origin: node, createdAt: new Date(T0), title: null });
    // 5,000 hits of 15 columns: 75,000 parameters, past PostgreSQL's 65,535 for one statement.
    const many = Array.from({ length: 5_000 }, (_, i) => {
      const [a, b] = [`AM-PCU-A${String(i).padStart(5, '0')}`, `AM-PCU-B${String(i).padStart(5, '0')}`];
      return {
        identifier: { type: 'CONTAINER' as const, value: 'TGHU1234567' },
        sides: [
          { node: a, latest: seen(a), count: 1 },
          { node: b, latest: seen(b), count: 1 },
        ] as HitState['sides'],
        notifiedSeq: 1,
        notifiedCount: 2,
        notifiedAt: new Date(T0),
      };
    });
    await hits.inIdentifierLocks([many[0].identifier], (tx) => tx.saveHits(many));
    expect(
      (
        await ds.query(`SELECT count(*)::int AS n FROM router.identifier_hits WHERE identifier_value = 'TGHU1234567'`)
      )[0].n,
    ).toBe(5_000);
  });

  it('counts a redelivered alert once, and makes no HIT with an alert of its own node', async () => {
    const first = await alert(BAKU, ['MSCU1234566']);
    const second = await alert(AKTAU, ['MSCU1234566']);
    const own = await alert(AKTAU, ['MSCU1234566']);
    await detect.execute({ envelope: first });
    await detect.execute({ envelope: second });
    const afterFirst = [...published];
    expect(await detect.execute({ envelope: second })).toBe(0);
    expect(await detect.execute({ envelope: first })).toBe(0);
    expect(published).toEqual(afterFirst);
    await detect.execute({ envelope: own });
    await detect.execute({ envelope: own });
    const [{ a_count, b_count }] = await ds.query(`SELECT a_count, b_count FROM router.identifier_hits`);
    expect([a_count, b_count]).toEqual([1, 2]);
    const [sighting] = await ds.query(`SELECT alert_count FROM router.identifier_sightings WHERE origin = $1`, [AKTAU]);
    expect(sighting.alert_count).toBe(2);
  });

  it('publishes on redelivery what a failure kept from going out, with the same ids', async () => {
    await detect.execute({ envelope: await alert(BAKU, ['CSQU3054383']) });
    const second = await alert(POTI, ['CSQU3054383']);
    failPublishing = true;
    await expect(detect.execute({ envelope: second })).rejects.toThrow('NATS away');
    failPublishing = false;
    expect(await detect.execute({ envelope: second })).toBe(2);
    const ids = published.filter((p) => p.payload.envelope).map((p) => [p.msgId, p.payload.envelope!.id]);
    expect(await detect.execute({ envelope: second })).toBe(0);
    ({ detect } = router());
    expect(await detect.execute({ envelope: second })).toBe(0);
    expect(published.filter((p) => p.payload.envelope).map((p) => [p.msgId, p.payload.envelope!.id])).toEqual(ids);
    expect(ids).toHaveLength(2);
  });

  it('lets the sweeper send a notice whose publisher stopped before sending it', async () => {
    await detect.execute({ envelope: await alert(BAKU, ['CSQU3054383']) });
    failPublishing = true;
    await expect(detect.execute({ envelope: await alert(POTI, ['CSQU3054383']) })).rejects.toThrow();
    failPublishing = false;
    expect(await digests.execute()).toEqual({ digests: 0, stranded: 0 });
    clock += STRANDED_AFTER_MS + 1;
    expect(await digests.execute()).toEqual({ digests: 0, stranded: 2 });
    expect(Object.keys(inboxes()).sort()).toEqual([BAKU, POTI].sort());
    expect(await digests.execute()).toEqual({ digests: 0, stranded: 0 });
  });

  it('opens each hit once when alerts of different nodes are routed at the same moment by two routers', async () => {
    const other = router();
    const outcomes = await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        const c = `RACE${String(i).padStart(7, '0')}`;
        const [a, b] = [await alert(BAKU, [c]), await alert(AKTAU, [c])];
        const [x, y] = await Promise.all([detect.execute({ envelope: a }), other.detect.execute({ envelope: b })]);
        return x + y;
      }),
    );
    expect(outcomes).toEqual(Array(15).fill(2));
    expect(await count('identifier_hits')).toBe(15);
  });

  it('sends each digest once when two routers sweep at the same moment', async () => {
    await detect.execute({ envelope: await alert(BAKU, ['CSQU3054383']) });
    await detect.execute({ envelope: await alert(AKTAU, ['CSQU3054383']) });
    await detect.execute({ envelope: await alert(AKTAU, ['CSQU3054383'], 2) });
    clock += HOUR;
    const sent = await Promise.all([digests.execute(), router().digests.execute()]);
    expect(sent.map((s) => s.digests).sort()).toEqual([0, 2]);
    expect(await count('hit_notices')).toBe(2);
  });

  it('handles a batch as it handles the alerts one by one', async () => {
    const batch = [
      await alert(BAKU, ['CSQU3054383']),
      await alert(AKTAU, ['CSQU3054383']),
      await alert(POTI, ['CSQU3054383']),
      await alert(AKTAU, ['CSQU3054383']),
      { ...(await alert(AKTAU, ['CSQU3054383'])), kind: 'RISK_PROFILE' as const },
    ];
    expect(await detect.executeMany([...batch, batch[1]].map((envelope) => ({ envelope })))).toBe(6);
    const [row] = await ds.query(
      `SELECT a_count, b_count FROM router.identifier_hits WHERE node_a = $1 AND node_b = $2`,
      [BAKU, AKTAU],
    );
    expect([row.a_count, row.b_count]).toEqual([1, 2]);
    expect(await count('identifier_hits')).toBe(3);
    expect(await detect.executeMany(batch.map((envelope) => ({ envelope })))).toBe(0);
  });

  it('counts a batch that mixes new and shared identifiers as it counts its alerts one by one', async () => {
    // Runs of alerts naming different containers, cut where an alert names one named earlier in its run.
    const named = [['A'], ['B', 'C'], ['D'], ['A'], ['E'], ['C', 'F'], ['G'], ['G'], ['A', 'G'], ['H']];
    const batch = [];
    for (const [i, letters] of named.entries()) {
      batch.push(
        await alert(
          NODES[i % 3],
          letters.map((l) => `${l}BCU1234567`),
          i,
        ),
      );
    }
    const state = async () => ({
      hits: await ds.query(`SELECT * FROM router.identifier_hits ORDER BY identifier_value, node_a, node_b`),
      sightings: await ds.query(
        `SELECT * FROM router.identifier_sightings ORDER BY identifier_type, identifier_value, origin`,
      ),
      // A batch publishes its HITs once it is counted, in the order of their ids: compared as sets.
      inboxes: Object.fromEntries(
        Object.entries(inboxes()).map(([node, hits]) => [node, hits.map((h) => JSON.stringify(h)).sort()]),
      ),
    });
    const sent = await detect.executeMany(batch.map((envelope) => ({ envelope })));
    const together = await state();

    await ds.query(
      `TRUNCATE router.alert_identifiers, router.identifier_sightings, router.identifier_hits, router.hit_notices`,
    );
    published = [];
    let oneByOne = 0;
    for (const envelope of batch) oneByOne += await detect.execute({ envelope });
    expect(sent).toBe(oneByOne);
    expect(await state()).toEqual(together);
    // Hits by identifier and pair of nodes: A (nodes 0 and 2), C (1 and 2), G (0, 1 and 2: three pairs).
    expect(together.hits.map((h: { identifier_value: string }) => h.identifier_value[0]).join('')).toBe('ACGGG');
  });
});
