/**
 * The ledger (issue 10, 4 e). In memory, `MerkleTree` of `@iren/ledger` at 10^4, 10^5 and 10^6
 * leaves: append rate, proofs generated and verified per second, beside the naive baseline (RFC 9162
 * PATH and PROOF evaluated from their recursive definitions). Stored, the audit's own path
 * (`AppendLedgerEntry` on PostgreSQL, with checkpoints signed as the audit's configuration says):
 * entries appended per second in the consumers' batches (`executeBatch`) while the ledger grows to
 * 1,000,000 entries, then one at a time (`execute`); the tree a starting audit loads; inclusion and
 * consistency proofs per second through `LedgerProofsService` at that size. Prints figures; never
 * asserts on time.
 *
 *   npm run build && node --expose-gc dist/bench/ledger.bench.js [--quick] [--sizes=10000,100000,1000000]
 *     [--runs=3] [--entries=1000000] [--batch=256] [--singles=2000] [--proofs=2000]
 *
 * The stored part uses a database of its own and drops it afterwards.
 */
import { leafHash, MerkleTree, nodeHash, verifyConsistency, verifyInclusion } from '@iren/ledger';
import { AuditLedger } from './lib/audit-ledger';
import { benchArgs, emitFigures } from './lib/emit';
import { cleanUpOnStop } from './lib/stop-hooks';
import { against, type Figure, figureOf } from './lib/figures';

/** Random queries timed per run; the naive baseline is O(n) a query, so it gets fewer. */
const QUERIES = 2_000;
const NAIVE_WORK_BUDGET = 500_000; // leaves visited per naive run: 50 calls at 10^4, one at 10^6

/** Deterministic PRNG (mulberry32), so that runs are comparable. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function elapsedMs(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function elapsedMsAsync(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Calls of `query` per second over `count` calls. */
function perSecond(count: number, query: (i: number) => void): number {
  return (
    count /
    (elapsedMs(() => {
      for (let i = 0; i < count; i++) query(i);
    }) /
      1000)
  );
}

function buffersMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().arrayBuffers / 2 ** 20;
}

/** The baseline: RFC 9162 MTH, PATH and PROOF evaluated straight from their recursive definitions. */
class NaiveMerkle {
  constructor(private readonly leaves: Buffer) {}

  root(start: number, end: number): Buffer {
    if (end - start === 1) return this.leaves.subarray(start * 32, start * 32 + 32);
    const middle = start + split(end - start);
    return nodeHash(this.root(start, middle), this.root(middle, end));
  }

  path(index: number, start: number, end: number): Buffer[] {
    if (end - start <= 1) return [];
    const middle = start + split(end - start);
    return index < middle
      ? [...this.path(index, start, middle), this.root(middle, end)]
      : [...this.path(index, middle, end), this.root(start, middle)];
  }

  proof(m: number, start: number, end: number, startsAtOldRoot: boolean): Buffer[] {
    if (m === end - start) return startsAtOldRoot ? [] : [this.root(start, end)];
    const middle = start + split(end - start);
    return m <= middle - start
      ? [...this.proof(m, start, middle, startsAtOldRoot), this.root(middle, end)]
      : [...this.proof(m - (middle - start), middle, end, false), this.root(start, middle)];
  }
}

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

interface Queries {
  sizes: number[];
  /** An index below sizes[i]; plus one, the older size of a consistency proof. */
  indices: number[];
}

function randomQueries(n: number, seed: number): Queries {
  const rnd = random(seed);
  const sizes = Array.from({ length: QUERIES }, () => 1 + Math.floor(rnd() * n));
  return { sizes, indices: sizes.map((size) => Math.floor(rnd() * size)) };
}

/** A wrong answer would make the figures meaningless, so it stops the benchmark. */
function check(ok: boolean): void {
  if (!ok) throw new Error('ledger benchmark: a proof or root did not verify');
}

