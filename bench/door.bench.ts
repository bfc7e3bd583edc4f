/**
 * One node's flood against another node's steady requests at the HTTP door. The steady node reads
 * its inbox at a fixed pace (within its budget) in three phases of the same run: alone (the
 * baseline); while another node floods the gateway, measured once the flood has spent both its
 * budgets (within them, it is a node's allowed load like any other); and while the same flood goes
 * to a second gateway over the same network whose budgets never bind (what the rate limits buy).
 * The phases are repeated `--rounds` times; each round's table is printed, and the figures
 * (medians over the rounds, each phase's latency as a ratio to the baseline's) are emitted. The
 * flood's counts are those of the measured seconds. Never asserts on time.
 *
 *   npm run build && node dist/bench/door.bench.js [--rounds=3] [--seconds=10] [--rate=20] [--flood=64] [--port=3950]
 *
 * Needs the built apps (dist/) and the local NATS and PostgreSQL; uses its own database and
 * namespace and removes them afterwards.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ExchangeNames } from '@iren/contracts';
import { deleteStreams } from '@iren/messaging';
import { dropDatabase } from '@iren/platform';
import { AppProcess, portsFrom, startApps, stopApps } from '../test/support/app-processes';
import { benchArgs, emitFigures } from './lib/emit';
import { against, type Figure, figureOf, percentile } from './lib/figures';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** The limited gateway's budgets: the steady node's pace stays well inside them, the flood far above. */
const REQUESTS_PER_MINUTE = 3000;
const PUBLISH_PER_MINUTE = 60;
const UNBOUND = { IREN_REQUESTS_PER_MINUTE: '10000000', IREN_PUBLISH_PER_MINUTE: '1000000' };

const STEADY = 'KZ-PCU-AKTAU';
const FLOODER = 'AZ-PCU-BAKU';

interface Phase {
  name: string;
  latencies: number[];
  failures: number;
  flood?: { sent: number; ok: number; limited: number; other: number; seconds: number };
  /** Cores busy on average during the phase: the gateway that served it, and this benchmark's own process. */
  gatewayCores: number;
  benchCores: number;
}

/** CPU seconds a process has used (user and system), from /proc; NaN where there is no /proc. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** A client of one gateway's API. */
function client(port: number) {
  return (method: string, path: string, token: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** The steady node: one inbox read every 1/rate s, one at a time, for `seconds`; each read's latency. */
async function steadyReads(call: ReturnType<typeof client>, token: string, rate: number, seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  for (let i = 0; performance.now() - started < seconds * 1000; i++) {
    const due = started + (i * 1000) / rate;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    const t0 = performance.now();
    const response = await call('GET', '/inbox?limit=50', token);
    await response.arrayBuffer();
    if (response.status === 200) latencies.push(performance.now() - t0);
    else failures++;
  }
  return { latencies: latencies.sort((a, b) => a - b), failures };
}

interface FloodCounts {
  sent: number;
  ok: number;
  limited: number;
  other: number;
  /** 429s to reads and to publications: both budgets are spent once each has answered one. */
  limitedReads: number;
  limitedPublications: number;
}

/**
 * The flooding node: `concurrency` loops, as fast as answers come, alternating inbox reads and
 * publications, until `stop` resolves; what the gateway answered, counted as it goes in `counts`.
 */
async function flood(
  call: ReturnType<typeof client>,
  token: string,
  concurrency: number,
  stop: Promise<void>,
  counts: FloodCounts,
): Promise<void> {
  let running = true;
  void stop.then(() => (running = false));
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      for (let i = 0; running; i++) {
        const publishing = (lane + i) % 2 === 0;
        const response = await call(
          publishing ? 'POST' : 'GET',
          publishing ? '/messages' : '/inbox?limit=50',
          token,
          publishing ? floodAlert() : undefined,
        ).catch(() => undefined);
        await response?.arrayBuffer().catch(() => undefined);
        counts.sent++;
        if (response?.status === 200 || response?.status === 202) counts.ok++;
        else if (response?.status === 429) {
          counts.limited++;
          if (publishing) counts.limitedPublications++;
          else counts.limitedReads++;
        } else counts.other++;
      }
    }),
  );
}

