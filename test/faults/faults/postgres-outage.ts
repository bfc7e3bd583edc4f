import type { FaultHarness } from '../harness/fault-harness';
import { pause } from './pause';

/**
 * PostgreSQL stopped for `outageMs` while messages wait between JetStream and their consumers: the
 * router is paused first (SIGSTOP) for `queueMs` so the officers' alerts queue up in EXCHANGE, then
 * PostgreSQL stops (a clean fast shutdown, every connection cut), the router resumes into the
 * outage, and PostgreSQL starts again after `outageMs`. The load keeps running throughout.
 */
export async function postgresOutage(
  harness: FaultHarness,
  options: { outageMs: number; queueMs?: number },
): Promise<void> {
  harness.note('router paused (SIGSTOP): work queues in EXCHANGE');
  harness.app('router').pause();
  await pause(options.queueMs ?? 10_000);
  harness.note(`PostgreSQL stopped for ${Math.round(options.outageMs / 1000)} s; router resumed (SIGCONT)`);
  await harness.postgres.stop('fast');
  harness.app('router').resume();
  await pause(options.outageMs);
  await harness.postgres.start();
  harness.note('PostgreSQL started again');
}
