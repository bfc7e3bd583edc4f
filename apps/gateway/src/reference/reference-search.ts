import { allHsEntries, allLocations, countryName, type HsEntry } from '@iren/contracts';
import { functionsOf, type LocationFunction } from './code-names';

/** A location as the console's port and airport picker lists it. */
export interface LocationMatch {
  locode: string;
  name: string;
  country: string;
  countryName: string | null;
  functions: LocationFunction[];
}

/**
 * The list as two texts of one line per location, kept once: `lines` (`KZAAU\tAktau\t12-4----`)
 * and `names` (`aktau`), with where each line starts. A name is found with indexOf over one string
 * and a code by binary search (the list is in code order), instead of reading 111,700 entries per
 * query: a picker asks on every key.
 */
interface LocationIndex {
  lines: string;
  lineStarts: Int32Array;
  names: string;
  nameStarts: Int32Array;
}

let index: LocationIndex | undefined;

function locationIndex(): LocationIndex {
  if (index) return index;
  const lines: string[] = [];
  const names: string[] = [];
  for (const location of allLocations()) {
    lines.push(`${location.locode}\t${location.name}\t${location.functions}`);
    // Tabs and newlines never occur in a name; lower-casing keeps one line per location.
    names.push(location.name.toLowerCase().replace(/[\t\n]/g, ' '));
  }
  const byLine = joinLines(lines);
  const byName = joinLines(names);
  return (index = { lines: byLine.text, lineStarts: byLine.starts, names: byName.text, nameStarts: byName.starts });
}

/** Rows joined by newlines, and where each starts. */
function joinLines(rows: string[]): { text: string; starts: Int32Array } {
  const starts = new Int32Array(rows.length);
  let at = 0;
  rows.forEach((row, i) => {
    starts[i] = at;
    at += row.length + 1;
  });
  return { text: rows.join('\n'), starts };
}

/** The line holding text offset `offset`: the last start not after it. */
function lineOf(starts: Int32Array, offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

function lineText(text: string, starts: Int32Array, line: number): string {
  const end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  return text.slice(starts[line], end);
}

/** The lines whose locode starts with `code`: a range of the sorted list. */
function linesWithCode(idx: LocationIndex, code: string): number[] {
  const keyAt = (line: number) => idx.lines.slice(idx.lineStarts[line], idx.lineStarts[line] + code.length);
  let low = 0;
  let high = idx.lineStarts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keyAt(middle) < code) low = middle + 1;
    else high = middle;
  }
  const found: number[] = [];
  for (let line = low; line < idx.lineStarts.length && keyAt(line) === code; line++) found.push(line);
  return found;
}

/** The lines whose name contains `query` (lower-case). */
function linesWithName(idx: LocationIndex, query: string): number[] {
  const found: number[] = [];
  for (let at = idx.names.indexOf(query); at >= 0;) {
    const line = lineOf(idx.nameStarts, at);
    found.push(line);
    const next = line + 1 < idx.nameStarts.length ? idx.nameStarts[line + 1] : idx.names.length;
    at = idx.names.indexOf(query, next);
  }
  return found;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How well a location fits a query: lower is better. */
function locationRank(locode: string, name: string, functions: string, query: string, code: string): number {
  const exactCode = locode === code ? 0 : 1;
  // Ports and airports first: they are where customs officers of the exchange work.
  const portOrAirport = functions[0] === '1' || functions[3] === '4' ? 0 : 1;
  const lower = name.toLowerCase();
  const nameFit = lower === query ? 0 : lower.startsWith(query) ? 1 : 2;
  return exactCode * 100 + portOrAirport * 10 + nameFit;
}

/**
 * UN/LOCODE locations whose code starts with the query (spaces ignored: `KZ AAU`) or whose name
 * contains it, case-insensitively: an exact code first, then ports and airports, then names that
 * start with the query, then by name. At most `limit`.
 */
export function searchLocations(q: string, limit: number): LocationMatch[] {
  const query = q.trim().toLowerCase();
  const code = query.replace(/\s+/g, '').toUpperCase();
  const idx = locationIndex();
  const lines = new Set([...(code.length >= 2 ? linesWithCode(idx, code) : []), ...linesWithName(idx, query)]);
  const matches = [...lines].map((line) => {
    const [locode, name, functions] = lineText(idx.lines, idx.lineStarts, line).split('\t');
    return { rank: locationRank(locode, name, functions, query, code), locode, name, functions };
  });
  // Names are ASCII (UN/LOCODE's without diacritics) and locodes unique: a plain order is enough, and cheap
  // for the tens of thousands of lines a short query matches.
  matches.sort((a, b) => a.rank - b.rank || compare(a.name, b.name) || compare(a.locode, b.locode));
  return matches.slice(0, limit).map((m) => ({
    locode: m.locode,
    name: m.name,
    country: m.locode.slice(0, 2),
    countryName: countryName(m.locode.slice(0, 2)) ?? null,
    functions: functionsOf(m.functions),
  }));
}

/**
 * Builds the lookups' indexes now. Building the location index reads and joins all 111,700 places
 * and blocks the event loop about 0.65 s: done when the gateway starts (ReferenceController's
 * onModuleInit) so that no request, the picker's first query included, waits for it.
 */
export function prepareReferenceSearch(): void {
  locationIndex();
  chaptersAndHeadings();
}

let headings: HsEntry[] | undefined;

/** HS chapters and headings (2 and 4 digits): what a subscription's `hsPrefixes` name. */
function chaptersAndHeadings(): HsEntry[] {
  return (headings ??= allHsEntries().filter((entry) => entry.level <= 4));
}

/**
 * HS chapters and headings for a query of digits (`30`: chapter 30 and its headings; `300420`: the
 * heading 3004 and chapter 30 that hold it) or of words (every word in the description, in any
 * order, case-insensitively), in code order. At most `limit`.
 */
export function searchHs(q: string, limit: number): HsEntry[] {
  const query = q.trim().toLowerCase();
  if (/^\d+$/.test(query)) {
    return chaptersAndHeadings()
      .filter((entry) => entry.code.startsWith(query) || query.startsWith(entry.code))
      .slice(0, limit)
      .map((entry) => ({ ...entry }));
  }
  const words = query.split(/\s+/);
  return chaptersAndHeadings()
    .filter((entry) => {
      const description = entry.description.toLowerCase();
      return words.every((word) => description.includes(word));
    })
    .slice(0, limit)
    .map((entry) => ({ ...entry }));
}
