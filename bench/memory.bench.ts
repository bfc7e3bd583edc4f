/**
 * Memory (issue 10, f): each app's resident memory idle, its peak with 10,000 subscription filters
 * registered, and before and after a 100,000-message run (the growth is what the run left behind).
 * Resident memory is VmRSS of /proc/<pid>/status, sampled every 200 ms for the peaks (VmHWM, the
 * kernel's own peak, would include the start-up). Prints figures; never asserts on memory.
 *
 * Whether memory grows over the message run is read from a timeline: every `--sample-seconds` of
 * the run, each app's resident memory and V8 heap in use (from its own `/metrics`). The run is cut
 * in fifths; the first is warm-up (caches fill to their bounds: the gateway keeps its latest 4,096
 * envelopes), and the growth figures compare the last fifth with the second. Heap in use is a
 * sawtooth between collections, so its figure compares floors (the lowest sample of each fifth:
 * what the collector comes back to, the live data); resident memory compares medians. The timeline
 * is printed.
 *
 * Subscriptions are counted in filters: nodes are registered through the admin API like any other
 * (about 5 a second on a 2-core machine), so 10,000 filters are 100 nodes of 100 filters each (the
 * most a subscription may hold), every filter a port or goods watch the run's alerts never match,
 * beside the one place each node watches.
 *
 *   npm run build && node dist/bench/memory.bench.js [--quick] [--filter-nodes=100] [--messages=100000]
 *     [--max-seconds=1800] [--sample-seconds=20] [--port=3940]
 *
 * Needs the built apps (dist/) and the local NATS and PostgreSQL; uses its own database and
 * namespace and removes them afterwards.
 */
import { APP_NAMES, type AppName } from '../test/support/app-processes';
import { benchAlert, seeded } from './lib/alerts';
import { benchArgs, emitFigures } from './lib/emit';
import { type Figure, figureOf } from './lib/figures';
import { awaitDeliveries, flood, lastDeliveryId } from './lib/load';
import { BenchNetwork } from './lib/network';

const FILTERS_PER_NODE = 100;
/** Places of other regions and goods the run's alerts (SEA, HS 30, Central Asia) never name. */
const FAR_COUNTRIES = ['CN', 'DE', 'NL', 'BR', 'IN', 'TR', 'AE', 'US', 'JP', 'ZA'];
const PLACE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789';

/** Filter `k` of node `i`: a port watch or a goods watch away from anything the benchmark sends. */
function farFilter(i: number, k: number): object {
  const n = i * FILTERS_PER_NODE + k;
  const locode = `${FAR_COUNTRIES[n % FAR_COUNTRIES.length]}${PLACE[n % 34]}${PLACE[Math.floor(n / 34) % 34]}${PLACE[Math.floor(n / 1156) % 34]}`;
  return k % 2
    ? { locodes: [locode], categories: ['DRUGS', 'PRECURSORS'] }
    : { hsPrefixes: [String(8401 + (n % 70))], modes: ['ROAD', 'RAIL'] };
}

interface TimelineSample {
  atS: number;
  rss: Record<AppName, number>;
  heap: Record<AppName, number>;
}

/** Each app's resident memory and heap in use every `everyS` seconds, until stopped. */
function timeline(network: BenchNetwork, everyS: number) {
  const samples: TimelineSample[] = [];
  const started = performance.now();
  const sample = async () => {
    const heap = await network.heapUsedMiB().catch(() => undefined);
    if (heap) samples.push({ atS: (performance.now() - started) / 1000, rss: network.residentMiB(), heap });
  };
  const timer = setInterval(() => void sample(), everyS * 1000);
  void sample();
  return {
    async stop(): Promise<TimelineSample[]> {
      clearInterval(timer);
      await sample();
      return samples;
    },
  };
}

/**
 * The last fifth of the samples against the second (the first is warm-up), each fifth summed up by
 * `pick`: NaN with fewer than 10 samples.
 */
function growthOf(samples: TimelineSample[], read: (s: TimelineSample) => number, pick: 'floor' | 'median'): number {
  const fifth = Math.floor(samples.length / 5);
  if (fifth < 2) return Number.NaN;
  const summary = (values: number[]) =>
    pick === 'floor' ? Math.min(...values) : figureOf('memory', '', 'MiB', values).median;
  return summary(samples.slice(-fifth).map(read)) - summary(samples.slice(fifth, 2 * fifth).map(read));
}

