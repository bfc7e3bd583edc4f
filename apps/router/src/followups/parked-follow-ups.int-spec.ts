import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type Envelope, ExchangeNames, type MessageKind, refersToOf } from '@iren/contracts';
import type { NatsClients } from '@iren/messaging';
import { recordingSigner } from '@iren/messaging/testing';
import { createRootLogger, dropDatabase, ensureDatabase, type HealthDetail, type Placement } from '@iren/platform';
import { PendingFollowUps1764780000000 } from '../migrations/1764780000000-pending-follow-ups';
import { ROUTER_ENTITIES, ROUTER_MIGRATIONS } from '../router.module';
import type { RejectMessage, RejectMessageCommand } from '../routing/reject-message.usecase';
import { RouteMessage } from '../routing/route-message.usecase';
import { RouterPlacement } from '../routing/router-placement';
import { RoutedMessagesRepository } from '../routing/routed-messages.repository';
import type { RoutingTable } from '../routing/routing-table';
import { ParkedFollowUps } from './parked-follow-ups';
import { PARKING_LIMIT_MS, ParkedFollowUpsSweeper } from './parked-follow-ups.sweeper';
import { PendingFollowUpsRepository } from './pending-follow-ups.repository';

// Parking, release and sweep against the real PostgreSQL; the bus is a recorder of what the router
// publishes (the router vouches for each publish and JetStream drops a repeated Nats-Msg-Id).
const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const BAKU = 'AZ-PCU-BAKU';
const AKTAU = 'KZ-PCU-AKTAU';
const POTI = 'GE-PCU-POTI';

interface Published {
  subject: string;
  msgId: string;
  payload: { envelope?: Envelope<unknown>; type?: string; messageId?: string };
}

const names = new ExchangeNames('tparking');
const silent = createRootLogger('router', 'silent');

const alert = (): Envelope => ({
  id: randomUUID(),
  kind: 'ALERT',
  origin: BAKU,
  createdAt: new Date().toISOString(),
  tlp: 'RED',
  to: { nodes: [AKTAU, POTI], countries: [], groups: [] },
  body: {} as Envelope['body'],
});
const followUp = (kind: MessageKind, origin: string, refersTo: string): Envelope =>
  ({
    id: randomUUID(),
    kind,
    origin,
    createdAt: new Date().toISOString(),
    tlp: 'RED',
    body: kind === 'FEEDBACK' ? { refersTo, outcome: 'NO_ACTION' } : { refersTo, reason: 'sent in error' },
  }) as unknown as Envelope;

