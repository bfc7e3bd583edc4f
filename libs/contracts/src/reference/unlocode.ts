import { readDataFile } from './data-files';

/** One location of the UN/LOCODE code list. */
export interface LocodeLocation {
  locode: string;
  /** ISO 3166-1 alpha-2 code: the first two characters of the locode. */
  country: string;
  /** The name without diacritics. */
  name: string;
  /**
   * UNECE's 8-character function field: `1` port, `2` rail, `3` road, `4` airport, `5` postal,
   * `6` multimodal, `7` fixed transport, `B` border crossing, `0` unknown, `-` not that function.
   */
  functions: string;
  /** UNECE status code (e.g. `AI`, `RL`, `XX` for an entry due for removal); may be empty. */
  status: string;
}

const LOCODE_LENGTH = 5;

/**
 * The list stays one string with the start of each line in a typed array, searched by binary
 * search over the sorted locodes: about 3.7 MB for 111,700 entries where a Map of objects
 * would take several times that.
 */
interface LocodeTable {
  text: string;
  lineStarts: Int32Array;
}

let table: LocodeTable | undefined;

function locodeTable(): LocodeTable {
  if (table) return table;
  const text = readDataFile('unlocode.tsv.gz');
  const starts: number[] = [];
  // Line 0 is the header; every later non-empty line is a record.
  for (let i = text.indexOf('\n') + 1; i > 0 && i < text.length; i = text.indexOf('\n', i) + 1) starts.push(i);
  return (table = { text, lineStarts: Int32Array.from(starts) });
}

function lineAt({ text, lineStarts }: LocodeTable, index: number): string {
  const start = lineStarts[index];
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The UN/LOCODE entry for `locode` (e.g. `KZAAU` → Aktau), or undefined when it is not listed. */
export function locationOf(locode: string): LocodeLocation | undefined {
  if (locode.length !== LOCODE_LENGTH) return undefined;
  const t = locodeTable();
  let low = 0;
  let high = t.lineStarts.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const key = t.text.slice(t.lineStarts[middle], t.lineStarts[middle] + LOCODE_LENGTH);
    if (key === locode) {
      const [, name, functions, status] = lineAt(t, middle).split('\t');
      return { locode, country: locode.slice(0, 2), name, functions, status };
    }
    if (key < locode) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/**
 * Every location of the list, in locode order, read one at a time from the shared table (for a
 * search: nothing is kept but what the caller keeps).
 */
export function* allLocations(): Generator<LocodeLocation> {
  const t = locodeTable();
  for (let i = 0; i < t.lineStarts.length; i++) {
    const [locode, name, functions, status] = lineAt(t, i).split('\t');
    if (locode) yield { locode, country: locode.slice(0, 2), name, functions, status };
  }
}