/** One run at `n` leaves: per second figures of building the tree, its proofs, and the naive baseline's. */
function runInMemory(n: number, seed: number) {
  const leaves = Buffer.allocUnsafe(n * 32); // packed, for the naive baseline
  const hashMs = elapsedMs(() => {
    for (let i = 0; i < n; i++) leafHash(Buffer.from(`event ${i}`)).copy(leaves, i * 32);
  });
  const before = buffersMiB();
  const tree = new MerkleTree();
  const appendMs = elapsedMs(() => {
    for (let i = 0; i < n; i++) tree.append(leaves.subarray(i * 32, i * 32 + 32));
  });
  const treeMiB = buffersMiB() - before;
  const { sizes, indices } = randomQueries(n, seed);
  const proofs = sizes.map((size, i) => tree.inclusionProof(indices[i], size));
  const inclusion = perSecond(QUERIES, (i) => tree.inclusionProof(indices[i], sizes[i]));
  const roots = sizes.map((size) => tree.root(size));
  const fromRoots = indices.map((index) => tree.root(index + 1));
  const inclusionCheck = perSecond(QUERIES, (i) =>
    check(verifyInclusion(tree.leaf(indices[i]), indices[i], sizes[i], proofs[i], roots[i])),
  );
  const consistencyProofs = sizes.map((size, i) => tree.consistencyProof(indices[i] + 1, size));
  const consistency = perSecond(QUERIES, (i) => tree.consistencyProof(indices[i] + 1, sizes[i]));
  const consistencyCheck = perSecond(QUERIES, (i) =>
    check(verifyConsistency(indices[i] + 1, sizes[i], fromRoots[i], roots[i], consistencyProofs[i])),
  );
  const naive = new NaiveMerkle(leaves);
  const calls = Math.max(1, Math.min(QUERIES, Math.floor(NAIVE_WORK_BUDGET / n)));
  const naivePath = perSecond(calls, (i) => naive.path(indices[i], 0, sizes[i]));
  const naiveProof = perSecond(calls, (i) => naive.proof(indices[i] + 1, 0, sizes[i], true));
  check(naive.root(0, n).equals(tree.root()));
  return {
    hash: n / (hashMs / 1000),
    append: n / (appendMs / 1000),
    treeMiB,
    inclusion,
    inclusionCheck,
    consistency,
    consistencyCheck,
    naivePath,
    naiveProof,
  };
}

function inMemoryFigures(n: number, runs: number): Figure[] {
  const results = Array.from({ length: runs }, (_, run) => runInMemory(n, n + run));
  const values = (key: keyof (typeof results)[number]) => results.map((r) => r[key]);
  const leaves = `${n.toLocaleString('en')} leaves`;
  const naivePath = figureOf('ledger', `naive PATH (RFC 9162 recursion), ${leaves}`, 'proofs/s', values('naivePath'));
  const naiveProof = figureOf(
    'ledger',
    `naive PROOF (RFC 9162 recursion), ${leaves}`,
    'proofs/s',
    values('naiveProof'),
  );
  return [
    figureOf('ledger', `leafHash, ${leaves}`, 'hashes/s', values('hash')),
    figureOf('ledger', `MerkleTree.append, ${leaves}`, 'leaves/s', values('append')),
    figureOf('ledger', `MerkleTree memory, ${leaves}`, 'MiB', values('treeMiB'), 'buffers; run with --expose-gc'),
    naivePath,
    against(figureOf('ledger', `inclusion proof (in memory), ${leaves}`, 'proofs/s', values('inclusion')), naivePath),
    figureOf('ledger', `inclusion proof verified, ${leaves}`, 'proofs/s', values('inclusionCheck')),
    naiveProof,
    against(
      figureOf('ledger', `consistency proof (in memory), ${leaves}`, 'proofs/s', values('consistency')),
      naiveProof,
    ),
    figureOf('ledger', `consistency proof verified, ${leaves}`, 'proofs/s', values('consistencyCheck')),
  ];
}

/**
 * The audit's stored ledger: grows it to `entries` in batches of `batch` (three timed segments),
 * appends `singles` one at a time per run, loads a fresh tree from the table, and times proofs
 * through the proofs service at the final size.
 */
