/** Where the CLI reads and writes; `main.ts` gives it the process's, tests their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** All of standard input, for `iren config set token -`. */
  readStdin(): Promise<string>;
  /** Whether standard error is a terminal: the publish progress bar is drawn only there. */
  errIsTty: boolean;
}

/** A column of a table: its heading and how to read its cell from a row. */
export interface TableColumn<Row> {
  header: string;
  cell(row: Row): unknown;
}

/**
 * Text from the API, made safe to print: other nodes write titles and names, and a control
 * character (an ANSI escape, a carriage return) would let them rewrite what the terminal shows.
 */
export function printable(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => (c === '\t' ? ' ' : '\uFFFD'));
}

/** Rows as a table with aligned columns, the header first; long cells are cut at `maxWidth`. */
export function table<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[], maxWidth = 60): string {
  const cells = rows.map((row) => columns.map((column) => clip(printable(column.cell(row)), maxWidth)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i].length)));
  const line = (values: string[]) =>
    values
      .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

/** Pairs of label and value, one a line, the labels aligned. */
export function fields(pairs: ReadonlyArray<readonly [string, unknown]>): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${printable(value)}`).join('\n') + '\n';
}

/**
 * One page of a listing: its JSON for scripts, else a table and, when the page is full (a cursor
 * is always given, to poll from), the command that reads the next one.
 */
export function printPage<Row>(
  io: CliIo,
  page: { items: readonly Row[]; next?: string | null },
  how: { json: boolean; columns: readonly TableColumn<Row>[]; limit: number; command: string },
): void {
  if (how.json) return io.out(json(page));
  io.out(table(page.items, how.columns));
  if (page.next && page.items.length >= how.limit) io.out(`more: ${how.command} --after ${page.next}\n`);
}

/** JSON for scripts: one document, indented, with a final newline. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** A progress bar on a terminal, redrawn in place on standard error; nothing elsewhere. */
export class ProgressBar {
  private lastDrawn = -1;

  constructor(
    private readonly io: CliIo,
    private readonly total: number,
    private readonly label: string,
  ) {}

  update(done: number, refused: number): void {
    if (!this.io.errIsTty || this.total === 0) return;
    const percent = Math.floor((done / this.total) * 100);
    if (percent === this.lastDrawn && done !== this.total) return;
    this.lastDrawn = percent;
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    this.io.err(`\r${this.label} [${bar}] ${done}/${this.total} (${refused} refused)`);
  }

  finish(): void {
    if (this.io.errIsTty && this.total > 0) this.io.err('\n');
  }
}
