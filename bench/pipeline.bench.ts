/**
 * End to end (issue 10, b): alerts accepted by `POST /messages` and stored in every recipient's
 * inbox, per second, with 200 nodes and realistic alerts (about 2 KiB, 1 to 5 recipients each),
 * driven by autocannon over many connections; once with each alert naming its own container and
 * vessel, once with all of them naming the same. Each rate is read against the ceiling — JetStream
 * publish plus pull consume, measured in this same process just before the apps start. Prints
 * figures; never asserts on time.
 *
 *   npm run build && node dist/bench/pipeline.bench.js [--quick] [--alerts=5000] [--runs=3] [--cases=distinct,same]
 *     [--nodes=200] [--connections=64] [--max-seconds=120] [--port=3900] [--gateways=1]
 *
 * `--gateways=1,2` runs every case with one gateway and with two side by side (the load split
 * between them), alternating run by run, and compares the two in the same run.
 *
 * Needs the built apps (dist/) and the local NATS and PostgreSQL; uses its own database and
 * namespace and removes them afterwards.
 */
import type { Client } from 'pg';
import { type BenchAlert, benchAlert, type Correlation, seeded } from './lib/alerts';
import { CEILING_CASES, CEILING_DEFAULTS, ceilingRuns } from './lib/ceiling';
import { type CpuParts, cpuMsPerAlert, cpuSeconds, cpuTotal, describeCpu } from './lib/cpu-use';
import { benchArgs, emitFigures } from './lib/emit';
import { against, type Figure, figureOf } from './lib/figures';
import { awaitDeliveries, flood, lastDeliveryId } from './lib/load';
import { BenchNetwork } from './lib/network';

interface RunResult {
  acceptedPerS: number;
  alertsPerS: number;
  deliveriesPerS: number;
  postP99: number;
  complete: boolean;
  /** CPU milliseconds per alert stored, by part of the machine (empty where /proc is not). */
  cpu: CpuParts;
}

async function main(): Promise<void> {
  const args = benchArgs();
  const alerts = args.number('alerts', 5000, 300);
  const runs = args.number('runs', 3, 2);
  const nodeCount = args.number('nodes', 200, 50);
  const connections = args.number('connections', 64);
  const maxSeconds = args.number('max-seconds', 120, 15);
  const ceilingMessages = args.number('ceiling-messages', 50_000, 10_000);
  // `--cases=distinct` (or `same`) runs one of the two, for profiling one.
  const correlations = args.string('cases', 'distinct,same').split(',') as Correlation[];
  const unknown = correlations.filter((c) => c !== 'distinct' && c !== 'same');
  if (unknown.length > 0) throw new Error(`--cases takes distinct and same, not ${unknown.join(', ')}`);
  const gatewayCounts = args.numbers('gateways', [1]);
  if (gatewayCounts.some((g) => !Number.isInteger(g) || g < 1)) throw new Error('--gateways takes counts of 1 or more');
  console.log(
    `pipeline: ${runs} runs of ${alerts} alerts per case, ${nodeCount} nodes, ${connections} connections, node ${process.version}`,
  );

  const ceilingOptions = { messages: ceilingMessages, ...CEILING_DEFAULTS };
  const ceiling = await ceilingRuns(runs, ceilingOptions);
  const ceilingFigure = figureOf(
    'pipeline',
    `ceiling in this run: ${CEILING_CASES.publishConsume(ceilingOptions)}`,
    'msgs/s',
    ceiling.publishConsume,
  );
  console.log(`ceiling (publish + consume): ${ceilingFigure.median.toFixed(0)} msgs/s`);

  const network = await BenchNetwork.start({ port: args.number('port', 3900) });
  // Emitted as soon as each is known: a run stopped at its time limit keeps what it measured.
  emitFigures([ceilingFigure]);
  const db = await network.database();
  try {
    const registering = await network.registerNodes(nodeCount);
    console.log(`${nodeCount} nodes registered in ${(registering / 1000).toFixed(1)} s`);
    let serial = 0;
    for (const correlation of correlations) {
      const results = new Map<number, RunResult[]>(gatewayCounts.map((g) => [g, []]));
      for (let run = 0; run < runs; run++) {
        for (const gateways of gatewayCounts) {
          await withGateways(network, gateways);
          const random = seeded(1000 * run + (correlation === 'same' ? 7 : 3));
          const batch = Array.from({ length: alerts }, () => benchAlert(++serial, network.nodes, correlation, random));
          const result = await measure(network, db, batch, connections, maxSeconds);
          results.get(gateways)!.push(result);
          console.log(
            `  ${correlation} run ${run + 1}${gatewayCounts.length > 1 ? `, ${gateways} gateway(s)` : ''}: ${result.line}`,
          );
        }
      }
      const name = correlation === 'distinct' ? 'each alert its own container' : 'all alerts one vessel and container';
      let first: Figure | undefined;
      for (const [gateways, runsOf] of results) {
        const named = gatewayCounts.length > 1 ? `${name}, ${gateways} gateway(s)` : name;
        const incomplete = runsOf.filter((r) => !r.complete).length;
        const note = `${alerts} alerts a run, ${nodeCount} nodes, ${connections} connections${
          incomplete ? `; ${incomplete} run(s) not fully delivered within ${maxSeconds} s` : ''
        }`;
        const stored = figureOf(
          'pipeline',
          `accepted and stored in every inbox, ${named}`,
          'alerts/s',
          runsOf.map((r) => r.alertsPerS),
          `target: ≥ 0.2 × the ceiling; ${note}`,
        );
        emitFigures([
          figureOf(
            'pipeline',
            `accepted (202), ${named}`,
            'alerts/s',
            runsOf.map((r) => r.acceptedPerS),
            note,
          ),
          against(stored, ceilingFigure),
          ...(first
            ? [against({ ...stored, case: `${stored.case}, against ${gatewayCounts[0]} gateway(s)`, note }, first)]
            : []),
          figureOf(
            'pipeline',
            `deliveries stored, ${named}`,
            'deliveries/s',
            runsOf.map((r) => r.deliveriesPerS),
            note,
          ),
          figureOf(
            'pipeline',
            `POST /messages p99 under this load, ${named}`,
            'ms',
            runsOf.map((r) => r.postP99),
          ),
          ...cpuFigures(runsOf, named),
        ]);
        first ??= stored;
      }
    }
  } finally {
    await db.end();
    await network.close();
  }
}

