import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Envelope, HitBody } from '@iren/contracts';
import { dropDatabase, ensureDatabase } from '@iren/platform';
import { Hits1764720000000 } from '../migrations/1764720000000-hits';
import { RouterSchema1764600000000 } from '../migrations/1764600000000-router-schema';
import { AlertIdentifierEntity } from './alert-identifier.entity';
import { HitEntity } from './hit.entity';
import { nameBasedUuid } from './hit-message';
import { type AlertToIndex, HitsRepository, type HitToRecord } from './hits.repository';

const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DAY = 24 * 3600 * 1000;
const T0 = new Date('2026-11-20T12:00:00.000Z').getTime();
const container = (value: string) => ({ type: 'CONTAINER' as const, value });

function alertOf(origin: string, daysAfterT0: number): AlertToIndex {
  return { id: randomUUID(), origin, createdAt: new Date(T0 + daysAfterT0 * DAY), title: `alert of ${origin}` };
}

describe(HitsRepository.name, () => {
  const databaseUrl = `${PG}/iren_test_hits_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  let ds: DataSource;
  let hits: HitsRepository;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    ds = await new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: [AlertIdentifierEntity, HitEntity],
      migrations: [RouterSchema1764600000000, Hits1764720000000],
      extra: { max: 20 },
    }).initialize();
    await ds.runMigrations();
    hits = new HitsRepository(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(databaseUrl);
  });

  it('finds alerts of other origins within the window on either side, and only those', async () => {
    const c = container('CSQU3054383');
    const early = alertOf('AZ-PCU-BAKU', -90);
    const tooEarly = alertOf('AZ-HQ-BAKU', -91);
    const sameOrigin = alertOf('KZ-PCU-AKTAU', -1);
    const later = alertOf('GE-PCU-POTI', 30); // routed before the alert it follows: still found
    const otherContainer = alertOf('TM-PCU-KRW', 0);
    for (const a of [early, tooEarly, sameOrigin, later]) expect(await hits.indexAndMatch(a, [c], 90)).toBeDefined();
    await hits.indexAndMatch(otherContainer, [container('MSCU1234566')], 90);

    const found = await hits.indexAndMatch(alertOf('KZ-PCU-AKTAU', 0), [c, container('MSCU1234566')], 90);
    expect(found.map((m) => [m.alert.id, m.identifier.value])).toEqual([
      [early.id, 'CSQU3054383'],
      [otherContainer.id, 'MSCU1234566'],
      [later.id, 'CSQU3054383'],
    ]);
    expect(found[0].alert).toEqual(early);
  });

  it('finds nothing new for an alert indexed again, and does not match it with itself', async () => {
    const c = container('TGHU9876545');
    const first = alertOf('AZ-PCU-BAKU', 0);
    const second = alertOf('GE-PCU-POTI', 1);
    await hits.indexAndMatch(first, [c], 90);
    expect(await hits.indexAndMatch(second, [c], 90)).toHaveLength(1);
    expect((await hits.indexAndMatch(second, [c], 90)).map((m) => m.alert.id)).toEqual([first.id]);
    const rows = await ds.query(`SELECT count(*)::int AS n FROM router.alert_identifiers WHERE identifier_value = $1`, [
      c.value,
    ]);
    expect(rows[0].n).toBe(2);
  });

  it('lets exactly one of two alerts indexed at the same moment find the other', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const c = container(`RACE${String(i).padStart(7, '0')}`);
        const [a, b] = await Promise.all([
          hits.indexAndMatch(alertOf('AZ-PCU-BAKU', 0), [c], 90),
          hits.indexAndMatch(alertOf('KZ-PCU-AKTAU', 0), [c], 90),
        ]);
        return a.length + b.length;
      }),
    );
    expect(outcomes).toEqual(Array(20).fill(1));
  });

  it('records one HIT per node, pair and identifier, answering the first copy', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const hit = (createdAt: string): HitToRecord => ({
      alertA: a,
      alertB: b,
      identifierType: 'CONTAINER',
      identifierValue: 'CSQU3054383',
      node: 'AZ-PCU-BAKU',
      envelope: { id: nameBasedUuid(`${a}:${b}`), createdAt } as unknown as Envelope<HitBody>,
    });
    const first = await hits.recordOnce([hit('2026-11-20T12:00:00.000Z')]);
    const again = await hits.recordOnce([hit('2026-11-21T12:00:00.000Z')]);
    expect(again).toEqual(first);
    expect(first[0].createdAt).toBe('2026-11-20T12:00:00.000Z');
    expect(await hits.recordOnce([])).toEqual([]);
  });

  it('migrates down and up again', async () => {
    await ds.undoLastMigration();
    const tables = async () =>
      (
        await ds.query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'router' ORDER BY table_name`,
        )
      ).map((r: { table_name: string }) => r.table_name);
    expect(await tables()).toEqual(['routed_messages']);
    await ds.runMigrations();
    expect(await tables()).toEqual(['alert_identifiers', 'hits', 'routed_messages']);
  });
});
