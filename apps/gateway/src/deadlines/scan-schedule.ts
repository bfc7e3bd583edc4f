/** Shortest wait between scans, so a deadline a few milliseconds off does not make the scanner spin. */
export const MIN_SCAN_DELAY_MS = 50;

/**
 * How long the deadline scanner sleeps: the interval, or less when a known deadline falls due
 * sooner (never less than `MIN_SCAN_DELAY_MS`).
 */
export function nextScanDelay(intervalMs: number, nextDue: Date | undefined, nowMs: number): number {
  if (nextDue === undefined) return intervalMs;
  const untilDue = nextDue.getTime() - nowMs;
  return Math.max(MIN_SCAN_DELAY_MS, Math.min(intervalMs, untilDue));
}