/** Runs `gateways` gateways: the network's own and as many more as it takes, stopping any beyond. */
async function withGateways(network: BenchNetwork, gateways: number): Promise<void> {
  if (network.apis.length > gateways) await network.removeGateways();
  while (network.apis.length < gateways) await network.addGateway();
}

/** One run: floods the gateways with `batch` and waits until its deliveries are stored. */
async function measure(
  network: BenchNetwork,
  db: Client,
  batch: BenchAlert[],
  connections: number,
  maxSeconds: number,
): Promise<RunResult & { line: string }> {
  const afterId = await lastDeliveryId(db);
  const cpuBefore = cpuSeconds(network.appPids());
  const sent = await flood(network.apis, batch, connections, maxSeconds);
  console.log(`  backlog at the last acceptance: ${await network.backlog()}`);
  const stored = await awaitDeliveries(db, afterId, sent.expectedDeliveries, performance.now() + maxSeconds * 1000);
  const alertsStored = sent.accepted * Math.min(1, stored.alerts / Math.max(1, sent.expectedDeliveries));
  const cpu = cpuMsPerAlert(cpuBefore, cpuSeconds(network.appPids()), Math.max(1, alertsStored));
  const seconds = (stored.lastRiseAt - sent.startedAt) / 1000;
  const result: RunResult = {
    acceptedPerS: sent.accepted / ((sent.endedAt - sent.startedAt) / 1000),
    // Alerts fully stored: all of them when every delivery arrived; else the share that did.
    alertsPerS: alertsStored / seconds,
    deliveriesPerS: stored.alerts / seconds,
    postP99: sent.postP99,
    complete: stored.alerts >= sent.expectedDeliveries,
    cpu,
  };
  const line =
    `${sent.accepted} accepted (${result.acceptedPerS.toFixed(0)}/s), ` +
    `${sent.refused} refused${sent.firstRefusal ? ` (first: ${sent.firstRefusal})` : ''}, ${sent.errors} errors; ` +
    `${stored.alerts} of ${sent.expectedDeliveries} deliveries stored (${result.deliveriesPerS.toFixed(0)}/s), ` +
    `${stored.hits} HIT deliveries; POST p50 ${sent.postP50} ms, p99 ${sent.postP99} ms` +
    (cpu.size > 0 ? `\n    ${describeCpu(cpu)}` : '');
  return { ...result, line };
}

/**
 * The CPU time each part of the machine spent per alert stored, over the runs: the apps, PostgreSQL,
 * NATS, the load generator and whatever else ran, from the start of the flood to the last delivery.
 * Their sum bounds the rate: two cores give 2,000 ms of CPU a second.
 */
function cpuFigures(runs: RunResult[], named: string): Figure[] {
  const parts = [...new Set(runs.flatMap((r) => [...r.cpu.keys()]))];
  if (parts.length === 0) return [];
  return [
    ...parts.map((part) =>
      figureOf(
        'pipeline',
        `CPU per alert stored: ${part}, ${named}`,
        'ms',
        runs.map((r) => r.cpu.get(part) ?? 0),
      ),
    ),
    figureOf(
      'pipeline',
      `CPU per alert stored: all, ${named}`,
      'ms',
      runs.map((r) => cpuTotal(r.cpu)),
    ),
  ];
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
