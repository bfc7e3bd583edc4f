// Ledger benchmark: prints figures, asserts nothing about time (STYLE.md: a benchmark is not a test).
// Run: npx tsc -p tsconfig.json --outDir /tmp/lbuild && npx tsc-alias -p tsconfig.json --outDir /tmp/lbuild \
//      && node --expose-gc /tmp/lbuild/bench/ledger.bench.js [sizes...]
import { leafHash, MerkleTree, nodeHash, verifyConsistency, verifyInclusion } from '@iren/ledger';

const DEFAULT_SIZES = [10_000, 100_000, 1_000_000];
/** Random queries timed per figure; the naive baseline is O(n) a query, so it gets fewer. */
const QUERIES = 2_000;
const NAIVE_WORK_BUDGET = 500_000; // leaves visited per naive figure: 50 calls at 10^4, one at 10^6

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

/** Mean microseconds of `query` over `count` calls. */
function perCallUs(count: number, query: (i: number) => void): number {
  return (
    (elapsedMs(() => {
      for (let i = 0; i < count; i++) query(i);
    }) *
      1000) /
    count
  );
}

function memoryMb(): { heap: number; buffers: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heap: heapUsed / 2 ** 20, buffers: arrayBuffers / 2 ** 20 };
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

function randomQueries(n: number): Queries {
  const rnd = random(n);
  const sizes = Array.from({ length: QUERIES }, () => 1 + Math.floor(rnd() * n));
  return { sizes, indices: sizes.map((size) => Math.floor(rnd() * size)) };
}

/** Mean µs to generate and to verify an inclusion and a consistency proof over the random queries. */
function timeProofs(tree: MerkleTree, { sizes, indices }: Queries) {
  const total = { inclusion: 0, inclusionCheck: 0, consistency: 0, consistencyCheck: 0 };
  for (let i = 0; i < QUERIES; i++) {
    const [size, index, from] = [sizes[i], indices[i], indices[i] + 1];
    const [leaf, fromRoot, root] = [tree.leaf(index), tree.root(from), tree.root(size)];
    let proof: Buffer[] = [];
    total.inclusion += elapsedMs(() => void (proof = tree.inclusionProof(index, size)));
    total.inclusionCheck += elapsedMs(() => check(verifyInclusion(leaf, index, size, proof, root)));
    total.consistency += elapsedMs(() => void (proof = tree.consistencyProof(from, size)));
    total.consistencyCheck += elapsedMs(() => check(verifyConsistency(from, size, fromRoot, root, proof)));
  }
  const us = (ms: number) => (ms * 1000) / QUERIES;
  return Object.fromEntries(Object.entries(total).map(([name, ms]) => [name, us(ms)])) as typeof total;
}

function benchSize(n: number, print: (line: string) => void = console.log): void {
  const before = memoryMb();
  const leaves = Buffer.allocUnsafe(n * 32); // packed, for the naive baseline
  const hashMs = elapsedMs(() => {
    for (let i = 0; i < n; i++) leafHash(Buffer.from(`event ${i}`)).copy(leaves, i * 32);
  });
  const tree = new MerkleTree();
  const appendMs = elapsedMs(() => {
    for (let i = 0; i < n; i++) tree.append(leaves.subarray(i * 32, i * 32 + 32));
  });
  const after = memoryMb();
  const queries = randomQueries(n);
  const fmt = (value: number, digits = 1) => value.toFixed(digits).padStart(9);

  print(`\n== ${n.toLocaleString('en')} leaves`);
  print(`leafHash            ${fmt(n / hashMs / 1000, 3)} M/s (${hashMs.toFixed(0)} ms in all)`);
  print(`append              ${fmt(n / appendMs / 1000, 3)} M/s (${appendMs.toFixed(0)} ms in all)`);
  print(`root(n)             ${fmt(perCallUs(QUERIES, () => tree.root()))} µs`);
  print(`root(random size)   ${fmt(perCallUs(QUERIES, (i) => tree.root(queries.sizes[i])))} µs`);
  const proofs = timeProofs(tree, queries);
  print(`inclusion proof     ${fmt(proofs.inclusion)} µs generate ${fmt(proofs.inclusionCheck)} µs verify`);
  print(`consistency proof   ${fmt(proofs.consistency)} µs generate ${fmt(proofs.consistencyCheck)} µs verify`);
  const [heap, buffers] = [after.heap - before.heap, after.buffers - before.buffers];
  const leafListMb = (n * 32) / 2 ** 20;
  print(`memory              heap +${heap.toFixed(1)} MB, buffers +${buffers.toFixed(1)} MB`);
  print(
    `                    (of which the leaf list ${leafListMb.toFixed(1)} MB, the tree ~${(buffers - leafListMb).toFixed(1)} MB)`,
  );

  const naive = new NaiveMerkle(leaves);
  const calls = Math.max(1, Math.min(QUERIES, Math.floor(NAIVE_WORK_BUDGET / n)));
  const naiveRoot = perCallUs(calls, () => naive.root(0, n)) / 1000;
  const naivePath = perCallUs(calls, (i) => naive.path(queries.indices[i], 0, queries.sizes[i])) / 1000;
  const naiveProof = perCallUs(calls, (i) => naive.proof(queries.indices[i] + 1, 0, queries.sizes[i], true)) / 1000;
  check(naive.root(0, n).equals(tree.root()));
  print(`naive root(n)       ${fmt(naiveRoot, 2)} ms   (mean of ${calls})`);
  print(`naive PATH, PROOF   ${fmt(naivePath, 2)} ms ${fmt(naiveProof, 2)} ms (random sizes, mean of ${calls})`);
}

/** A wrong answer would make the figures meaningless, so it stops the benchmark. */
function check(ok: boolean): void {
  if (!ok) throw new Error('ledger benchmark: a proof or root did not verify');
}

function main(): void {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((size) => size > 0);
  console.log(
    `ledger benchmark, node ${process.version}${'gc' in globalThis ? '' : ' (run with --expose-gc for steadier memory figures)'}`,
  );
  benchSize(4_096, () => undefined); // warm-up, so that the first size is not timed while the JIT compiles
  for (const n of sizes.length > 0 ? sizes : DEFAULT_SIZES) benchSize(n);
}

if (require.main === module) main();
