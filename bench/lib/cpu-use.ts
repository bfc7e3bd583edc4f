import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Where CPU time goes on this machine during a run: each app, PostgreSQL, NATS, this benchmark. */
export type CpuParts = Map<string, number>;

/** The kernel's clock ticks per second, in which /proc counts CPU time (100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by each part of the network, from /proc (Linux; an empty map elsewhere):
 * the apps' processes by the name given, every process of PostgreSQL (its backends included) and of
 * `nats-server`, this process (the load generator), and the rest of the machine's processes. A
 * process that started and ended between two readings is not seen, so take them around a run, with
 * the servers already up.
 */
export function cpuSeconds(apps: ReadonlyMap<number, string>): CpuParts {
  const parts: CpuParts = new Map();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return parts;
  }
  for (const pid of pids) {
    const seconds = processSeconds(pid);
    const part = seconds === undefined ? undefined : partOf(Number(pid), apps);
    if (part !== undefined) parts.set(part, (parts.get(part) ?? 0) + seconds!);
  }
  return parts;
}

/** What each part used between two readings, per alert stored, in milliseconds. */
export function cpuMsPerAlert(before: CpuParts, after: CpuParts, alerts: number): CpuParts {
  const used: CpuParts = new Map();
  for (const [part, seconds] of after) used.set(part, ((seconds - (before.get(part) ?? 0)) * 1000) / alerts);
  return used;
}

/** What all the parts used together. */
export function cpuTotal(parts: CpuParts): number {
  return [...parts.values()].reduce((sum, used) => sum + used, 0);
}

/** `gateway 3.9 ms, postgresql 3.5, ...; all 14.5 ms: at most 138 alerts/s on 2 cores` */
export function describeCpu(perAlert: CpuParts): string {
  const total = cpuTotal(perAlert);
  const parts = [...perAlert].sort((a, b) => b[1] - a[1]).map(([part, ms]) => `${part} ${ms.toFixed(1)}`);
  const cores = availableParallelism();
  return (
    `CPU per alert stored, ms: ${parts.join(', ')}; all ${total.toFixed(1)} ms, ` +
    `so at most ${((cores * 1000) / total).toFixed(0)} alerts/s on this machine's ${cores} cores`
  );
}

function processSeconds(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from the 3rd: utime is the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined; // gone since the listing
  }
}

function partOf(pid: number, apps: ReadonlyMap<number, string>): string | undefined {
  if (pid === process.pid) return 'load generator';
  const app = apps.get(pid);
  if (app !== undefined) return app;
  let command: string;
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
  } catch {
    return undefined;
  }
  if (command === '') return undefined; // a kernel thread: not counted
  if (/(^|\/)postgres(:|$)|\/postgresql\//.test(command)) return 'postgresql';
  if (/(^|\/)nats-server$/.test(command)) return 'nats-server';
  return 'other processes';
}