/** An alert addressed to no one and matching no subscription: it costs the gateway, not the inboxes. */
function floodAlert() {
  return {
    kind: 'ALERT',
    tlp: 'AMBER',
    body: {
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title: 'Flood',
      summary: 'A node publishing far above its budget.',
      lang: 'en',
      transport: { containers: [], awbs: [] },
      itinerary: [{ locode: 'AZBAK', role: 'LOADING' }],
      goods: [{ hsCode: '300420', description: 'Antibiotics, retail packs', quantity: 1, unit: 'PCS' }],
      indicators: [],
      requestedAction: 'MONITOR',
    },
  };
}

async function measure(
  name: string,
  gateway: { call: ReturnType<typeof client>; pid?: number; budgetsBind: boolean },
  flooded: boolean,
  tokens: Record<string, string>,
  options: { rate: number; seconds: number; concurrency: number },
): Promise<Phase> {
  let endFlood!: () => void;
  const stop = new Promise<void>((r) => (endFlood = r));
  const counts: FloodCounts = { sent: 0, ok: 0, limited: 0, other: 0, limitedReads: 0, limitedPublications: 0 };
  const flooding = flooded ? flood(gateway.call, tokens[FLOODER], options.concurrency, stop, counts) : undefined;
  if (flooding) {
    // Let the flood reach its pace and, where the budgets bind, spend both of them: what is measured
    // is a flood past its budgets (within them, it is a node's allowed load like any other).
    await new Promise((r) => setTimeout(r, 1000));
    const deadline = performance.now() + 30_000;
    while (
      gateway.budgetsBind &&
      !(counts.limitedReads && counts.limitedPublications) &&
      performance.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const floodBefore = { ...counts };
  const [gatewayBefore, benchBefore, started] = [cpuSeconds(gateway.pid), process.cpuUsage(), performance.now()];
  const steady = await steadyReads(gateway.call, tokens[STEADY], options.rate, options.seconds);
  const seconds = (performance.now() - started) / 1000;
  const bench = process.cpuUsage(benchBefore);
  const gatewayCores = (cpuSeconds(gateway.pid) - gatewayBefore) / seconds;
  const floodDuring = {
    sent: counts.sent - floodBefore.sent,
    ok: counts.ok - floodBefore.ok,
    limited: counts.limited - floodBefore.limited,
    other: counts.other - floodBefore.other,
    seconds,
  };
  endFlood();
  await flooding;
  return {
    name,
    ...steady,
    ...(flooding && { flood: floodDuring }),
    gatewayCores,
    benchCores: (bench.user + bench.system) / 1e6 / seconds,
  };
}

function print(phases: Phase[], options: { rate: number; seconds: number; concurrency: number }): void {
  console.log(
    `\nsteady node: ${options.rate} inbox reads/s for ${options.seconds} s, one at a time; ` +
      `flooding node: ${options.concurrency} concurrent loops of reads and publications`,
  );
  const header = [
    '',
    'reads',
    'failed',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'flood req/s',
    'flood 2xx',
    'flood 429',
    'gw cores',
    'bench cores',
  ];
  const rows = phases.map((p) => [
    p.name,
    String(p.latencies.length),
    String(p.failures),
    percentile(p.latencies, 50).toFixed(1),
    percentile(p.latencies, 95).toFixed(1),
    percentile(p.latencies, 99).toFixed(1),
    (p.latencies.at(-1) ?? NaN).toFixed(1),
    p.flood ? (p.flood.sent / p.flood.seconds).toFixed(0) : '-',
    p.flood ? String(p.flood.ok) : '-',
    p.flood ? String(p.flood.limited) : '-',
    p.gatewayCores.toFixed(2),
    p.benchCores.toFixed(2),
  ]);
  for (const row of [header, ...rows]) {
    console.log(row.map((c, i) => (i === 0 ? c.padEnd(40) : c.padStart(12))).join(''));
  }
  const others = phases.filter((p) => (p.flood?.other ?? 0) > 0);
  for (const p of others) console.log(`${p.name}: ${p.flood!.other} flood requests failed otherwise`);
}

/** The figures of all rounds: per phase the steady node's p50 and p99 (the flooded ones against the
 * baseline's) and, for the flooded phases, the share of the flood answered 429. */
function figuresOf(rounds: Phase[][]): Figure[] {
  const figures: Figure[] = [];
  const names = rounds[0].map((p) => p.name);
  for (const p of [50, 99]) {
    const [baseline, ...others] = names.map((name, i) =>
      figureOf(
        'door',
        `steady node's inbox read p${p}, ${name}`,
        'ms',
        rounds.map((phases) => percentile(phases[i].latencies, p)),
      ),
    );
    figures.push(baseline, ...others.map((f) => against(f, baseline)));
  }
  names.forEach((name, i) => {
    if (!rounds[0][i].flood) return;
    const floods = rounds.map((phases) => phases[i].flood!);
    figures.push(
      figureOf(
        'door',
        `flood answered 429, ${name}`,
        '%',
        floods.map((f) => (100 * f.limited) / Math.max(1, f.sent)),
      ),
      figureOf(
        'door',
        `flood requests, ${name}`,
        'req/s',
        floods.map((f) => f.sent / f.seconds),
      ),
    );
  });
  return figures;
}

async function main(): Promise<void> {
  const args = benchArgs();
  const options = {
    seconds: args.number('seconds', 10),
    rate: args.number('rate', 20),
    concurrency: args.number('flood', 64),
  };
  const rounds = args.number('rounds', 3);
  const basePort = args.number('port', 3950);
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const names = new ExchangeNames(`bench${run}`);
  const databaseUrl = `${PG}/iren_bench_${run}`;
  const admin = randomBytes(24).toString('hex');
  const env = {
    ...process.env,
    NATS_URL,
    DATABASE_URL: databaseUrl,
    IREN_NAMESPACE: names.namespace,
    IREN_ADMIN_TOKEN: admin,
    IREN_SEED_DEMO: 'false',
    LOG_LEVEL: 'error',
    IREN_STREAM_MAX_BYTES: String(256 * 1024 ** 2),
    IREN_REQUESTS_PER_MINUTE: String(REQUESTS_PER_MINUTE),
    IREN_PUBLISH_PER_MINUTE: String(PUBLISH_PER_MINUTE),
  };
  console.log(
    `door benchmark: budgets ${REQUESTS_PER_MINUTE} requests and ${PUBLISH_PER_MINUTE} publications a minute per token; ` +
      `node ${process.version}, ${cpus().length} cores (the flood's client runs on them too)`,
  );
  const processes: AppProcess[] = [];
  try {
    const apps = await startApps(env, portsFrom(basePort));
    processes.push(...Object.values(apps));
    // The same network behind a second door whose budgets never bind: the flood then reaches the work.
    const unboundPort = basePort + 10;
    const unboundGateway = new AppProcess({ app: 'gateway', env: { ...env, ...UNBOUND }, port: unboundPort });
    processes.push(unboundGateway);
    await unboundGateway.start();

    const limited = { call: client(basePort), pid: apps.gateway.pid, budgetsBind: true };
    const unbound = { call: client(unboundPort), pid: unboundGateway.pid, budgetsBind: false };
    const tokens: Record<string, string> = {};
    for (const id of [STEADY, FLOODER]) {
      const [country, type] = id.split('-');
      const answer = await limited.call('POST', '/nodes', admin, { id, type, country, name: id, locodes: [] });
      tokens[id] = ((await answer.json()) as { token: string }).token;
    }
    // Wait until the second gateway's registry copy has the tokens too.
    for (let i = 0; i < 100 && (await unbound.call('GET', '/inbox', tokens[FLOODER])).status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }

    const results: Phase[][] = [];
    for (let round = 1; round <= rounds; round++) {
      const phases = [
        await measure('alone (baseline)', limited, false, tokens, options),
        await measure('another node flooding past its budgets', limited, true, tokens, options),
        await measure('flooding a door without budgets', unbound, true, tokens, options),
      ];
      console.log(`\nround ${round} of ${rounds}`);
      print(phases, options);
      results.push(phases);
    }
    emitFigures(figuresOf(results));
  } finally {
    await stopApps(processes);
    const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
    const jsm = await jetstreamManager(nc);
    await deleteStreams(jsm, names);
    await jsm.streams.delete(`KV_${names.registryBucket}`).catch(() => undefined);
    await nc.close();
    await dropDatabase(databaseUrl);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