describe(ParkedFollowUps.name, () => {
  const databaseUrl = `${PG}/iren_test_parking_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  let ds: DataSource;
  let published: Published[];
  let rejected: RejectMessageCommand[];
  let health: HealthDetail[];
  let pending: PendingFollowUpsRepository;
  let parked: ParkedFollowUps;
  let route: RouteMessage;

  const table = {
    directory: {
      node: (id: string) => ({ id, type: 'PCU', country: id.slice(0, 2), status: 'ACTIVE' }),
      nodesOfCountry: () => [],
      groupMembers: () => undefined,
    },
    matcher: { match: () => new Map() },
  } as unknown as RoutingTable;
  const signer = recordingSigner((message) => void published.push(message as Published));
  const reject = {
    execute: async (command: RejectMessageCommand) => void rejected.push(command),
  } as unknown as RejectMessage;

  /** What reached the bus about a message: inboxes it was delivered to, and whether it was announced as routed. */
  const onTheBus = (id: string) => {
    // JetStream keeps one copy per Nats-Msg-Id.
    const unique = [...new Map(published.map((p) => [p.msgId, p])).values()];
    const inboxes = unique
      .filter((p) => p.payload.envelope?.id === id && p.subject.startsWith(names.inboxSubject('')))
      .map((p) => p.subject.slice(names.inboxSubject('').length))
      .sort();
    const routedEvents = unique.filter((p) => p.payload.type === 'message.routed' && p.payload.messageId === id);
    return { inboxes, routedEvents: routedEvents.length };
  };
  const routedRow = async (id: string) =>
    (await ds.query(`SELECT count(*)::int AS n FROM router.routed_messages WHERE message_id = $1`, [id]))[0].n;
  const parkedIds = async () =>
    (await ds.query(`SELECT follow_up_id FROM router.pending_follow_ups ORDER BY follow_up_id`)).map(
      (r: { follow_up_id: string }) => r.follow_up_id,
    );
  const followUpsDetail = async () => {
    await parked.recount();
    return health.find((d) => d.name === 'followUps')!.detail();
  };
  const routeWith = (p: ParkedFollowUps, placement: Placement = { at: 'hub', sites: [] }) =>
    new RouteMessage(
      table,
      { js: {} } as NatsClients,
      names,
      new RoutedMessagesRepository(ds),
      signer,
      reject,
      p,
      new RouterPlacement(placement, names),
    );
  /** A router instance whose parking is `park`: to put another router's work at a chosen moment. */
  const routeParkingWith = (park: PendingFollowUpsRepository['park']) => {
    const repository = new PendingFollowUpsRepository(ds);
    repository.park = park;
    return routeWith(new ParkedFollowUps(repository, new RoutedMessagesRepository(ds), [], silent));
  };

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
  });

  beforeEach(async () => {
    await ds.query(`TRUNCATE router.pending_follow_ups, router.routed_messages`);
    published = [];
    rejected = [];
    health = [];
    pending = new PendingFollowUpsRepository(ds);
    parked = new ParkedFollowUps(pending, new RoutedMessagesRepository(ds), health, silent);
    route = routeWith(parked);
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(databaseUrl);
  });

  it('parks a follow-up whose original is not routed: nothing recorded, nothing published, counted in /health', async () => {
    const original = alert();
    const withdrawal = followUp('WITHDRAWAL', BAKU, original.id);

    expect(await route.execute({ envelope: withdrawal, correlationId: 'c-1' })).toEqual([]);

    expect(await routedRow(withdrawal.id)).toBe(0);
    expect(published).toEqual([]);
    expect(rejected).toEqual([]);
    expect(await parkedIds()).toEqual([withdrawal.id]);
    const [row] = await pending.waitingFor([original.id]);
    expect(row).toMatchObject({ envelope: withdrawal, refersTo: original.id, correlationId: 'c-1' });
    expect(await followUpsDetail()).toEqual({ parked: 1, oldestParkedAt: row.parkedAt.toISOString() });
  });

  it("leaves to the hub, at a national site, a feedback on a message the site's router never routed: nothing parked, recorded or published", async () => {
    const atSite = routeWith(parked, { at: 'site', country: 'KZ' });
    // Aktau's feedback on an alert sent from outside Kazakhstan, which the hub's router delivered to it.
    const feedback = followUp('FEEDBACK', AKTAU, randomUUID());
    expect(await atSite.execute({ envelope: feedback })).toEqual([]);
    expect([await routedRow(feedback.id), await parkedIds(), published, rejected]).toEqual([0, [], [], []]);
    // The same at the hub waits for its original.
    await route.execute({ envelope: feedback });
    expect(await parkedIds()).toEqual([feedback.id]);
  });

  it('keeps the first parking time when the follow-up is delivered again', async () => {
    const withdrawal = followUp('WITHDRAWAL', BAKU, randomUUID());
    await route.execute({ envelope: withdrawal });
    const [first] = await ds.query(`SELECT parked_at FROM router.pending_follow_ups`);
    await new Promise((r) => setTimeout(r, 20));
    expect(await route.execute({ envelope: withdrawal })).toEqual([]);
    expect(await ds.query(`SELECT parked_at FROM router.pending_follow_ups`)).toEqual([first]);
  });

  it("routes parked follow-ups to the original's recipients as soon as the original is routed, then forgets them", async () => {
    const original = alert();
    const withdrawal = followUp('WITHDRAWAL', BAKU, original.id);
    const feedback = followUp('FEEDBACK', AKTAU, original.id);
    await route.execute({ envelope: withdrawal });
    await route.execute({ envelope: feedback });

    expect((await route.execute({ envelope: original })).map((r) => r.node)).toEqual([POTI, AKTAU]);

    expect(onTheBus(original.id)).toEqual({ inboxes: [POTI, AKTAU].sort(), routedEvents: 1 });
    expect(onTheBus(withdrawal.id)).toEqual({ inboxes: [POTI, AKTAU].sort(), routedEvents: 1 });
    expect(onTheBus(feedback.id)).toEqual({ inboxes: [BAKU], routedEvents: 1 });
    // The original's deliveries went out before its follow-ups'.
    const firstOf = (id: string) => published.findIndex((p) => p.payload.envelope?.id === id);
    expect(firstOf(original.id)).toBeLessThan(firstOf(withdrawal.id));
    expect(await routedRow(withdrawal.id)).toBe(1);
    expect(await parkedIds()).toEqual([]);
    expect(await followUpsDetail()).toEqual({ parked: 0, oldestParkedAt: null });
  });

  it('routes a batch of new messages: each decision recorded once, parked follow-ups released after, a repeat reusing the decisions', async () => {
    const originals = [alert(), alert(), alert()];
    const withdrawal = followUp('WITHDRAWAL', BAKU, originals[1].id);
    await route.execute({ envelope: withdrawal });

    const decisions = await route.executeMany(originals.map((envelope) => ({ envelope, correlationId: 'c-batch' })));
    expect(decisions.map((d) => (d as { node: string }[]).map((r) => r.node))).toEqual(
      originals.map(() => [POTI, AKTAU]),
    );
    for (const original of originals) {
      expect(onTheBus(original.id)).toEqual({ inboxes: [POTI, AKTAU].sort(), routedEvents: 1 });
      expect(await routedRow(original.id)).toBe(1);
    }
    expect(onTheBus(withdrawal.id)).toEqual({ inboxes: [POTI, AKTAU].sort(), routedEvents: 1 });
    expect(await parkedIds()).toEqual([]);

    // Redelivered, with one message repeated in the batch: the recorded decisions stand, nothing is recorded twice.
    const again = await route.executeMany([...originals, originals[0]].map((envelope) => ({ envelope })));
    expect(again).toHaveLength(4);
    for (const original of originals) expect(await routedRow(original.id)).toBe(1);
    await expect(route.executeMany([{ envelope: withdrawal }])).rejects.toThrow(/follow-up/);
  });

  it('routes a follow-up whose original is routed between its first look and its parking (it looks again)', async () => {
    const original = alert();
    const withdrawal = followUp('WITHDRAWAL', BAKU, original.id);
    // The original's release finds nothing parked yet: only the follow-up's second look can see it.
    const racing = routeParkingWith(async (...args) => {
      await route.execute({ envelope: original });
      expect(onTheBus(withdrawal.id).inboxes).toEqual([]);
      await pending.park(...args);
    });

    expect((await racing.execute({ envelope: withdrawal })).map((r) => r.node)).toEqual([POTI, AKTAU]);

    expect(onTheBus(withdrawal.id)).toEqual({ inboxes: [POTI, AKTAU].sort(), routedEvents: 1 });
    expect(await parkedIds()).toEqual([]);
  });

  it('routes a follow-up once in effect when its original is routed right after it is parked (both see each other)', async () => {
    const original = alert();
    const withdrawal = followUp('WITHDRAWAL', BAKU, original.id);
    // Parked, then the original routed and the follow-up released, before the follow-up looks again.
    const racing = routeParkingWith(async (...args) => {
      await pending.park(...args);
      await route.execute({ envelope: original });
      expect(onTheBus(withdrawal.id).inboxes).toEqual([POTI, AKTAU].sort());
    });

    expect((await racing.execute({ envelope: withdrawal })).map((r) => r.node)).toEqual([POTI, AKTAU]);

    expect(onTheBus(withdrawal.id)).toEqual({ inboxes: [POTI, AKTAU].sort(), routedEvents: 1 });
    expect(await routedRow(withdrawal.id)).toBe(1);
    expect(await parkedIds()).toEqual([]);
  });

  it('never leaves a follow-up parked when it and its original are routed at the same moment', async () => {
    const pairs = Array.from({ length: 25 }, () => {
      const original = alert();
      return { original, withdrawal: followUp('WITHDRAWAL', BAKU, original.id) };
    });
    // Two router instances: each its own use case, one database.
    const other = routeWith(new ParkedFollowUps(pending, new RoutedMessagesRepository(ds), [], silent));
    await Promise.all(
      pairs.flatMap(({ original, withdrawal }, i) => [
        (i % 2 ? route : other).execute({ envelope: withdrawal }),
        (i % 2 ? other : route).execute({ envelope: original }),
      ]),
    );

    expect(await parkedIds()).toEqual([]);
    for (const { withdrawal } of pairs) {
      expect(onTheBus(withdrawal.id)).toEqual({ inboxes: [POTI, AKTAU].sort(), routedEvents: 1 });
    }
  });

  it('refuses a parked follow-up its original does not allow, and still routes the original', async () => {
    const original = alert();
    const forged = followUp('WITHDRAWAL', POTI, original.id);
    await route.execute({ envelope: forged, correlationId: 'c-2' });

    expect((await route.execute({ envelope: original })).map((r) => r.node)).toEqual([POTI, AKTAU]);

    expect(rejected).toEqual([
      expect.objectContaining({ key: forged.id, reason: 'not_the_origin', origin: POTI, correlationId: 'c-2' }),
    ]);
    expect(onTheBus(forged.id)).toEqual({ inboxes: [], routedEvents: 0 });
    expect(await routedRow(forged.id)).toBe(0);
    expect(await parkedIds()).toEqual([]);
  });

  it('releases what waits for a follow-up once that follow-up is routed', async () => {
    const original = alert();
    const withdrawal = followUp('WITHDRAWAL', BAKU, original.id);
    const feedbackOnWithdrawal = followUp('FEEDBACK', AKTAU, withdrawal.id);
    await route.execute({ envelope: feedbackOnWithdrawal });
    await route.execute({ envelope: withdrawal });
    expect(await parkedIds()).toEqual([feedbackOnWithdrawal.id, withdrawal.id].sort());

    await route.execute({ envelope: original });

    expect(onTheBus(withdrawal.id).inboxes).toEqual([POTI, AKTAU].sort());
    // A follow-up of a follow-up is refused (FOLLOWED_UP_KINDS), not left waiting.
    expect(rejected).toEqual([expect.objectContaining({ key: feedbackOnWithdrawal.id, reason: 'invalid_follow_up' })]);
    expect(await parkedIds()).toEqual([]);
  });

  describe(ParkedFollowUpsSweeper.name, () => {
    const DAY = 24 * 3600 * 1000;
    const sweeperAt = (now: Date) => new ParkedFollowUpsSweeper(parked, route, () => now, silent, ds);
    const parkedDaysAgo = async (id: string, days: number, now: Date) =>
      ds.query(`UPDATE router.pending_follow_ups SET parked_at = $2 WHERE follow_up_id = $1`, [
        id,
        new Date(now.getTime() - days * DAY),
      ]);

    it('refuses as original_unknown what waited longer than EXCHANGE keeps messages, and nothing younger', async () => {
      const now = new Date();
      const [expired, young] = [followUp('WITHDRAWAL', BAKU, randomUUID()), followUp('FEEDBACK', AKTAU, randomUUID())];
      await route.execute({ envelope: expired, correlationId: 'c-3' });
      await route.execute({ envelope: young });
      await parkedDaysAgo(expired.id, PARKING_LIMIT_MS / DAY + 0.001, now);
      await parkedDaysAgo(young.id, PARKING_LIMIT_MS / DAY - 0.001, now);

      expect(await sweeperAt(now).tick()).toEqual({ routed: 0, refused: 1 });

      expect(rejected).toEqual([
        expect.objectContaining({
          key: expired.id,
          messageId: expired.id,
          reason: 'original_unknown',
          origin: BAKU,
          kind: 'WITHDRAWAL',
          correlationId: 'c-3',
          detail: expect.stringContaining(refersToOf(expired)!),
        }),
      ]);
      expect(published).toEqual([]);
      expect(await parkedIds()).toEqual([young.id]);
      expect(PARKING_LIMIT_MS).toBe(90 * DAY);
    });

    it('routes a parked follow-up whose original is routed but whose release did not finish', async () => {
      const original = alert();
      const withdrawal = followUp('WITHDRAWAL', BAKU, original.id);
      await route.execute({ envelope: withdrawal });
      // The original recorded by a router that stopped before releasing anything.
      await new RoutedMessagesRepository(ds).recordOnce(original, [{ node: AKTAU, reasons: ['addressed:node'] }]);

      expect(await sweeperAt(new Date()).tick()).toEqual({ routed: 1, refused: 0 });

      expect(onTheBus(withdrawal.id)).toEqual({ inboxes: [AKTAU], routedEvents: 1 });
      expect(await parkedIds()).toEqual([]);
    });

    it('goes through more than a page of due follow-ups in one sweep', async () => {
      const now = new Date();
      const many = Array.from({ length: 230 }, () => followUp('WITHDRAWAL', BAKU, randomUUID()));
      for (const f of many) await pending.park(f, refersToOf(f)!);
      await ds.query(`UPDATE router.pending_follow_ups SET parked_at = $1`, [new Date(now.getTime() - 91 * DAY)]);

      expect(await sweeperAt(now).tick()).toEqual({ routed: 0, refused: 230 });
      expect(await parkedIds()).toEqual([]);
    });
  });

  it('migrates down and up again', async () => {
    const tables = async () =>
      (
        await ds.query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'router' ORDER BY table_name`,
        )
      ).map((r: { table_name: string }) => r.table_name);
    expect(await tables()).toContain('pending_follow_ups');
    // Undo the later migrations too, down to this one's.
    const later = ROUTER_MIGRATIONS.length - 1 - ROUTER_MIGRATIONS.indexOf(PendingFollowUps1764780000000);
    for (let i = 0; i <= later; i += 1) await ds.undoLastMigration();
    expect(await tables()).not.toContain('pending_follow_ups');
    await ds.runMigrations();
    expect(await tables()).toContain('pending_follow_ups');
  });
});
