import { dataRows } from './data-files';

let names: Map<string, string> | undefined;

function countryNames(): Map<string, string> {
  return (names ??= new Map(dataRows('countries.tsv').map(([code, name]) => [code, name])));
}

/**
 * Whether `code` is in the shipped country list: UN/LOCODE's 249 countries (edition 2025-1),
 * which are the ISO 3166-1 alpha-2 codes less `BV` (no locations) plus `XZ` (installations in
 * international waters). Case-sensitive: codes are capital letters.
 */
export function isKnownCountry(code: string): boolean {
  return countryNames().has(code);
}

/** The country's English short name as UN/LOCODE gives it, or undefined for an unknown code. */
export function countryName(code: string): string | undefined {
  return countryNames().get(code);
}

/** A country of the shipped list. */
export interface CountryEntry {
  code: string;
  name: string;
}

/** Every country of the shipped list, sorted by code (249, `XZ` included: see `isKnownCountry`). */
export function listCountries(): CountryEntry[] {
  return [...countryNames()].map(([code, name]) => ({ code, name }));
}
