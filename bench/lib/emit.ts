/**
 * How a benchmark hands its figures to `bench/run.ts`, and the arguments every benchmark shares.
 *
 * A benchmark calls `emitFigures(figures)` once or several times. Under the runner (which sets
 * `BENCH_FIGURES_FILE`) each call appends one JSON line to that file; run alone, the figures are
 * printed as a markdown table. Either way the benchmark's own progress output stays on stdout.
 */
import { appendFileSync } from 'node:fs';
import { type Figure, markdownTable } from './figures';

/** The environment variable through which `bench/run.ts` names the file a benchmark appends its figures to. */
export const FIGURES_FILE_ENV = 'BENCH_FIGURES_FILE';

/** Hands `figures` to the runner (or prints them when run alone). */
export function emitFigures(figures: Figure[]): void {
  const file = process.env[FIGURES_FILE_ENV];
  if (file) appendFileSync(file, `${JSON.stringify(figures)}\n`);
  else console.log(`\n${markdownTable(figures)}\n`);
}

/** The arguments every benchmark understands: `--quick`, and `--name=value` options. */
export interface BenchArgs {
  /** `--quick`: fewer runs and smaller sizes, so that the whole suite stays under 3 minutes. */
  quick: boolean;
  /** `--name=value` as a number; else `quick` in quick mode (when given) or `full`. */
  number(name: string, full: number, quick?: number): number;
  /** `--name=a,b,c` as numbers; else `quick` in quick mode (when given) or `full`. */
  numbers(name: string, full: number[], quick?: number[]): number[];
  /** `--name=value` as a string, else `fallback`. */
  string(name: string, fallback: string): string;
}

export function benchArgs(argv: string[] = process.argv.slice(2)): BenchArgs {
  const quick = argv.includes('--quick');
  const raw = (name: string) => {
    const found = argv.find((a) => a.startsWith(`--${name}=`));
    return found === undefined ? undefined : found.slice(name.length + 3);
  };
  const number = (name: string, full: number, quickValue?: number) => {
    const value = raw(name);
    if (value === undefined) return quick && quickValue !== undefined ? quickValue : full;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new Error(`--${name}=${value}: not a number`);
    return parsed;
  };
  const numbers = (name: string, full: number[], quickValue?: number[]) => {
    const value = raw(name);
    if (value === undefined) return quick && quickValue !== undefined ? quickValue : full;
    return value.split(',').map((v) => {
      const parsed = Number(v);
      if (!Number.isFinite(parsed)) throw new Error(`--${name}=${value}: ${v} is not a number`);
      return parsed;
    });
  };
  return { quick, number, numbers, string: (name, fallback) => raw(name) ?? fallback };
}
