import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import { MerkleTree, verifyConsistency, verifyInclusion, verifyLedgerView } from '@iren/ledger';
import { deleteStreams, drainNats } from '@iren/messaging';
import { appDataSourceOptions, createRootLogger, dropDatabase } from '@iren/platform';
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS } from '../audit.module';
import { CheckpointSigner } from '../checkpoints/checkpoint-signer';
import { CheckpointsRepository } from '../checkpoints/checkpoints.repository';
import { LedgerProofsService } from '../checkpoints/ledger-proofs.service';
import { connectPlumbing, draft, startTestAudit, testAuditConfig } from '../testing/fixtures';
import { AppendLedgerEntry } from './append-ledger-entry.usecase';
import type { LedgerEntryDraft, SealedLedgerEntry } from './ledger-entry';
import { firstBrokenEntry } from './ledger-hashing';
import { LedgerRepository } from './ledger.repository';

jest.setTimeout(120_000);

const suffix = randomBytes(5).toString('hex');
const names = new ExchangeNames(`t${suffix}`);
const EVERY = 10;
const config = testAuditConfig('batches', suffix, names.namespace, { checkpointEvery: EVERY, checkpointSeconds: 3600 });

let app: INestApplication;
const appender = () => app.get(AppendLedgerEntry);
const allRows = () => app.get(LedgerRepository).rowsAfter(-1, 100_000);
const checkpointSizes = async () =>
  (await app.get(DataSource).query<{ size: string }[]>('SELECT "size" FROM "audit"."checkpoints" ORDER BY "size"')).map(
    (r) => Number(r.size),
  );

/** The tree rebuilt from the stored leaves one at a time: a model independent of the service's batch path. */
function treeOf(rows: SealedLedgerEntry[]): MerkleTree {
  const tree = new MerkleTree();
  for (const row of rows) tree.append(Buffer.from(row.leafHash, 'hex'));
  return tree;
}

const drafts = (n: number, tag: string) => Array.from({ length: n }, (_, i) => draft({ data: { tag, i } }));

beforeAll(async () => {
  app = await startTestAudit(config, createRootLogger('audit', config.logLevel));
});

afterAll(async () => {
  await app?.close();
  const nc = await connectPlumbing();
  await deleteStreams(await jetstreamManager(nc), names);
  await drainNats(nc);
  await dropDatabase(config.databaseUrl);
});

