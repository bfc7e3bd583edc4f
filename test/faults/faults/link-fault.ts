import type { FaultHarness } from '../harness/fault-harness';
import { faultLabel, type ProxyFault } from '../../support/tcp-proxy';
import { pause } from './pause';

/** Which of the apps' links a proxy fault is applied to. */
export type Link = 'nats' | 'postgres';

/** The apps' link to NATS or to PostgreSQL misbehaves as `fault` says for `durationMs`, then is normal again. */
export async function linkFault(
  harness: FaultHarness,
  link: Link,
  fault: ProxyFault,
  options: { durationMs: number },
): Promise<void> {
  const proxy = link === 'nats' ? harness.natsProxy : harness.pgProxy;
  harness.note(`${link} link: ${faultLabel(fault)} for ${Math.round(options.durationMs / 1000)} s`);
  proxy.setFault(fault);
  await pause(options.durationMs);
  proxy.setFault({ kind: 'normal' });
  harness.note(`${link} link: normal again`);
}

/** The four proxy faults of the repertoire, with settings that hurt without stopping everything. */
export const LINK_FAULTS: readonly ProxyFault[] = [
  { kind: 'latency', ms: 300 },
  { kind: 'blackhole' },
  { kind: 'reset' },
  { kind: 'throttle', bytesPerSecond: 16 * 1024 },
];
