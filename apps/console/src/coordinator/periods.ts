/** One stretch of time a chart shows as one bar or point: `[from, to)`, ISO 8601 instants. */
export interface Period {
  from: string;
  to: string;
}

export type PeriodUnit = 'week' | 'month';

/**
 * The last `count` whole weeks (Monday to Monday) or calendar months, the current one included,
 * oldest first. Boundaries are midnights in the browser's time zone, so a month is the month the
 * coordinator sees on their calendar.
 */
export function recentPeriods(unit: PeriodUnit, count: number, now: Date = new Date()): Period[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a whole number >= 1, got ${count}`);
  const current = unit === 'month' ? new Date(now.getFullYear(), now.getMonth(), 1) : mondayOf(now);
  const step = (start: Date, n: number) =>
    unit === 'month' ? new Date(start.getFullYear(), start.getMonth() + n, 1) : addDays(start, 7 * n);
  return Array.from({ length: count }, (_, i) => {
    const from = step(current, i - (count - 1));
    return { from: from.toISOString(), to: step(from, 1).toISOString() };
  });
}

function mondayOf(day: Date): Date {
  const midnight = new Date(day.getFullYear(), day.getMonth(), day.getDate());
  return addDays(midnight, -((midnight.getDay() + 6) % 7));
}

// By calendar date, not by 24 hours: a week across a daylight-saving change still starts at midnight.
function addDays(day: Date, days: number): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + days);
}
