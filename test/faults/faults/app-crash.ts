import type { AppName } from '../../support/app-processes';
import type { FaultHarness } from '../harness/fault-harness';
import { pause } from './pause';

/** One app killed -9 at a random moment within `withinMs`, then started again on the same port. */
export async function crashApp(
  harness: FaultHarness,
  app: AppName,
  options: { withinMs?: number } = {},
): Promise<void> {
  await pause(Math.random() * (options.withinMs ?? 5000));
  await harness.restartApp(app);
}

/** Every app killed -9 at the same random moment within `withinMs`, then all started again. */
export async function crashAllApps(harness: FaultHarness, options: { withinMs?: number } = {}): Promise<void> {
  await pause(Math.random() * (options.withinMs ?? 5000));
  await harness.restartAllApps();
}
