import { type CheckReport, checkDeliveries, reportLines } from './check/delivery-checker';
import { pause } from './faults/pause';
import { FaultHarness, type FaultHarnessOptions } from './harness/fault-harness';
import { OfficerLoad, type OfficerLoadOptions } from './load/officers';
import { answersLine, PublishLog } from './load/publish-log';
import { registerFaultNodes } from './load/topology';

/** A harness with its nodes registered, and officers ready to publish through it. */
export interface FaultNetwork {
  harness: FaultHarness;
  log: PublishLog;
  load: OfficerLoad;
  /** Each fault node's officer token (`registerFaultNodes`), for loads of their own. */
  tokens: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the harness, registers the fault nodes and prepares the officers' load (not started).
 * `IREN_FAULT_SEED` replays a run's choice of alerts.
 */
export async function startFaultNetwork(
  options: { log?: (line: string) => void; load?: OfficerLoadOptions; harness?: FaultHarnessOptions } = {},
): Promise<FaultNetwork> {
  const harness = await FaultHarness.start({ ...options.harness, log: options.log });
  try {
    const tokens = await registerFaultNodes(harness.api, harness.adminToken);
    const log = new PublishLog();
    const seed = process.env.IREN_FAULT_SEED ? Number(process.env.IREN_FAULT_SEED) : undefined;
    const load = new OfficerLoad(harness.gatewayUrl, tokens, log, {
      ...(seed !== undefined && { seed }),
      ...options.load,
    });
    return {
      harness,
      log,
      load,
      tokens,
      stop: async () => {
        await load.stop();
        await harness.stop();
      },
    };
  } catch (error) {
    await harness.stop({ keep: true });
    throw error;
  }
}

export interface ScenarioTiming {
  /** Load before the fault. */
  warmMs: number;
  /** Load after the fault ended, before the officers stop. */
  afterMs: number;
  settleTimeoutMs?: number;
  /** Seconds the network must stay idle to count as settled (`settle`'s looks; 2 by default). */
  quietLooks?: number;
}

/** What one scenario did and what the checker found. */
export interface ScenarioResult {
  report: CheckReport;
  /** How the officers' requests were answered during the scenario (`publish 202`: 180...). */
  answers: Record<string, number>;
  lines: string[];
  durationMs: number;
}

/**
 * One scenario under load: the officers publish for `warmMs`, the fault runs (the load going on),
 * they publish `afterMs` more and stop; then the checker waits for the network to settle and judges
 * the alerts accepted during the scenario. Prints the counts, the answers the officers got, the
 * duration and whatever the fault reported.
 */
export async function runScenario(
  network: FaultNetwork,
  name: string,
  fault: () => Promise<string | string[] | void>,
  timing: ScenarioTiming,
): Promise<ScenarioResult> {
  const started = Date.now();
  const from = network.log.accepted.length;
  network.log.takeAnswers();
  network.load.start();
  await pause(timing.warmMs);
  const notes = [(await fault()) ?? []].flat();
  await pause(timing.afterMs);
  await network.load.stop();
  const answers = network.log.takeAnswers();
  const report = await checkDeliveries(network.harness, network.log, {
    from,
    settleTimeoutMs: timing.settleTimeoutMs,
    quietLooks: timing.quietLooks,
  });
  const durationMs = Date.now() - started;
  const lines = reportLines(name, report, [
    `took ${(durationMs / 1000).toFixed(0)} s; alerts drawn from seed ${network.load.seedUsed}`,
    `officers' answers: ${answersLine(answers)}`,
    ...notes,
  ]);
  console.log(lines.join('\n'));
  return { report, answers, lines, durationMs };
}

/** The counts that must be 0, for `expect(...).toEqual(NOTHING_WRONG)`. */
export function faultCounts(result: ScenarioResult) {
  const { lost, unexpected, duplicateEffects, ledgerGaps } = result.report.verdict;
  return { lost, unexpected, duplicateEffects, ledgerGaps };
}

export const NOTHING_WRONG = { lost: 0, unexpected: 0, duplicateEffects: 0, ledgerGaps: 0 };
