import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import { MerkleTree, verifyInclusion, verifyLedgerView } from '@iren/ledger';
import { deleteStreams, drainNats } from '@iren/messaging';
import { createRootLogger, dropDatabase, InvalidInputError } from '@iren/platform';
import { jetstreamManager } from '@nats-io/jetstream';
import { CheckpointsRepository } from '../checkpoints/checkpoints.repository';
import { LedgerProofsService } from '../checkpoints/ledger-proofs.service';
import { AppendLedgerEntry } from '../ledger/append-ledger-entry.usecase';
import { connectPlumbing, draft, startTestAudit, testAuditConfig } from '../testing/fixtures';
import { LedgerVerificationService } from './ledger-verification.service';

const suffix = randomBytes(5).toString('hex');
const names = new ExchangeNames(`t${suffix}`);
const config = testAuditConfig('tamper', suffix, names.namespace, { checkpointEvery: 4, checkpointSeconds: 60 });
const ENTRIES = 8;

let app: INestApplication;
let superuser: Client;

/** Runs statements as a superuser with triggers off, as someone tampering with the database would. */
async function tamper(...statements: string[]): Promise<void> {
  await superuser.query('BEGIN');
  try {
    await superuser.query('SET LOCAL session_replication_role = replica');
    for (const sql of statements) await superuser.query(sql);
    await superuser.query('COMMIT');
  } catch (error) {
    await superuser.query('ROLLBACK');
    throw error;
  }
}

const verify = () => app.get(LedgerVerificationService).verify();

beforeAll(async () => {
  app = await startTestAudit(config, createRootLogger('audit', config.logLevel));
  for (let i = 0; i < ENTRIES; i += 1) await app.get(AppendLedgerEntry).execute(draft({ data: { n: i } }));
  superuser = new Client({ connectionString: config.databaseUrl });
  await superuser.connect();
  await superuser.query('CREATE TABLE "public"."ledger_copy" AS SELECT * FROM "audit"."ledger"');
});

afterEach(async () => {
  // Put the untouched rows back for the next case.
  await tamper('DELETE FROM "audit"."ledger"', 'INSERT INTO "audit"."ledger" SELECT * FROM "public"."ledger_copy"');
});

afterAll(async () => {
  await superuser?.end();
  await app?.close();
  const nc = await connectPlumbing();
  await deleteStreams(await jetstreamManager(nc), names);
  await drainNats(nc);
  await dropDatabase(config.databaseUrl);
});

