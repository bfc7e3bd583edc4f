import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from './database';

const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

describe(ensureDatabase.name, () => {
  const databaseUrl = `${PG}/iren_test_ensure_db_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;

  afterAll(() => dropDatabase(databaseUrl));

  it('creates a missing database once when several apps start at the same moment (a site gateway and router)', async () => {
    // Eight at once: some find it missing together, and all but one CREATE lose the race.
    await Promise.all(Array.from({ length: 8 }, () => ensureDatabase(databaseUrl)));
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
    await ensureDatabase(databaseUrl);
  });
});
