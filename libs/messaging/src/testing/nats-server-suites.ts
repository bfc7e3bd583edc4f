import { NATS_SERVER } from './secured-nats';

/** What decides whether a suite on a real nats-server runs. */
export interface NatsServerRun {
  /** The nats-server binary, when installed. */
  natsServer?: string;
  /** In CI (`CI` set, or jest's `--ci`). */
  ci: boolean;
}

/**
 * Whether the suites on a real nats-server run: with one installed, yes; without one, they are
 * skipped on a developer machine, and in CI they fail — a CI without nats-server would otherwise
 * go green without the closed bus ever being tested.
 */
export function natsServerSuites(run: NatsServerRun): 'run' | 'skip' {
  if (run.natsServer) return 'run';
  if (!run.ci) return 'skip';
  throw new Error(
    'nats-server is not installed (neither on PATH nor /usr/sbin), and in CI the suites on a real nats-server ' +
      'must run, not be skipped: install it (Debian: apt-get install nats-server, as scripts/setup.sh does).',
  );
}

/**
 * `block` (`describe` or `it`) when nats-server is installed; without it, `block.skip` with a warning
 * naming `what` on a developer machine, and in CI an error that fails the suite at once.
 */
export function withNatsServer<T extends { skip: unknown }>(
  block: T,
  what: string,
  run: NatsServerRun = { natsServer: NATS_SERVER, ci: runningInCi() },
): T {
  if (natsServerSuites(run) === 'run') return block;
  console.warn(`${what} skipped: nats-server is not installed (neither on PATH nor /usr/sbin)`);
  return block.skip as T;
}

/** `CI` set to anything but `false` or `0` (as CI services do), or jest run with `--ci`. */
export function runningInCi(env: NodeJS.ProcessEnv = process.env, jestCi = jestRunsWithCi()): boolean {
  const ci = env.CI;
  return (ci !== undefined && !['', 'false', '0'].includes(ci.toLowerCase())) || jestCi;
}

/**
 * jest's `--ci` is in the argv of a run in band only, not of its workers; what a test file sees of it
 * there is that snapshots are never written (jest-config sets `updateSnapshot: 'none'` for `--ci`).
 */
function jestRunsWithCi(): boolean {
  const jest = globalThis as { expect?: { getState(): { snapshotState?: { _updateSnapshot?: string } } } };
  return process.argv.includes('--ci') || jest.expect?.getState().snapshotState?._updateSnapshot === 'none';
}
