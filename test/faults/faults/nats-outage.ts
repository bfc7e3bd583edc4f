import type { FaultHarness } from '../harness/fault-harness';
import { pause } from './pause';

/**
 * nats-server stopped (SIGTERM, it writes its state out) for `outageMs`, then started on the same
 * store; `beforeRestart` looks at the network while the server is still down.
 */
export async function natsOutage(
  harness: FaultHarness,
  options: { outageMs: number; beforeRestart?: () => Promise<void> },
): Promise<void> {
  harness.note(`nats-server stopped for ${Math.round(options.outageMs / 1000)} s`);
  await harness.nats.stop();
  await pause(options.outageMs);
  await options.beforeRestart?.();
  await harness.nats.start();
  harness.note('nats-server started again on the same store');
}

/** nats-server killed -9 (no chance to write anything out), started again on the same store after `downMs`. */
export async function natsCrash(harness: FaultHarness, options: { downMs?: number } = {}): Promise<void> {
  harness.note('nats-server killed (SIGKILL)');
  await harness.nats.kill();
  await pause(options.downMs ?? 2000);
  await harness.nats.start();
  harness.note('nats-server started again on the same store');
}
