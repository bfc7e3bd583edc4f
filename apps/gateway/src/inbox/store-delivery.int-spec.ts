import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type DeliveryPayload, type Envelope, ExchangeNames } from '@iren/contracts';
import { EventOutbox, OutboxRepository, TransientError } from '@iren/messaging';
import { dropDatabase, ensureDatabase, Transactor } from '@iren/platform';
import { GatewaySchema1764400000000 } from '../migrations/1764400000000-gateway-schema';
import { MessageLifecycle1764710000000 } from '../migrations/1764710000000-message-lifecycle';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryEntity } from './delivery.entity';
import { StoreDelivery } from './store-delivery.usecase';

const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const BAKU = 'AZ-PCU-BAKU';
const AKTAU = 'KZ-PCU-AKTAU';
const BODY = {
  category: 'IPR',
  riskLevel: 'HIGH',
  mode: 'SEA',
  title: 'v1',
  summary: '',
  lang: 'en',
  transport: {},
  itinerary: [{ locode: 'KZAAU', role: 'DISCHARGE' }],
  goods: [],
  indicators: [],
  requestedAction: 'EXAMINE',
  feedbackDueBy: '2030-01-01T00:00:00Z',
};

function envelope(kind: string, origin: string, body: object): Envelope {
  const at = new Date().toISOString();
  return { id: randomUUID(), kind, origin, createdAt: at, tlp: 'AMBER', body } as unknown as Envelope;
}
const to = (recipient: string, e: Envelope): DeliveryPayload => ({ recipient, envelope: e, reasons: ['test'] });