describe('the ledger in PostgreSQL', () => {
  it('signed a checkpoint every 4 entries, verifiable with the public key', async () => {
    const latest = await app.get(CheckpointsRepository).latest();
    expect(latest?.size).toBe(ENTRIES);
    const { publicKey } = app.get(LedgerProofsService).publicKey();
    expect(verifyLedgerView(latest!, publicKey).valid).toBe(true);
  });

  it.each([
    ['UPDATE', 'UPDATE "audit"."ledger" SET "node" = NULL WHERE "index" = 1'],
    ['DELETE', 'DELETE FROM "audit"."ledger" WHERE "index" = 1'],
    ['TRUNCATE', 'TRUNCATE "audit"."ledger"'],
    ['UPDATE', 'UPDATE "audit"."checkpoints" SET "size" = 1'],
  ])('refuses %s through the application connection', async (_op, sql) => {
    await expect(app.get(DataSource).query(sql)).rejects.toThrow(/append-only/);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('finds the rows intact and matching the checkpoint', async () => {
    expect(await verify()).toMatchObject({ intact: true, entries: ENTRIES, checkpoint: { size: ENTRIES } });
  });

  it('names an altered row', async () => {
    await tamper(`UPDATE "audit"."ledger" SET "data" = '{"n": 99}' WHERE "index" = 5`);
    expect(await verify()).toMatchObject({
      intact: false,
      fault: { index: 5, problem: expect.stringMatching(/leaf/) },
    });
  });

  it('names a deleted row', async () => {
    await tamper('DELETE FROM "audit"."ledger" WHERE "index" = 3');
    expect(await verify()).toMatchObject({
      intact: false,
      fault: { index: 3, problem: expect.stringMatching(/missing/) },
    });
  });

  it('names a deleted last row against the checkpoint', async () => {
    await tamper(`DELETE FROM "audit"."ledger" WHERE "index" = ${ENTRIES - 1}`);
    expect(await verify()).toMatchObject({ intact: false, fault: { index: ENTRIES - 1 } });
  });

  it('names the first of two rows whose indexes were swapped', async () => {
    await tamper(
      'UPDATE "audit"."ledger" SET "index" = 1000 WHERE "index" = 2',
      'UPDATE "audit"."ledger" SET "index" = 2 WHERE "index" = 6',
      'UPDATE "audit"."ledger" SET "index" = 6 WHERE "index" = 1000',
    );
    expect(await verify()).toMatchObject({ intact: false, fault: { index: 2 } });
  });

  it('names a forged row inserted in the middle', async () => {
    await tamper(
      'UPDATE "audit"."ledger" SET "index" = "index" + 100 WHERE "index" >= 4',
      'UPDATE "audit"."ledger" SET "index" = "index" - 99 WHERE "index" >= 100',
      `INSERT INTO "audit"."ledger" SELECT 4, 'forged', "type", "at", "recorded_at", "node", "nodes", "country",
         "message_id", "kind", "correlation_id", '{"forged": true}', "leaf_hash", "prev_hash", "chain_hash"
       FROM "public"."ledger_copy" WHERE "index" = 4`,
    );
    expect(await verify()).toMatchObject({ intact: false, fault: { index: 4 } });
  });

  it('names a forged row appended at the end', async () => {
    await tamper(
      `INSERT INTO "audit"."ledger" SELECT ${ENTRIES}, 'forged-end', "type", "at", "recorded_at", "node", "nodes",
         "country", "message_id", "kind", "correlation_id", "data", "leaf_hash", "prev_hash", "chain_hash"
       FROM "public"."ledger_copy" WHERE "index" = 0`,
    );
    expect(await verify()).toMatchObject({ intact: false, fault: { index: ENTRIES } });
  });
});

describe('proofs over the ledger', () => {
  const proofs = () => app.get(LedgerProofsService);

  it('answers inclusion and consistency proofs that verify against the signed root', async () => {
    const checkpoint = await proofs().latestCheckpoint();
    const [row] = await superuser
      .query('SELECT "leaf_hash" FROM "audit"."ledger" WHERE "index" = 6')
      .then((r) => r.rows);
    const inclusion = await proofs().inclusion(6, checkpoint.size);
    const hashes = inclusion.hashes.map((h) => Buffer.from(h, 'hex'));
    const root = Buffer.from(checkpoint.rootHash, 'hex');
    expect(verifyInclusion(Buffer.from(row.leaf_hash, 'hex'), 6, checkpoint.size, hashes, root)).toBe(true);
    const tree = new MerkleTree();
    const leaves = await superuser.query('SELECT "leaf_hash" FROM "audit"."ledger" ORDER BY "index"');
    for (const r of leaves.rows) tree.append(Buffer.from(r.leaf_hash, 'hex'));
    const consistency = await proofs().consistency(3, checkpoint.size);
    expect(consistency.hashes).toEqual(tree.consistencyProof(3, checkpoint.size).map((h) => h.toString('hex')));
  });

  it.each([
    ['index', () => proofs().inclusion(4, 4)],
    ['size', () => proofs().inclusion(0, ENTRIES + 1)],
    ['from', () => proofs().consistency(0, 4)],
    ['from', () => proofs().consistency(5, 4)],
    ['to', () => proofs().consistency(2, ENTRIES + 1)],
  ])('refuses a bad request naming %s', async (field, ask) => {
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fields?.[0].field).toBe(field);
  });
});
