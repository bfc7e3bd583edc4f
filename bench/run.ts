/**
 * `npm run bench [-- --quick]`: every benchmark in turn, each in its own process (so one's heap
 * does not colour another's figures), their figures gathered into `bench/results/<date>[-quick].json`
 * with a description of the machine, and printed as a markdown table. `--quick` keeps the whole
 * suite under 3 minutes on 2 cores (fewer runs, smaller sizes); the full suite takes 15 to 25.
 * A benchmark that is not there is skipped with a message; one that fails or overruns its time is
 * reported and the others still run. Arguments after `--` go to each benchmark.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { projectRoot } from '../test/support/app-processes';
import { benchArgs, FIGURES_FILE_ENV } from './lib/emit';
import { type Figure, markdownTable } from './lib/figures';
import { natsServers, PG_URL } from './lib/network';

interface Benchmark {
  name: string;
  /** Arguments of its own, in each mode (for the benchmarks that predate `--quick`). */
  args?: { quick?: string[]; full?: string[] };
  /** Left out of the quick suite (it would not fit in its 3 minutes). */
  fullOnly?: boolean;
  /** The most it may take, in seconds, in each mode. */
  limit: { quick: number; full: number };
}

const BENCHMARKS: Benchmark[] = [
  {
    name: 'matcher',
    args: { quick: ['--sizes=1000,10000', '--messages=300', '--budget-ms=1000'] },
    limit: { quick: 25, full: 600 },
  },
  { name: 'ledger', args: { quick: ['--entries=20000'] }, limit: { quick: 30, full: 300 } },
  { name: 'router', limit: { quick: 45, full: 600 } },
  // The server takes about 45 s to drop the slow subscriber: more than the quick suite has.
  { name: 'nest-transport', fullOnly: true, limit: { quick: 0, full: 300 } },
  // The quick suite reads the ceiling the pipeline measures in its own run.
  { name: 'ceiling', fullOnly: true, limit: { quick: 0, full: 300 } },
  { name: 'pipeline', limit: { quick: 90, full: 1500 } },
  { name: 'latency', limit: { quick: 45, full: 900 } },
  { name: 'memory', fullOnly: true, limit: { quick: 0, full: 2400 } },
  { name: 'door', fullOnly: true, limit: { quick: 0, full: 300 } },
];

interface Outcome {
  name: string;
  status: 'ok' | 'failed' | 'timed out' | 'missing' | 'skipped';
  seconds: number;
  figures: Figure[];
}

/** Runs one benchmark's compiled file as a child process; its figures, from the file it appends them to. */
async function runOne(benchmark: Benchmark, quick: boolean, passed: string[]): Promise<Outcome> {
  const file = join(__dirname, `${benchmark.name}.bench.js`);
  if (!existsSync(file)) return { name: benchmark.name, status: 'missing', seconds: 0, figures: [] };
  if (quick && benchmark.fullOnly) return { name: benchmark.name, status: 'skipped', seconds: 0, figures: [] };
  const dir = mkdtempSync(join(tmpdir(), 'iren-bench-'));
  const figuresFile = join(dir, 'figures.jsonl');
  const own = (quick ? benchmark.args?.quick : benchmark.args?.full) ?? [];
  const started = performance.now();
  // In a process group of its own, with the apps it starts: a benchmark that overruns is stopped
  // with everything it started, even one that does not stop its apps on SIGTERM.
  const child = spawn(process.execPath, ['--expose-gc', file, ...own, ...passed], {
    stdio: 'inherit',
    detached: true,
    env: { ...process.env, [FIGURES_FILE_ENV]: figuresFile },
  });
  const limit = quick ? benchmark.limit.quick : benchmark.limit.full;
  let timedOut = false;
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone
    }
  };
  // SIGTERM to the benchmark first, so that it stops its apps and drops its database and streams;
  // then SIGKILL to whatever of its group is left.
  let grace: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    grace = setTimeout(() => group('SIGKILL'), 20_000);
  }, limit * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  if (timedOut) {
    // Its apps may still be stopping: give them the rest of the grace, then make sure.
    await new Promise((r) => setTimeout(r, 2000));
    clearTimeout(grace);
    group('SIGKILL');
  }
  const figures = existsSync(figuresFile)
    ? readFileSync(figuresFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => JSON.parse(line) as Figure[])
    : [];
  rmSync(dir, { recursive: true, force: true });
  const status = timedOut ? 'timed out' : code === 0 ? 'ok' : 'failed';
  return { name: benchmark.name, status, seconds: (performance.now() - started) / 1000, figures };
}

/** What the figures were taken on: the machine, the versions of what ran, the commit. */
async function machine(quick: boolean): Promise<Record<string, unknown>> {
  const cores = cpus();
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: projectRoot(), encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  };
  let nats: string | undefined;
  try {
    const nc = await connect({ servers: natsServers() });
    nats = nc.info?.version;
    await nc.close();
  } catch {
    nats = undefined;
  }
  let postgres: string | undefined;
  try {
    const db = new Client({ connectionString: `${PG_URL}/postgres` });
    await db.connect();
    postgres = (await db.query('SHOW server_version')).rows[0].server_version as string;
    await db.end();
  } catch {
    postgres = undefined;
  }
  return {
    mode: quick ? 'quick' : 'full',
    cpus: { model: cores[0]?.model, count: cores.length },
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    natsServer: nats,
    postgres,
    commit: git('rev-parse', 'HEAD'),
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
  };
}

async function main(): Promise<void> {
  const { quick } = benchArgs();
  const passed = process.argv.slice(2);
  const started = new Date();
  const outcomes: Outcome[] = [];
  for (const benchmark of BENCHMARKS) {
    console.log(`\n=== ${benchmark.name} ===`);
    const outcome = await runOne(benchmark, quick, passed);
    if (outcome.status === 'missing') console.log(`bench/${benchmark.name}.bench.ts is not there: skipped`);
    if (outcome.status === 'skipped') console.log('skipped in quick mode');
    if (outcome.status === 'failed' || outcome.status === 'timed out')
      console.log(`${benchmark.name} ${outcome.status} after ${outcome.seconds.toFixed(0)} s`);
    outcomes.push(outcome);
  }
  const seconds = (Date.now() - started.getTime()) / 1000;
  const figures = outcomes.flatMap((o) => o.figures);
  const results = {
    startedAt: started.toISOString(),
    seconds: Math.round(seconds),
    machine: await machine(quick),
    benchmarks: outcomes.map(({ name, status, seconds: s, figures: f }) => ({
      name,
      status,
      seconds: Math.round(s),
      figures: f.length,
    })),
    figures,
  };
  const dir = join(projectRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().slice(0, 10)}${quick ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n## Benchmarks, ${quick ? 'quick' : 'full'}, ${started.toISOString()}\n`);
  console.log(markdownTable(figures));
  console.log(
    `\n${outcomes.map((o) => `${o.name} ${o.status}${o.seconds ? ` (${o.seconds.toFixed(0)} s)` : ''}`).join(', ')}`,
  );
  console.log(`total ${seconds.toFixed(0)} s; written to ${file}`);
  process.exit(outcomes.some((o) => o.status === 'failed' || o.status === 'timed out') ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
