import type { components } from '@iren/client';

// `GET /reports/seizures` without a year, as the contract types it, and the table and chart the
// dashboard makes of it. Kilograms stay exact decimal strings.

export type SeizureTotal = components['schemas']['SeizureTotalView'];
export type SeizureReport = components['schemas']['SeizureReportView'];

/** One line of the seizure table: a year and a category. */
export interface SeizureRow extends SeizureTotal {
  year: number;
}

/** Every year and category with a seizure, newest year first, categories by code. */
export function seizureRows(report: SeizureReport): SeizureRow[] {
  const years = report.years ?? (report.year === null ? [] : [{ year: report.year, totals: report.totals }]);
  return [...years]
    .sort((a, b) => b.year - a.year)
    .flatMap(({ year, totals }) =>
      [...totals].sort((a, b) => a.category.localeCompare(b.category)).map((total) => ({ year, ...total })),
    );
}

/** The categories that appear in any year, by code: the chart's series. */
export function seizureCategories(report: SeizureReport): string[] {
  return [...new Set((report.years ?? []).flatMap(({ totals }) => totals.map((t) => t.category)))].sort();
}

/** Kilograms of one year and category as a number for the chart's bar (the table shows the exact text). */
export function kilogramsOf(report: SeizureReport, year: number, category: string): number {
  const total = report.years?.find((y) => y.year === year)?.totals.find((t) => t.category === category);
  return total === undefined ? 0 : Number(total.kilograms);
}

/** Adds exact kilogram strings (up to 3 decimals) without rounding, as integer grams. */
export function addKilograms(values: readonly string[]): string {
  let grams = 0n;
  for (const value of values) {
    const match = /^(\d+)(?:\.(\d{1,3}))?$/.exec(value);
    if (match === null) throw new RangeError(`kilograms must be a decimal with up to 3 decimals, got ${value}`);
    grams += BigInt(match[1]) * 1000n + BigInt((match[2] ?? '').padEnd(3, '0'));
  }
  const whole = grams / 1000n;
  const rest = (grams % 1000n).toString().padStart(3, '0');
  return `${whole}.${rest}`;
}
