/** A value axis: from 0 to `max`, with `ticks` at round values (0 included). */
export interface Scale {
  max: number;
  ticks: number[];
}

/**
 * A value axis over non-negative values: a round maximum at or above the largest value (1, 2, 2.5
 * or 5 times a power of ten) and about five ticks. All zeros or nothing still give an axis to 1.
 */
export function valueScale(values: readonly (number | null)[], targetTicks = 5): Scale {
  const largest = Math.max(0, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  if (largest === 0) return { max: 1, ticks: [0, 1] };
  const rough = largest / targetTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const max = roundTo(Math.ceil(largest / step) * step, step);
  const ticks: number[] = [];
  for (let i = 0; i * step <= max + step / 1e9; i++) ticks.push(roundTo(i * step, step));
  return { max, ticks };
}

// 0.1 * 3 is 0.30000000000000004: round each tick to the step's own decimals.
function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(decimals));
}

export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';

const UNIT_SECONDS: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** The unit a chart of durations reads best in: the largest in which its longest value is at least 2. */
export function durationUnit(seconds: readonly (number | null)[]): { unit: DurationUnit; divisor: number } {
  const longest = Math.max(0, ...seconds.filter((s): s is number => s !== null && Number.isFinite(s)));
  const unit = (['days', 'hours', 'minutes'] as const).find((u) => longest >= 2 * UNIT_SECONDS[u]) ?? 'seconds';
  return { unit, divisor: UNIT_SECONDS[unit] };
}
