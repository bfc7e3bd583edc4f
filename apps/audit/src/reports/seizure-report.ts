import { gramsOf, kilogramsOf } from './kilograms';
import type { SeizureLineRow } from './reports.repository';

/** What was seized in one category: pieces, kilograms (exact, 3 decimals) and the alerts behind it. */
export interface SeizureTotal {
  category: string;
  pieces: number;
  kilograms: string;
  alerts: number;
}

/** `GET /reports/seizures` (DESIGN section 8), with breakdowns where the query left a dimension open. */
export interface SeizureReport {
  /** The year asked for; null when all years are counted (then `years` breaks them down). */
  year: number | null;
  country?: string;
  category?: string;
  totals: SeizureTotal[];
  /** Per country of the reporting node, when no country was asked for. */
  countries?: { country: string; totals: SeizureTotal[] }[];
  /** Per year of seizure, when no year was asked for. */
  years?: { year: number; totals: SeizureTotal[] }[];
}

export interface SeizureQuery {
  year?: number;
  country?: string;
  category?: string;
}

interface Sum {
  pieces: bigint;
  grams: bigint;
  alerts: Set<string>;
}

/**
 * Adds the quantity lines of SEIZURE feedback exactly: kilograms as integer grams, pieces as
 * integers. An alert that two recipients seized on counts once in `alerts`, its quantities twice.
 * A line whose amounts are not exact — kilograms that are not a decimal string, pieces that are not a
 * whole number; never the case through the gateway's validation — is skipped rather than rounded.
 */
export function buildSeizureReport(query: SeizureQuery, lines: readonly SeizureLineRow[]): SeizureReport {
  const all = new Map<string, Sum>();
  const byCountry = new Map<string, Map<string, Sum>>();
  const byYear = new Map<number, Map<string, Sum>>();
  for (const line of lines) {
    const pieces = piecesOf(line.pieces);
    const grams =
      line.kilograms === null ? 0n : typeof line.kilograms === 'string' ? gramsOf(line.kilograms) : undefined;
    if (pieces === undefined || grams === undefined) continue;
    for (const sums of [all, groupOf(byCountry, line.country), groupOf(byYear, line.year)]) {
      const sum =
        sums.get(line.category) ??
        sums.set(line.category, { pieces: 0n, grams: 0n, alerts: new Set() }).get(line.category)!;
      sum.pieces += pieces;
      sum.grams += grams;
      sum.alerts.add(line.messageId);
    }
  }
  return {
    year: query.year ?? null,
    ...(query.country && { country: query.country }),
    ...(query.category && { category: query.category }),
    totals: totalsOf(all),
    ...(!query.country && {
      countries: sortedGroups(byCountry).map(([country, sums]) => ({ country, totals: totalsOf(sums) })),
    }),
    ...(query.year === undefined && {
      years: sortedGroups(byYear).map(([year, sums]) => ({ year, totals: totalsOf(sums) })),
    }),
  };
}

/** Whole pieces: absent is none; anything but a whole number from 0 to 2^53 - 1 is not an amount. */
function piecesOf(value: unknown): bigint | undefined {
  if (value === null) return 0n;
  return Number.isSafeInteger(value) && (value as number) >= 0 ? BigInt(value as number) : undefined;
}

function groupOf<K>(groups: Map<K, Map<string, Sum>>, key: K): Map<string, Sum> {
  return groups.get(key) ?? groups.set(key, new Map()).get(key)!;
}

function sortedGroups<K extends string | number>(groups: Map<K, Map<string, Sum>>): [K, Map<string, Sum>][] {
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function totalsOf(sums: Map<string, Sum>): SeizureTotal[] {
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, s]) => ({
      category,
      // Each line is at most 2^53 - 1 pieces; a total beyond that is past any real seizure.
      pieces: Number(s.pieces),
      kilograms: kilogramsOf(s.grams),
      alerts: s.alerts.size,
    }));
}