describe('the ledger appended in batches', () => {
  // Sizes of the ledger after each append: batch, single, batch over one INSERT's rows, singles, batch.
  const appends: (LedgerEntryDraft | LedgerEntryDraft[])[] = [
    drafts(5, 'a'),
    draft(),
    drafts(1003, 'b'),
    draft(),
    draft(),
    drafts(37, 'c'),
    drafts(1, 'd'),
  ];
  const boundaries: number[] = [];

  it('stores every entry once, in the order given, in one intact chain', async () => {
    for (const a of appends) {
      if (Array.isArray(a)) await appender().executeBatch(a);
      else await appender().execute(a);
      boundaries.push((await allRows()).length);
    }
    const rows = await allRows();
    expect(boundaries).toEqual([5, 6, 1009, 1010, 1011, 1048, 1049]);
    expect(rows.map((r) => r.sourceId)).toEqual(appends.flat().map((d) => d.sourceId));
    expect(rows.map((r) => r.index)).toEqual(rows.map((_, i) => i));
    expect(firstBrokenEntry(rows)).toBeNull();
  });

  it('answers inclusion and consistency proofs that verify across batch boundaries', async () => {
    const rows = await allRows();
    const model = treeOf(rows);
    const proofs = app.get(LedgerProofsService);
    // Every boundary, the sizes either side of it, and a size inside the big batch.
    const sizes = [...new Set(boundaries.flatMap((b) => [b - 1, b, b + 1]).concat(500))]
      .filter((s) => s >= 1 && s <= rows.length)
      .sort((a, b) => a - b);
    const failures: string[] = [];
    for (const to of sizes) {
      for (const from of sizes.filter((s) => s <= to)) {
        const { hashes } = await proofs.consistency(from, to);
        const proof = hashes.map((h) => Buffer.from(h, 'hex'));
        if (!verifyConsistency(from, to, model.root(from), model.root(to), proof)) failures.push(`${from} to ${to}`);
      }
      // The first and last entry of every batch before `to`, and the entries either side of each boundary.
      const indexes = [...new Set(boundaries.flatMap((b) => [b - 1, b]).concat(0))].filter((i) => i < to);
      for (const index of indexes) {
        const { hashes } = await proofs.inclusion(index, to);
        const proof = hashes.map((h) => Buffer.from(h, 'hex'));
        const leaf = Buffer.from(rows[index].leafHash, 'hex');
        if (!verifyInclusion(leaf, index, to, proof, model.root(to))) failures.push(`${index} in ${to}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('signs checkpoints at commits, at least EVERY entries apart, none leaving EVERY entries unsigned', async () => {
    const sizes = await checkpointSizes();
    expect(sizes.every((s) => boundaries.includes(s))).toBe(true);
    expect(sizes.slice(1).every((s, i) => s - sizes[i] >= EVERY)).toBe(true);
    expect(boundaries.at(-1)! - sizes.at(-1)!).toBeLessThan(EVERY);
    // The latest one signs the root of the ledger as the model has it, and extends the first one.
    const checkpoints = app.get(CheckpointsRepository);
    const latest = (await checkpoints.latest())!;
    const model = treeOf(await allRows());
    expect(latest.rootHash).toBe(model.root(latest.size).toString('hex'));
    const { publicKey } = app.get(LedgerProofsService).publicKey();
    // The first checkpoint as stored; the latest must extend it.
    const [first] = await app
      .get(DataSource)
      .query<{ root_hash: string; timestamp: string; key_id: string; signature: string }[]>(
        'SELECT "root_hash", "timestamp", "key_id", "signature" FROM "audit"."checkpoints" WHERE "size" = $1',
        [sizes[0]],
      );
    expect(first.root_hash).toBe(model.root(sizes[0]).toString('hex'));
    const earlier = {
      size: sizes[0],
      rootHash: first.root_hash,
      timestamp: first.timestamp,
      keyId: first.key_id,
      signature: first.signature,
    };
    const { hashes } = await app.get(LedgerProofsService).consistency(earlier.size, latest.size);
    expect(verifyLedgerView(latest, publicKey, earlier, hashes)).toMatchObject({ valid: true });
  });

  it('appends nothing, and signs nothing, for a redelivered batch', async () => {
    const [before, signed] = [await allRows(), await checkpointSizes()];
    const redelivered = [...(appends[2] as LedgerEntryDraft[]).slice(0, 300), appends[3] as LedgerEntryDraft];
    expect(await appender().executeBatch(redelivered)).toEqual(redelivered.map(() => null));
    expect(await appender().execute(appends[1] as LedgerEntryDraft)).toBeNull();
    expect(await allRows()).toEqual(before);
    expect(await checkpointSizes()).toEqual(signed);
  });

  it('appends only the new sources of a batch that repeats some, and each source once', async () => {
    const before = (await allRows()).length;
    const fresh = drafts(4, 'e');
    const outcomes = await appender().executeBatch([
      fresh[0],
      ...drafts(0, ''),
      appends[1] as LedgerEntryDraft,
      fresh[1],
      fresh[0],
      ...fresh.slice(2),
    ]);
    expect(outcomes.map((o) => o?.index ?? null)).toEqual([before, null, before + 1, null, before + 2, before + 3]);
    const rows = await allRows();
    expect(rows.slice(before).map((r) => r.sourceId)).toEqual(fresh.map((d) => d.sourceId));
    expect(firstBrokenEntry(rows)).toBeNull();
  });

  it('keeps one dense chain when two instances append overlapping batches at once', async () => {
    // A second data source stands for a second audit instance: its own pool, the same table.
    const other = await new DataSource(
      appDataSourceOptions({
        databaseUrl: config.databaseUrl,
        schema: 'audit',
        entities: AUDIT_ENTITIES,
        migrations: AUDIT_MIGRATIONS,
      }),
    ).initialize();
    try {
      const instances = [appender(), new AppendLedgerEntry(new LedgerRepository(other), app.get(CheckpointSigner))];
      const before = (await allRows()).length;
      const shared = drafts(120, 'shared');
      // Both instances get every shared draft, in batches cut differently, with some of their own.
      const batchesOf = (n: number, own: string) =>
        Array.from({ length: Math.ceil(shared.length / n) }, (_, i) => [
          ...shared.slice(i * n, (i + 1) * n),
          ...drafts(2, `${own}${i}`),
        ]);
      const runs = [batchesOf(7, 'x'), batchesOf(11, 'y')].map(async (batches, i) => {
        for (const batch of batches) await instances[i].executeBatch(batch);
        return batches.flat();
      });
      const given = (await Promise.all(runs)).flat();
      const rows = await allRows();
      const added = rows.slice(before).map((r) => r.sourceId);
      expect(new Set(added).size).toBe(added.length);
      expect(new Set(added)).toEqual(new Set(given.map((d) => d.sourceId)));
      expect(rows.map((r) => r.index)).toEqual(rows.map((_, i) => i));
      expect(firstBrokenEntry(rows)).toBeNull();
    } finally {
      await other.destroy();
    }
  });
});