describe(StoreDelivery.name, () => {
  const databaseUrl = `${PG}/iren_test_store_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  let ds: DataSource;
  let store: StoreDelivery;
  let deliveries: DeliveriesRepository;
  const row = (messageId: string, node: string) => deliveries.find(messageId, node);
  const events = async (type: string, messageId: string): Promise<number> =>
    (
      await ds.query(
        `SELECT count(*)::int AS n FROM gateway.outbox WHERE payload->>'type' = $1 AND payload->>'messageId' = $2`,
        [type, messageId],
      )
    )[0].n;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    ds = await new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: [DeliveryEntity],
      migrations: [GatewaySchema1764400000000, MessageLifecycle1764710000000],
    }).initialize();
    await ds.runMigrations();
    deliveries = new DeliveriesRepository(ds);
    const outbox = new EventOutbox(new ExchangeNames('t'), new OutboxRepository(ds, 'gateway'));
    store = new StoreDelivery(new Transactor(ds), deliveries, outbox);
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(databaseUrl);
  });

  it('stores an alert once, with its feedback deadline', async () => {
    const alert = envelope('ALERT', BAKU, BODY);
    expect(await store.execute(to(AKTAU, alert))).toEqual({
      changed: true,
      feedbackDueAt: new Date(BODY.feedbackDueBy),
    });
    expect(await store.execute(to(AKTAU, alert))).toEqual({ changed: false });
    expect(await events('message.delivered', alert.id)).toBe(1);
  });

  it('stores a batch in one go: each new delivery once, cursors in the order given per inbox, one event each', async () => {
    const alerts = Array.from({ length: 5 }, () => envelope('ALERT', BAKU, BODY));
    const before = alerts.slice(0, 2).map((a) => to(AKTAU, a));
    expect(await store.executeMany(before.map((delivery) => ({ delivery })))).toEqual(
      before.map(() => ({ changed: true, feedbackDueAt: new Date(BODY.feedbackDueBy) })),
    );
    // A redelivered pair, the rest new to two inboxes, and one delivery repeated inside the batch.
    const batch = [...before, ...alerts.slice(2).flatMap((a) => [to(AKTAU, a), to(BAKU, a)]), to(BAKU, alerts[4])];
    const stored = await store.executeMany(batch.map((delivery) => ({ delivery, correlationId: 'c-batch' })));
    expect(stored.map((s) => s.changed)).toEqual([false, false, true, true, true, true, true, true, false]);
    for (const a of alerts)
      expect(await events('message.delivered', a.id)).toBe(
        a === alerts[0] || a === alerts[1] ? 1 : a === alerts[4] ? 2 : 2,
      );
    const aktau = await Promise.all(alerts.map((a) => row(a.id, AKTAU)));
    const cursors = aktau.map((r) => BigInt(r!.cursor));
    expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);
    expect(await row(alerts[4].id, BAKU)).toMatchObject({ node: BAKU, origin: BAKU, state: 'DELIVERED' });
  });

  it('refuses to store a follow-up with the new messages of a batch', async () => {
    const withdrawal = envelope('WITHDRAWAL', BAKU, { refersTo: randomUUID(), reason: 'x' });
    await expect(store.executeMany([{ delivery: to(AKTAU, withdrawal) }])).rejects.toThrow(/follow-up/);
  });

  it('marks the original withdrawn instead of adding a line, once, and moves it after the cursor', async () => {
    const alert = envelope('ALERT', BAKU, BODY);
    await store.execute(to(AKTAU, alert));
    const before = (await row(alert.id, AKTAU))!;
    const withdrawal = envelope('WITHDRAWAL', BAKU, { refersTo: alert.id, reason: 'false alarm' });
    expect(await store.execute(to(AKTAU, withdrawal))).toEqual({ changed: true });
    expect(await store.execute(to(AKTAU, withdrawal))).toEqual({ changed: false });
    const after = (await row(alert.id, AKTAU))!;
    expect(after).toMatchObject({ withdrawalReason: 'false alarm', withdrawalId: withdrawal.id });
    expect(BigInt(after.cursor)).toBeGreaterThan(BigInt(before.cursor));
    expect(await row(withdrawal.id, AKTAU)).toBeNull();
    expect(await events('message.delivered', withdrawal.id)).toBe(1);
  });

  it('replaces the envelope by an amendment and keeps the previous version, once', async () => {
    const alert = envelope('ALERT', BAKU, BODY);
    await store.execute(to(AKTAU, alert));
    const amendment = envelope('AMENDMENT', BAKU, { refersTo: alert.id, version: 2, body: { ...BODY, title: 'v2' } });
    expect((await store.execute(to(AKTAU, amendment))).changed).toBe(true);
    expect((await store.execute(to(AKTAU, amendment))).changed).toBe(false);
    const amended = (await row(alert.id, AKTAU))!;
    expect(amended.version).toBe(2);
    expect((amended.envelope.body as { title: string }).title).toBe('v2');
    expect(amended.envelope.id).toBe(alert.id);
    expect(amended.history.map((h) => [h.version, (h.message.body as { title: string }).title])).toEqual([[1, 'v1']]);
  });

  it('waits for an original not stored yet, and refuses a change from another node for good', async () => {
    const alert = envelope('ALERT', BAKU, BODY);
    const early = envelope('WITHDRAWAL', BAKU, { refersTo: alert.id, reason: 'x' });
    await expect(store.execute(to(AKTAU, early))).rejects.toBeInstanceOf(TransientError);
    await store.execute(to(AKTAU, alert));
    const forged = envelope('WITHDRAWAL', 'GE-PCU-POTI', { refersTo: alert.id, reason: 'x' });
    await expect(store.execute(to(AKTAU, forged))).rejects.toMatchObject({ reason: 'followup_not_origin' });
    const badAmendment = envelope('AMENDMENT', BAKU, { refersTo: alert.id, version: 2, body: { title: 'only' } });
    await expect(store.execute(to(AKTAU, badAmendment))).rejects.toMatchObject({ reason: 'invalid_amendment' });
    expect((await row(alert.id, AKTAU))!.withdrawnAt).toBeNull();
  });

  it("puts feedback in the origin's inbox and completes the origin's view of the recipient", async () => {
    const alert = envelope('ALERT', BAKU, BODY);
    await store.execute(to(AKTAU, alert));
    const feedback = envelope('FEEDBACK', AKTAU, { refersTo: alert.id, outcome: 'NO_ACTION' });
    expect((await store.execute(to(BAKU, feedback))).changed).toBe(true);
    expect((await store.execute(to(BAKU, feedback))).changed).toBe(false);
    expect(await row(feedback.id, BAKU)).not.toBeNull();
    const answered = (await row(alert.id, AKTAU))!;
    expect(answered.feedback).toMatchObject({ messageId: feedback.id, outcome: 'NO_ACTION' });
    expect(answered.feedbackDeliveredAt).toBeInstanceOf(Date);
  });
});
