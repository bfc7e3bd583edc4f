import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { DeliveryPayload, Envelope } from '@iren/contracts';
import { dropDatabase, ensureDatabase } from '@iren/platform';
import { DeliveriesRepository } from '../inbox/deliveries.repository';
import { DeliveryEntity } from '../inbox/delivery.entity';
import { GatewaySchema1764400000000 } from '../migrations/1764400000000-gateway-schema';
import { MessageLifecycle1764710000000 } from '../migrations/1764710000000-message-lifecycle';
import { FeedbackDeadlinesRepository } from './feedback-deadlines.repository';

const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const NODES = ['GE-PCU-POTI', 'KZ-HQ-ASTANA', 'KZ-PCU-AKTAU', 'TM-PCU-KRW', 'UZ-HQ-TASHKENT'];

function alertFor(node: string, dueBy: string): DeliveryPayload {
  const envelope = {
    id: randomUUID(),
    kind: 'ALERT',
    origin: 'AZ-PCU-BAKU',
    createdAt: new Date().toISOString(),
    tlp: 'AMBER',
    body: { title: 'x', feedbackDueBy: dueBy },
  } as unknown as Envelope;
  return { recipient: node, envelope, reasons: ['filter:0'] };
}

describe(FeedbackDeadlinesRepository.name, () => {
  const databaseUrl = `${PG}/iren_test_deadlines_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  const sources: DataSource[] = [];
  const open = async () => {
    const ds = await new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: [DeliveryEntity],
      migrations: [GatewaySchema1764400000000, MessageLifecycle1764710000000],
    }).initialize();
    sources.push(ds);
    return ds;
  };

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    await (await open()).runMigrations();
  });

  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
    await dropDatabase(databaseUrl);
  });

  it('marks each overdue delivery once with two gateways scanning, and moves it after every cursor', async () => {
    const [first, second] = [sources[0], await open()];
    const deliveries = new DeliveriesRepository(first);
    const past = new Date(Date.now() - 1000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const total = 250;
    for (let i = 0; i < total; i++) {
      await first.transaction((m) => deliveries.insertOnce(m, alertFor(NODES[i % NODES.length], past), new Date(past)));
    }
    const notDue = alertFor('GE-PCU-POTI', future);
    await first.transaction((m) => deliveries.insertOnce(m, notDue, new Date(future)));
    const [{ max: lastCursor }] = await first.query(`SELECT max(cursor)::text AS max FROM gateway.deliveries`);

    const scan = async (ds: DataSource) => {
      const repository = new FeedbackDeadlinesRepository(ds);
      const claimed: string[] = [];
      for (;;) {
        const batch = await ds.transaction((m) => repository.markOverdue(m, 7));
        if (batch.length === 0) return claimed;
        claimed.push(...batch.map((d) => d.id));
      }
    };
    const [a, b] = await Promise.all([scan(first), scan(second)]);

    expect(a.length + b.length).toBe(total);
    expect(new Set([...a, ...b]).size).toBe(total);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    const rows: { cursor: string; overdue: boolean }[] = await first.query(
      `SELECT cursor::text, feedback_overdue_at IS NOT NULL AS overdue FROM gateway.deliveries WHERE message_id <> $1`,
      [notDue.envelope.id],
    );
    expect(rows.every((r) => r.overdue && BigInt(r.cursor) > BigInt(lastCursor))).toBe(true);
    expect(await scan(first)).toEqual([]);
    expect(await new FeedbackDeadlinesRepository(first).nextDue()).toEqual(new Date(future));
  });

  it('leaves alone what was answered or withdrawn', async () => {
    const ds = sources[0];
    const deliveries = new DeliveriesRepository(ds);
    const past = new Date(Date.now() - 1000).toISOString();
    const answered = alertFor('KZ-PCU-AKTAU', past);
    const withdrawn = alertFor('KZ-PCU-AKTAU', past);
    for (const d of [answered, withdrawn]) await ds.transaction((m) => deliveries.insertOnce(m, d, new Date(past)));
    await ds.query(`UPDATE gateway.deliveries SET feedback = '{"outcome":"NO_ACTION"}' WHERE message_id = $1`, [
      answered.envelope.id,
    ]);
    await ds.query(`UPDATE gateway.deliveries SET withdrawn_at = now() WHERE message_id = $1`, [withdrawn.envelope.id]);
    expect(await ds.transaction((m) => new FeedbackDeadlinesRepository(ds).markOverdue(m, 100))).toEqual([]);
  });

  it('migrates down and up again', async () => {
    const ds = sources[0];
    await ds.undoLastMigration();
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'gateway' AND column_name = 'feedback_due_at'`,
    );
    expect(n).toBe(0);
    expect((await ds.query(`SELECT count(*)::int AS n FROM gateway.deliveries WHERE cursor IS NULL`))[0].n).toBe(0);
    await ds.runMigrations();
    expect(
      (await ds.query(`SELECT count(*)::int AS n FROM gateway.deliveries WHERE cursor = id`))[0].n,
    ).toBeGreaterThan(0);
  });
});