/** Samples every app's VmRSS every 200 ms, keeping each one's peak since the last reset. */
function rssSampler(network: BenchNetwork) {
  const peak = Object.fromEntries(APP_NAMES.map((a) => [a, 0])) as Record<AppName, number>;
  const sample = () => {
    const now = network.residentMiB();
    for (const app of APP_NAMES) if (now[app] > peak[app]) peak[app] = now[app];
  };
  const timer = setInterval(sample, 200);
  return {
    /** The peaks since the last reset, and a reset. */
    take(): Record<AppName, number> {
      sample();
      const taken = { ...peak };
      for (const app of APP_NAMES) peak[app] = 0;
      return taken;
    },
    stop: () => clearInterval(timer),
  };
}

async function main(): Promise<void> {
  const args = benchArgs();
  const filterNodes = args.number('filter-nodes', 100, 20);
  const messages = args.number('messages', 100_000, 1000);
  const maxSeconds = args.number('max-seconds', 1800, 25);
  const sampleSeconds = args.number('sample-seconds', 20, 2);
  const filters = filterNodes * FILTERS_PER_NODE;
  console.log(
    `memory: ${filters} subscription filters (${filterNodes} nodes), then ${messages} alerts (at most ${maxSeconds} s), node ${process.version}`,
  );
  const network = await BenchNetwork.start({ port: args.number('port', 3940) });
  const sampler = rssSampler(network);
  const figures: Figure[] = [];
  const db = await network.database();
  const per = (what: string, values: Record<AppName, number>, note?: string) =>
    APP_NAMES.map((app) => figureOf('memory', `${app}: ${what}`, 'MiB', [values[app]], note));
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const idle = network.residentMiB();
    sampler.take();
    const registering = await network.registerNodes(filterNodes, 16, (i) =>
      Array.from({ length: FILTERS_PER_NODE - 1 }, (_, k) => farFilter(i, k)),
    );
    console.log(`${filterNodes} nodes, ${filters} filters registered in ${(registering / 1000).toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 2000));
    const withFilters = sampler.take();
    const before = network.residentMiB();
    // Emitted as soon as known: a run stopped at its time limit keeps what it measured.
    emitFigures([
      ...per('idle, no nodes', idle),
      ...per(`peak with ${filters.toLocaleString('en-US')} subscription filters`, withFilters, `${filterNodes} nodes`),
    ]);

    const random = seeded(42);
    const alerts = Array.from({ length: messages }, (_, i) => benchAlert(i + 1, network.nodes, 'distinct', random));
    const afterId = await lastDeliveryId(db);
    const watch = timeline(network, sampleSeconds);
    const sent = await flood(network.api, alerts, 32, maxSeconds);
    const samples = await watch.stop();
    const stored = await awaitDeliveries(
      db,
      afterId,
      sent.expectedDeliveries,
      performance.now() + Math.min(60, maxSeconds) * 1000,
    );
    const duringRun = sampler.take();
    await new Promise((r) => setTimeout(r, 5000));
    const after = network.residentMiB();
    const runNote = `${sent.accepted.toLocaleString('en-US')} of ${messages.toLocaleString('en-US')} alerts accepted${
      sent.accepted < messages ? ` (stopped at ${maxSeconds} s)` : ''
    }, ${stored.alerts} of ${sent.expectedDeliveries} deliveries stored`;
    console.log(`run: ${runNote}`);
    console.log('timeline (s: resident MiB / heap in use MiB):');
    for (const t of samples) {
      console.log(
        `  ${t.atS.toFixed(0).padStart(5)}  ${APP_NAMES.map((a) => `${a} ${t.rss[a].toFixed(0)}/${t.heap[a].toFixed(0)}`).join('  ')}`,
      );
    }
    const timelineNote = `${samples.length} samples ${sampleSeconds} s apart; ${runNote}`;
    figures.push(
      ...APP_NAMES.map((app) =>
        figureOf(
          'memory',
          `${app}: heap in use, growth from the second fifth of the message run to the last (floors)`,
          'MiB',
          [growthOf(samples, (t) => t.heap[app], 'floor')],
          timelineNote,
        ),
      ),
      ...APP_NAMES.map((app) =>
        figureOf(
          'memory',
          `${app}: resident, growth from the second fifth of the message run to the last (medians)`,
          'MiB',
          [growthOf(samples, (t) => t.rss[app], 'median')],
          timelineNote,
        ),
      ),
      ...per('peak during the message run', duringRun, runNote),
      ...APP_NAMES.map((app) =>
        figureOf(
          'memory',
          `${app}: growth over the message run (5 s after it, minus before it)`,
          'MiB',
          [after[app] - before[app]],
          `${before[app].toFixed(0)} → ${after[app].toFixed(0)} MiB; ${runNote}`,
        ),
      ),
    );
  } finally {
    sampler.stop();
    await db.end();
    await network.close();
  }
  emitFigures(figures);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
