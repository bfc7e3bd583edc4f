import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Envelope } from '@iren/contracts';
import { dropDatabase, ensureDatabase } from '@iren/platform';
import { ROUTER_ENTITIES, ROUTER_MIGRATIONS } from '../router.module';
import { RoutedMessagesRepository } from './routed-messages.repository';

const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

const alert = (): Envelope =>
  ({
    id: randomUUID(),
    kind: 'ALERT',
    origin: 'AZ-PCU-BAKU',
    createdAt: new Date().toISOString(),
    tlp: 'AMBER',
    body: {},
  }) as unknown as Envelope;

describe(RoutedMessagesRepository.name, () => {
  const databaseUrl = `${PG}/iren_test_routed_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  let ds: DataSource;
  let routed: RoutedMessagesRepository;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    // One connection, given up on after half a second: what a pool meets when thousands of queries are asked at once.
    ds = await new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: ROUTER_ENTITIES,
      migrations: ROUTER_MIGRATIONS,
      extra: { max: 1, connectionTimeoutMillis: 500 },
    }).initialize();
    await ds.runMigrations();
    routed = new RoutedMessagesRepository(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(databaseUrl);
  });

  it('reads the recipients of thousands of messages on one connection, page by page', async () => {
    const messages = Array.from({ length: 2_500 }, alert);
    const recipients = (i: number) => [{ node: `KZ-PCU-N${String(i % 7).padStart(5, '0')}`, reasons: ['filter:0'] }];
    for (let i = 0; i < messages.length; i += 500) {
      await routed.recordManyOnce(
        messages.slice(i, i + 500).map((envelope, j) => ({ envelope, recipients: recipients(i + j) })),
      );
    }
    const unknown = randomUUID();
    const found = await routed.recipientsOf([...messages.map((m) => m.id), unknown, messages[0].id]);
    expect(found.size).toBe(2_500);
    expect(found.get(messages[1234].id)).toEqual([recipients(1234)[0].node]);
    expect(found.has(unknown)).toBe(false);
  });
});
