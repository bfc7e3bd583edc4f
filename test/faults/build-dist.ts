import { execFileSync } from 'node:child_process';
import { projectRoot } from '../support/app-processes';

/**
 * The faults project's global setup: the scenarios run the apps from `dist/`, so they build it
 * first (tsc, some seconds), and a run never judges yesterday's code. `IREN_FAULT_SKIP_BUILD=1`
 * skips it when `dist/` was just built.
 */
export default function buildDist(): void {
  if (process.env.IREN_FAULT_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot(), stdio: 'inherit' });
}
