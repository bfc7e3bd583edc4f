import { jetstreamManager } from '@nats-io/jetstream';
import type { FaultHarness } from '../harness/fault-harness';
import type { PublishLog } from '../load/publish-log';
import { judgeDeliveries, type Verdict, verdictLine } from './delivery-verdict';
import { settle } from './settle';
import { readStoredEffects, storedWithoutAnswer } from './stored-effects';

export interface CheckReport {
  verdict: Verdict;
  /** How long the network took to settle before it was judged. */
  settledInMs: number;
  /** Messages in the DLQ stream (all of the run so far). */
  deadLetters: number;
  /** Alerts stored whose 202 no officer received (cut off, timed out): not judged. */
  storedWithoutAnswer: number;
}

/**
 * Waits for the network to settle, then judges the alerts accepted since `from` in `log` against
 * what the apps' databases hold (`gateway.deliveries` at the hub and at every national site,
 * `audit.ledger` at the hub), read straight from PostgreSQL. Call it with the load stopped: under a steady load the network never settles.
 */
export async function checkDeliveries(
  harness: FaultHarness,
  log: PublishLog,
  options: { from?: number; settleTimeoutMs?: number; quietLooks?: number } = {},
): Promise<CheckReport> {
  const started = Date.now();
  await settle(harness.settleParts(), harness.names, options.settleTimeoutMs ?? 180_000, options.quietLooks);
  const settledInMs = Date.now() - started;
  const accepted = log.acceptedSince(options.from ?? 0);
  const db = await harness.connectDatabase();
  const siteDbs = await Promise.all(harness.sites.map((site) => site.connectDatabase()));
  const nc = await harness.connectNats();
  try {
    const effects = await readStoredEffects(
      db,
      accepted.map((a) => a.id),
      siteDbs,
    );
    const jsm = await jetstreamManager(nc);
    const dlq = await jsm.streams.info(harness.names.stream('DLQ'));
    return {
      verdict: judgeDeliveries(accepted, effects),
      settledInMs,
      deadLetters: dlq.state.messages,
      storedWithoutAnswer: await storedWithoutAnswer([db, ...siteDbs], new Set(log.accepted.map((a) => a.id))),
    };
  } finally {
    await db.end();
    await Promise.all(siteDbs.map((site) => site.end()));
    await nc.close();
  }
}

/** The scenario's counts on one line, then the other figures, then examples of what went wrong. */
export function reportLines(scenario: string, report: CheckReport, extra: string[] = []): string[] {
  return [
    `${scenario}: ${verdictLine(report.verdict)}`,
    `  settled in ${(report.settledInMs / 1000).toFixed(0)} s; dead letters ${report.deadLetters}; ` +
      `stored without a 202 answer ${report.storedWithoutAnswer}`,
    ...extra.map((line) => `  ${line}`),
    ...report.verdict.examples.map((e) => `  ${e}`),
  ];
}
