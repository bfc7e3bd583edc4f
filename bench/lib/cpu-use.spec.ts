import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { cpuMsPerAlert, cpuSeconds, describeCpu } from './cpu-use';

const onLinux = process.platform === 'linux' ? it : it.skip;

describe('cpu-use', () => {
  onLinux('reads the CPU time of this process and of a named child from /proc', async () => {
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 300; while (Date.now() < end);']);
    const apps = new Map([[child.pid!, 'busy child']]);
    const before = cpuSeconds(apps);
    const ownBefore = process.cpuUsage();
    const end = Date.now() + 300;
    while (Date.now() < end); // this process's own work, counted as the load generator's
    const own = process.cpuUsage(ownBefore);
    const after = cpuSeconds(apps);
    await new Promise((resolve) => child.once('exit', resolve));
    // What Node itself counts for this process, to the kernel's tick (10 ms) and the readings' own work.
    const used = after.get('load generator')! - before.get('load generator')!;
    expect(Math.abs(used - (own.user + own.system) / 1e6)).toBeLessThan(0.05);
    expect(after.get('busy child')).toBeGreaterThan(0);
  });

  it('gives what each part used between two readings per alert, and the rate their sum allows', () => {
    const before = new Map([
      ['gateway', 10],
      ['postgresql', 4],
    ]);
    const after = new Map([
      ['gateway', 13],
      ['postgresql', 6],
      ['router', 1],
    ]);
    const perAlert = cpuMsPerAlert(before, after, 1000);
    expect(Object.fromEntries(perAlert)).toEqual({ gateway: 3, postgresql: 2, router: 1 });
    const cores = availableParallelism();
    expect(describeCpu(perAlert)).toBe(
      `CPU per alert stored, ms: gateway 3.0, postgresql 2.0, router 1.0; all 6.0 ms, ` +
        `so at most ${((cores * 1000) / 6).toFixed(0)} alerts/s on this machine's ${cores} cores`,
    );
  });
});
