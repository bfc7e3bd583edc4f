/**
 * End to end (issue 10, b): alerts accepted by `POST /messages` and stored in every recipient's
 * inbox, per second, with 200 nodes and realistic alerts (about 2 KiB, 1 to 5 recipients each),
 * driven by autocannon over many connections; once with each alert naming its own container and
 * vessel, once with all of them naming the same. Each rate is read against the ceiling — JetStream
 * publish plus pull consume, measured in this same process just before the apps start. Prints
 * figures; never asserts on time.
 *
 *   npm run build && node dist/bench/pipeline.bench.js [--quick] [--alerts=5000] [--runs=3] [--cases=distinct,same]
 *     [--nodes=200] [--connections=64] [--max-seconds=120] [--port=3900]
 *
 * Needs the built apps (dist/) and the local NATS and PostgreSQL; uses its own database and
 * namespace and removes them afterwards.
 */
import { benchAlert, type Correlation, seeded } from './lib/alerts';
import { CEILING_CASES, CEILING_DEFAULTS, ceilingRuns } from './lib/ceiling';
import { benchArgs, emitFigures } from './lib/emit';
import { against, figureOf } from './lib/figures';
import { awaitDeliveries, flood, lastDeliveryId } from './lib/load';
import { BenchNetwork } from './lib/network';

interface RunResult {
  acceptedPerS: number;
  alertsPerS: number;
  deliveriesPerS: number;
  postP99: number;
  complete: boolean;
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
      const results: RunResult[] = [];
      for (let run = 0; run < runs; run++) {
        const random = seeded(1000 * run + (correlation === 'same' ? 7 : 3));
        const batch = Array.from({ length: alerts }, () => benchAlert(++serial, network.nodes, correlation, random));
        const afterId = await lastDeliveryId(db);
        const sent = await flood(network.api, batch, connections, maxSeconds);
        console.log(`  ${correlation} run ${run + 1}: backlog at the last acceptance: ${await network.backlog()}`);
        const stored = await awaitDeliveries(
          db,
          afterId,
          sent.expectedDeliveries,
          performance.now() + maxSeconds * 1000,
        );
        const complete = stored.alerts >= sent.expectedDeliveries;
        const seconds = (stored.lastRiseAt - sent.startedAt) / 1000;
        results.push({
          acceptedPerS: sent.accepted / ((sent.endedAt - sent.startedAt) / 1000),
          // Alerts fully stored: all of them when every delivery arrived; else the share that did.
          alertsPerS: (sent.accepted * Math.min(1, stored.alerts / Math.max(1, sent.expectedDeliveries))) / seconds,
          deliveriesPerS: stored.alerts / seconds,
          postP99: sent.postP99,
          complete,
        });
        const last = results[results.length - 1];
        console.log(
          `  ${correlation} run ${run + 1}: ${sent.accepted} accepted (${last.acceptedPerS.toFixed(0)}/s), ` +
            `${sent.refused} refused${sent.firstRefusal ? ` (first: ${sent.firstRefusal})` : ''}, ${sent.errors} errors; ` +
            `${stored.alerts} of ${sent.expectedDeliveries} deliveries stored (${last.deliveriesPerS.toFixed(0)}/s), ` +
            `${stored.hits} HIT deliveries; POST p50 ${sent.postP50} ms, p99 ${sent.postP99} ms`,
        );
      }
      const name = correlation === 'distinct' ? 'each alert its own container' : 'all alerts one vessel and container';
      const incomplete = results.filter((r) => !r.complete).length;
      const note = `${alerts} alerts a run, ${nodeCount} nodes, ${connections} connections${
        incomplete ? `; ${incomplete} run(s) not fully delivered within ${maxSeconds} s` : ''
      }`;
      emitFigures([
        figureOf(
          'pipeline',
          `accepted (202), ${name}`,
          'alerts/s',
          results.map((r) => r.acceptedPerS),
          note,
        ),
        against(
          figureOf(
            'pipeline',
            `accepted and stored in every inbox, ${name}`,
            'alerts/s',
            results.map((r) => r.alertsPerS),
            `target: ≥ 0.2 × the ceiling; ${note}`,
          ),
          ceilingFigure,
        ),
        figureOf(
          'pipeline',
          `deliveries stored, ${name}`,
          'deliveries/s',
          results.map((r) => r.deliveriesPerS),
          note,
        ),
        figureOf(
          'pipeline',
          `POST /messages p99 under this load, ${name}`,
          'ms',
          results.map((r) => r.postP99),
        ),
      ]);
    }
  } finally {
    await db.end();
    await network.close();
  }
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
