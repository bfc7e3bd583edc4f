/** How long something took across many deliveries: how many, the median and the 90th percentile. */
export interface DurationSummary {
  count: number;
  /** Seconds, to the millisecond; null when nothing was measured. */
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/**
 * The `p`-th quantile (0 to 1) of sorted values, interpolating linearly between the two nearest
 * ranks (Hyndman-Fan type 7, the default of R, NumPy and spreadsheets' PERCENTILE.INC, and
 * PostgreSQL's percentile_cont): the median of an even count is the mean of the middle two.
 */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('the quantile of nothing');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile ${p} is not between 0 and 1`);
  const rank = p * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
}

/** Median and 90th percentile of durations given in milliseconds, answered in seconds. */
export function summariseDurations(milliseconds: readonly number[]): DurationSummary {
  if (milliseconds.length === 0) return { count: 0, medianSeconds: null, p90Seconds: null };
  const sorted = [...milliseconds].sort((a, b) => a - b);
  const seconds = (ms: number) => Math.round(ms) / 1000;
  return {
    count: sorted.length,
    medianSeconds: seconds(quantile(sorted, 0.5)),
    p90Seconds: seconds(quantile(sorted, 0.9)),
  };
}
