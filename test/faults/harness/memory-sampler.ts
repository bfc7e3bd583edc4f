import { residentKb } from '../../support/app-processes';
import type { NetworkProcess } from './fault-harness';

interface Sample {
  at: number;
  processes: { name: string; pid: number | undefined; kb: number | undefined }[];
}

/**
 * Samples the resident memory (VmRSS) of the network's processes every `everyMs`, and prints it
 * as a table: one row per sample, one column per process, in MiB; `*` marks a process that was
 * restarted since the row before (a new pid), `-` one that was not running.
 */
export class MemorySampler {
  private readonly samples: Sample[] = [];
  private timer?: NodeJS.Timeout;
  private readonly started = Date.now();

  constructor(
    private readonly processes: () => NetworkProcess[],
    private readonly everyMs: number,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    if (Date.now() - (this.samples.at(-1)?.at ?? 0) > 1000) this.sample();
  }

  table(): string[] {
    if (!this.samples.length) return [];
    const names = this.samples[0].processes.map((p) => p.name);
    const width = Math.max(...names.map((n) => n.length)) + 2;
    const header = ['time'.padEnd(8), ...names.map((n) => n.padStart(width))].join('');
    const rows = this.samples.map((sample, i) => {
      const before = this.samples[i - 1];
      const cells = sample.processes.map((p, k) => {
        if (p.kb === undefined) return '-'.padStart(width);
        const restarted = before && before.processes[k].pid !== p.pid ? '*' : '';
        return `${restarted}${(p.kb / 1024).toFixed(0)}`.padStart(width);
      });
      return [clock(sample.at - this.started).padEnd(8), ...cells].join('');
    });
    return ['resident memory (MiB, VmRSS; * restarted since the row before, - not running):', header, ...rows];
  }

  private sample(): void {
    this.samples.push({
      at: Date.now(),
      processes: this.processes().map(({ name, pid }) => ({ name, pid, kb: residentKb(pid) })),
    });
  }
}

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
