/**
 * What every benchmark reports: figures, each the median of several runs with its spread, and
 * comparisons as ratios to a baseline measured in the same run. `bench/run.ts` gathers them into
 * `bench/results/<date>.json` and a markdown table.
 */
export interface Figure {
  /** The benchmark: `ceiling`, `pipeline`, `router`, `latency`, `ledger`, `memory`, `nest-transport`... */
  bench: string;
  /** What was measured within it: `publish 1 KiB, 256 in flight`, `10,000 subscriptions`... */
  case: string;
  /** `msgs/s`, `ms`, `MiB`, `%`... */
  unit: string;
  /** Median of the runs, and their lowest and highest. */
  median: number;
  min: number;
  max: number;
  runs: number;
  /** The figure this one is compared with, in the same run: its bench and case, and this median over its median. */
  baseline?: { bench: string; case: string; ratio: number };
  /** Anything a reader needs to read the figure (a target, what was lost, a limit met). */
  note?: string;
}

/** The figure for the values of several runs of one case. */
export function figureOf(bench: string, kase: string, unit: string, values: number[], note?: string): Figure {
  if (values.length === 0) throw new Error(`${bench} / ${kase}: no runs`);
  const sorted = [...values].sort((a, b) => a - b);
  return {
    bench,
    case: kase,
    unit,
    median: median(sorted),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    runs: values.length,
    ...(note && { note }),
  };
}

/** `figure` compared with `baseline`: their medians' ratio. */
export function against(figure: Figure, baseline: Figure): Figure {
  return {
    ...figure,
    baseline: {
      bench: baseline.bench,
      case: baseline.case,
      ratio: baseline.median === 0 ? Number.NaN : figure.median / baseline.median,
    },
  };
}

export function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The value at `p` (0 to 100) of sorted values, nearest rank. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A figure's value for a table: few significant digits, thousands separated. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

/** The figures as a markdown table: bench, case, median, spread, unit, runs, ratio to the baseline, note. */
export function markdownTable(figures: Figure[]): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = figures.map((f) => [
    f.bench,
    escape(f.case),
    formatValue(f.median),
    f.runs > 1 ? `${formatValue(f.min)}–${formatValue(f.max)}` : '',
    f.unit,
    String(f.runs),
    f.baseline ? `${formatValue(f.baseline.ratio)} × ${escape(f.baseline.bench)} / ${escape(f.baseline.case)}` : '',
    escape(f.note ?? ''),
  ]);
  const header = ['bench', 'case', 'median', 'spread (min–max)', 'unit', 'runs', 'vs baseline', 'note'];
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}
