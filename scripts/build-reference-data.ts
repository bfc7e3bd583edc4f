/**
 * Regenerates the reference data shipped in `libs/contracts/data/` from the source CSV files kept
 * in the shared data folder (default `../shared/data`, see its README for provenance).
 *
 * Run from the repository root:
 *   npx tsc -p tsconfig.build.json && node dist/scripts/build-reference-data.js [sourceDir]
 *
 * The output is deterministic (sorted rows, gzip without a timestamp), so a rerun on the same
 * sources changes no byte and a real change shows up as a diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const TARGET_DIR = 'libs/contracts/data';

/** Parses RFC 4180 CSV (quoted fields, `""` escapes, LF or CRLF); the first row is the header. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  // A byte-order mark would otherwise become part of the first column's name.
  const header = rows[0].map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name));
  return rows.slice(1).map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

function readCsv(sourceDir: string, file: string): Record<string, string>[] {
  return parseCsv(readFileSync(join(sourceDir, file), 'utf8'));
}

/** Joins fields with tabs, refusing any that would break the one-record-per-line format. */
function tsvLine(fields: string[]): string {
  for (const field of fields) {
    if (/[\t\r\n]/.test(field)) throw new Error(`field ${JSON.stringify(field)} holds a tab or a line break`);
  }
  return fields.join('\t');
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`source data check failed: ${message}`);
}

function byFirstField(a: string[], b: string[]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function buildCountries(sourceDir: string): string[][] {
  const rows = readCsv(sourceDir, 'country-codes.csv').map((r) => [r.CountryCode, r.CountryName]);
  check(
    rows.every(([code]) => /^[A-Z]{2}$/.test(code)),
    'every country code is two capital letters',
  );
  return rows.sort(byFirstField);
}

function buildHs(sourceDir: string): string[][] {
  // The source's first row is a `TOTAL` pseudo-code (level 5) for "all commodities": not a code.
  const rows = readCsv(sourceDir, 'harmonized-system.csv')
    .filter((r) => r.hscode !== 'TOTAL')
    .map((r) => [r.hscode, r.level, r.description]);
  check(
    rows.every(([code, level]) => /^\d+$/.test(code) && String(code.length) === level),
    'code length = level',
  );
  return rows.sort(byFirstField);
}

function buildLocodes(sourceDir: string, countries: Set<string>): string[][] {
  const rows = readCsv(sourceDir, 'unlocode.csv').map((r) => {
    check(r.locode.slice(0, 2) === r.country && countries.has(r.country), `country of ${r.locode}`);
    check(r.function.length === 8, `function field of ${r.locode}`);
    return [r.locode, r.name, r.function, r.status];
  });
  check(new Set(rows.map(([locode]) => locode)).size === rows.length, 'one row per locode');
  return rows.sort(byFirstField);
}

function write(file: string, header: string[], rows: string[][], gzip = false): void {
  const text = [header, ...rows].map(tsvLine).join('\n') + '\n';
  const bytes = gzip ? gzipSync(Buffer.from(text, 'utf8'), { level: 9 }) : Buffer.from(text, 'utf8');
  writeFileSync(join(TARGET_DIR, file), bytes);
  console.log(`${join(TARGET_DIR, file)}: ${rows.length} rows, ${bytes.length} bytes`);
}

function main(): void {
  const sourceDir = resolve(process.argv[2] ?? '../shared/data');
  if (!existsSync(TARGET_DIR)) throw new Error(`run from the repository root (no ${TARGET_DIR} here)`);
  if (!existsSync(join(sourceDir, 'unlocode.csv'))) throw new Error(`no unlocode.csv in ${sourceDir}`);

  const countries = buildCountries(sourceDir);
  const hs = buildHs(sourceDir);
  const locodes = buildLocodes(sourceDir, new Set(countries.map(([code]) => code)));
  // Spot checks from the source README: if these move, the sources are not what we think they are.
  check(
    locodes.some((r) => r.join('|') === 'KZAAU|Aktau|12-4----|AI'),
    'KZAAU is Aktau, port and airport',
  );
  check(
    hs.some(([code, level]) => code === '300420' && level === '6'),
    'HS subheading 300420 is present',
  );

  write('countries.tsv', ['code', 'name'], countries);
  write('hs-nomenclature.tsv', ['code', 'level', 'description'], hs);
  write('unlocode.tsv.gz', ['locode', 'name', 'function', 'status'], locodes, true);
}

main();
