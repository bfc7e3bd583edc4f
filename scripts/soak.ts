/**
 * `npm run soak -- --minutes N`: the network on servers of its own (the fault harness) under a
 * steady load of officers' alerts, with a random fault every few minutes drawn from the fault
 * scenarios' repertoire; at the end the delivery checker's counts and each process's resident
 * memory over time. Exits 1 when the checker counts anything lost, unexpected, duplicated or
 * missing from the ledger.
 *
 *   npm run soak -- --minutes 60 [--every 2] [--faults app-crash,postgres-outage,...] [--seed 42]
 *
 * `--every` is the mean time between faults in minutes (default 2, less for short runs), each gap
 * drawn between half and one and a half times it, outages sized to fit what remains; `--faults`
 * the kinds to draw from (default: all but broker-tail, which needs the reconciliation job).
 */
import { parseArgs } from 'node:util';
import { checkDeliveries, reportLines } from '../test/faults/check/delivery-checker';
import { isClean } from '../test/faults/check/delivery-verdict';
import { type FaultNetwork, startFaultNetwork } from '../test/faults/fault-network';
import { pause } from '../test/faults/faults/pause';
import { drawFault, FAULT_KINDS, type FaultKind, SOAK_FAULTS } from '../test/faults/faults/repertoire';
import { MemorySampler } from '../test/faults/harness/memory-sampler';
import { seededRandom } from '../test/faults/load/alerts';
import { answersLine } from '../test/faults/load/publish-log';

/** Load after the last fault, so the network is judged after it had time to recover under load. */
const CALM_TAIL_MS = 30_000;

interface Options {
  minutes: number;
  everyMs: number;
  faults: FaultKind[];
  seed: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      every: { type: 'string' },
      faults: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new Error(`--minutes: "${values.minutes}" should be a positive number`);
  const every = values.every === undefined ? Math.min(2, minutes / 3) : Number(values.every);
  if (!(every > 0)) throw new Error(`--every: "${values.every}" should be a positive number of minutes`);
  const faults = (values.faults?.split(',') ?? SOAK_FAULTS) as FaultKind[];
  const unknown = faults.filter((f) => !FAULT_KINDS.includes(f));
  if (unknown.length) throw new Error(`--faults: unknown ${unknown.join(', ')}; known: ${FAULT_KINDS.join(', ')}`);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  return { minutes, everyMs: every * 60_000, faults, seed };
}

const started = Date.now();
function say(line: string): void {
  const s = Math.round((Date.now() - started) / 1000);
  console.log(`[soak ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}] ${line}`);
}

async function soak(network: FaultNetwork, opts: Options): Promise<boolean> {
  const { harness, load, log } = network;
  const random = seededRandom(opts.seed);
  const endAt = Date.now() + opts.minutes * 60_000;
  const memory = new MemorySampler(() => harness.processes(), Math.max(10_000, (opts.minutes * 60_000) / 20));
  const timeline: string[] = [];
  memory.start();
  load.start();
  say(
    `steady load from ${load.seedUsed}; faults about every ${(opts.everyMs / 60_000).toFixed(1)} min: ${opts.faults.join(', ')}`,
  );
  try {
    for (;;) {
      const remaining = endAt - CALM_TAIL_MS - Date.now();
      if (remaining < 30_000) break;
      // From half to one and a half times the mean apart: at random, not on a beat, and never none in a short run.
      await pause(Math.min(opts.everyMs * (0.5 + random()), remaining - 20_000));
      const budget = Math.max(20_000, endAt - CALM_TAIL_MS - Date.now());
      const kind = opts.faults[Math.floor(random() * opts.faults.length)];
      const fault = drawFault(kind, harness, random, budget, load);
      const at = Date.now();
      say(`fault: ${fault.label}`);
      const note = await fault.run();
      const line = `${clock(at - started)} ${fault.label} (${Math.round((Date.now() - at) / 1000)} s)${note ? `: ${note}` : ''}`;
      timeline.push(line);
      say(`fault over: ${line}`);
    }
    await pause(Math.max(0, endAt - Date.now()));
  } finally {
    await load.stop();
  }
  say(`load stopped; waiting for the network to settle`);
  const report = await checkDeliveries(harness, log, { settleTimeoutMs: 600_000 });
  memory.stop();
  const lines = [
    '',
    ...reportLines(`soak of ${opts.minutes} min`, report, [
      `officers' answers: ${answersLine(log.takeAnswers())}`,
      `faults (${timeline.length}):`,
      ...timeline.map((t) => `  ${t}`),
    ]),
    '',
    ...memory.table(),
  ];
  console.log(lines.join('\n'));
  return isClean(report.verdict);
}

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

async function main(): Promise<void> {
  const opts = options();
  say(`starting the network (PostgreSQL, NATS, the four apps from dist/) for ${opts.minutes} min`);
  const network = await startFaultNetwork({ log: say });
  let interrupted = false;
  const interrupt = () => {
    if (interrupted) return;
    interrupted = true;
    say('interrupted: stopping the network');
    void network.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let clean = false;
  try {
    clean = await soak(network, opts);
  } finally {
    if (!interrupted) await network.stop();
  }
  process.exitCode = clean ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`[soak] ${(error as Error).message}`);
  process.exit(1);
});
