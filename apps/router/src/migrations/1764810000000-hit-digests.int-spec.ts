import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dropDatabase, ensureDatabase } from '@iren/platform';
import { ROUTER_MIGRATIONS } from '../router.module';
import { HitDigests1764810000000 } from './1764810000000-hit-digests';

const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const BAKU = 'AZ-PCU-BAKU';
const AKTAU = 'KZ-PCU-AKTAU';
const POTI = 'GE-PCU-POTI';

describe(HitDigests1764810000000.name, () => {
  const databaseUrl = `${PG}/iren_test_hitmig_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  let ds: DataSource;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    ds = await new DataSource({
      type: 'postgres',
      url: databaseUrl,
      // The migrations before it: the schema it was written against.
      migrations: ROUTER_MIGRATIONS.slice(0, ROUTER_MIGRATIONS.indexOf(HitDigests1764810000000)),
    }).initialize();
    await ds.runMigrations();
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(databaseUrl);
  });

  const tables = async () =>
    (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'router' ORDER BY 1`)).map(
      (r: { table_name: string }) => r.table_name,
    );

  it('turns the HITs per pair of alerts into hits per pair of nodes, told and not pending; down and up again', async () => {
    const [b1, b2, a1, p1] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const index = `INSERT INTO router.alert_identifiers VALUES ($1, 'CONTAINER', 'CSQU3054383', $2, $3, $4)`;
    await ds.query(index, [b1, BAKU, '2026-11-01T00:00:00Z', 'b1']);
    await ds.query(index, [a1, AKTAU, '2026-11-02T00:00:00Z', 'a1']);
    await ds.query(index, [b2, BAKU, '2026-11-03T00:00:00Z', 'b2']);
    await ds.query(index, [p1, POTI, '2026-11-04T00:00:00Z', null]);
    const hit = `INSERT INTO router.hits VALUES ($1, $2, 'CONTAINER', 'CSQU3054383', $3, $4, '{}', $5)`;
    for (const node of [BAKU, AKTAU]) {
      await ds.query(hit, [b1, a1, node, randomUUID(), '2026-11-02T00:00:01Z']);
      await ds.query(hit, [a1, b2, node, randomUUID(), '2026-11-03T00:00:01Z']);
    }

    const migration = new HitDigests1764810000000();
    const q = ds.createQueryRunner();
    try {
      await migration.up(q);
      expect(
        await q.query(`SELECT origin, latest_alert_id, alert_count FROM router.identifier_sightings ORDER BY origin`),
      ).toEqual([
        { origin: BAKU, latest_alert_id: b2, alert_count: 2 },
        { origin: POTI, latest_alert_id: p1, alert_count: 1 },
        { origin: AKTAU, latest_alert_id: a1, alert_count: 1 },
      ]);
      const hits = await q.query(`SELECT * FROM router.identifier_hits`);
      expect(hits).toEqual([
        expect.objectContaining({
          node_a: BAKU,
          node_b: AKTAU,
          a_alert_id: b2,
          b_alert_id: a1,
          a_count: 2,
          b_count: 1,
          notified_seq: 1,
          notified_count: 3,
          notified_at: new Date('2026-11-03T00:00:01Z'),
        }),
      ]);
      expect(await tables()).toEqual([
        'alert_identifiers',
        'bus_keys',
        'hit_notices',
        'identifier_hits',
        'identifier_sightings',
        'pending_follow_ups',
        'routed_messages',
      ]);
      await migration.down(q);
      expect(await tables()).toEqual([
        'alert_identifiers',
        'bus_keys',
        'hits',
        'pending_follow_ups',
        'routed_messages',
      ]);
      expect(await q.query(`SELECT count(*)::int AS n FROM router.alert_identifiers`)).toEqual([{ n: 4 }]);
      await migration.up(q);
      expect(await tables()).toContain('identifier_hits');
    } finally {
      await q.release();
    }
  });
});
