import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const DATA_DIR = join('libs', 'contracts', 'data');
const MARKER = 'countries.tsv';

let dataDir: string | undefined;

/**
 * The directory of the shipped reference data. Walking up from this file finds it both from
 * `libs/contracts/src/reference` (jest, ts sources) and from `dist/libs/contracts/src/reference`
 * (compiled), whether the image copies `libs/contracts/data` under `dist/` or beside it.
 */
export function referenceDataDir(): string {
  if (dataDir) return dataDir;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, DATA_DIR);
    if (existsSync(join(candidate, MARKER))) return (dataDir = candidate);
    if (dirname(dir) === dir) break;
  }
  throw new Error(`reference data not found: no ${join(DATA_DIR, MARKER)} above ${__dirname}`);
}

/** Reads one data file as text, gunzipping a `.gz` one. */
export function readDataFile(name: string): string {
  const bytes = readFileSync(join(referenceDataDir(), name));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The records of a tab-separated data file, header line skipped. */
export function dataRows(name: string): string[][] {
  const lines = readDataFile(name).split('\n');
  return lines.slice(1, lines[lines.length - 1] === '' ? -1 : undefined).map((line) => line.split('\t'));
}