async function storedFigures(options: {
  entries: number;
  batch: number;
  singles: number;
  proofs: number;
  runs: number;
}): Promise<Figure[]> {
  const { entries, batch, singles, proofs, runs } = options;
  const ledger = await AuditLedger.start();
  const forget = cleanUpOnStop(() => ledger.close());
  try {
    const policy = `checkpoint every ${ledger.config.checkpointEvery} entries or ${ledger.config.checkpointSeconds} s`;
    const batched: number[] = [];
    const segment = Math.ceil(entries / 3);
    for (let done = 0; done < entries;) {
      const target = Math.min(entries, done + segment);
      const count = target - done;
      const ms = await elapsedMsAsync(async () => {
        for (let i = done; i < target; i += batch)
          await ledger.append.executeBatch(ledger.drafts(Math.min(batch, target - i)));
      });
      batched.push(count / (ms / 1000));
      done = target;
      console.log(`ledger: ${done.toLocaleString('en')} entries stored (${batched.at(-1)!.toFixed(0)} entries/s)`);
    }
    const filled = await ledger.counts();
    // As it goes: what was measured is kept if the runner's time limit stops the rest.
    emitFigures([
      figureOf(
        'ledger',
        `append in batches of ${batch} (executeBatch), up to ${filled.entries.toLocaleString('en')} entries`,
        'entries/s',
        batched,
        `${filled.checkpoints} checkpoints signed (${policy}); one timed segment a run`,
      ),
    ]);
    const single: number[] = [];
    for (let run = 0; run < runs; run++) {
      const drafts = ledger.drafts(singles);
      const ms = await elapsedMsAsync(async () => {
        for (const draft of drafts) await ledger.append.execute(draft);
      });
      single.push(singles / (ms / 1000));
    }
    const { entries: size, checkpoints } = await ledger.counts();
    if (size !== entries + runs * singles)
      throw new Error(`the ledger holds ${size} entries, ${entries + runs * singles} expected`);
    const fresh = ledger.freshTree();
    const loadMs = await elapsedMsAsync(() => fresh.sync());
    const tree = await fresh.sync();

    const inclusion: number[] = [];
    const consistency: number[] = [];
    for (let run = 0; run < runs; run++) {
      const { indices } = randomQueries(size, size + run);
      const count = Math.min(proofs, QUERIES);
      inclusion.push(
        count /
          ((await elapsedMsAsync(async () => {
            for (let i = 0; i < count; i++) await ledger.proofs.inclusion(indices[i], size);
          })) /
            1000),
      );
      consistency.push(
        count /
          ((await elapsedMsAsync(async () => {
            for (let i = 0; i < count; i++) await ledger.proofs.consistency(indices[i] + 1, size);
          })) /
            1000),
      );
      // What the service answers must be a proof of the stored ledger.
      const answer = await ledger.proofs.inclusion(indices[0], size);
      const hashes = answer.hashes.map((h) => Buffer.from(h, 'hex'));
      check(verifyInclusion(tree.leaf(indices[0]), indices[0], size, hashes, tree.root(size)));
    }
    const at = `${size.toLocaleString('en')} entries`;
    return [
      figureOf(
        'ledger',
        `append one at a time (execute), at ${filled.entries.toLocaleString('en')} entries`,
        'entries/s',
        single,
        `${singles} entries a run; ${checkpoints} checkpoints signed in all`,
      ),
      figureOf(
        'ledger',
        `tree loaded from the table, ${at}`,
        'entries/s',
        [size / (loadMs / 1000)],
        'a starting audit instance',
      ),
      figureOf(
        'ledger',
        `inclusion proof (LedgerProofsService), ${at}`,
        'proofs/s',
        inclusion,
        'tree sync (one query) and proof, one at a time',
      ),
      figureOf(
        'ledger',
        `consistency proof (LedgerProofsService), ${at}`,
        'proofs/s',
        consistency,
        'tree sync (one query) and proof, one at a time',
      ),
    ];
  } finally {
    forget();
    await ledger.close();
  }
}

async function main(): Promise<void> {
  const args = benchArgs();
  const sizes = args.numbers('sizes', [10_000, 100_000, 1_000_000], [10_000]);
  const runs = args.number('runs', 3, 2);
  console.log(
    `ledger benchmark, node ${process.version}${'gc' in globalThis ? '' : ' (run with --expose-gc for steadier memory figures)'}`,
  );
  runInMemory(4_096, 1); // warm-up, so that the first size is not timed while the JIT compiles
  // As it goes: what was measured is kept if the runner's time limit stops the rest.
  for (const n of sizes) emitFigures(inMemoryFigures(n, runs));
  emitFigures(
    await storedFigures({
      entries: args.number('entries', 1_000_000, 50_000),
      batch: args.number('batch', 256),
      singles: args.number('singles', 2_000, 300),
      proofs: args.number('proofs', 2_000, 500),
      runs,
    }),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
