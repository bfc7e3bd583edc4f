import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { IrenApiError, ok, type components } from '@iren/client';
import { AlertHeaderError, alertsFromCsv, type AlertRow } from '../alert-rows';
import type { Command } from '../command';
import { CsvSyntaxError, parseCsv } from '../csv';
import { ExitCode, exitCodeFor, UsageError, worse } from '../exit-codes';
import { json, printable, ProgressBar, type CliIo } from '../output';
import { positiveInteger } from './values';

type PublishBody = components['schemas']['PublishMessageDto'];

/** What became of one row (CSV) or item (JSON) of the file. */
type Refusal = { row: number; accepted: false; status: number | null; reasons: string[]; exitCode: ExitCode };
type Outcome = { row: number; accepted: true; id: string } | Refusal;

const MAX_CONCURRENCY = 16;

/** Outcomes that every later row would share: the rows after one are not sent. */
const STOPPING = new Set<ExitCode>([ExitCode.AUTH, ExitCode.UNAVAILABLE]);

function notSent(row: number, cause: Refusal): Outcome {
  const why = cause.exitCode === ExitCode.AUTH ? 'the token was refused' : 'the API is unavailable';
  return {
    row,
    accepted: false,
    status: null,
    reasons: [`not sent: ${why}`],
    exitCode: cause.exitCode,
  };
}

export const publishCommand: Command = {
  name: 'publish',
  args: '<file.json|file.csv>',
  summary: 'publish a message from JSON (one object or an array), or many alerts from a CSV (docs/cli.md)',
  options: { concurrency: { type: 'string', help: `requests at a time, 1 to ${MAX_CONCURRENCY} (default 4)` } },
  arity: [1, 1],
  async run({ io, api, args: [file], options, json: asJson }) {
    const concurrency = Math.min(positiveInteger(options.concurrency, 'concurrency') ?? 4, MAX_CONCURRENCY);
    const rows = readMessages(file);
    const client = api();
    const progress = new ProgressBar(io, rows.length, 'publishing');
    const outcomes: Outcome[] = [];
    let refused = 0;
    // A refused token or an unavailable API refuses every row alike: stop sending, say which were not sent.
    let stoppedBy: Refusal | undefined;
    await eachBounded(rows, concurrency, async (row) => {
      const outcome = stoppedBy
        ? notSent(row.row, stoppedBy)
        : await publishRow(row, (body) => ok(client.POST('/api/v1/messages', { body })));
      if (!outcome.accepted && STOPPING.has(outcome.exitCode)) stoppedBy ??= outcome;
      outcomes.push(outcome);
      if (!outcome.accepted) refused++;
      progress.update(outcomes.length, refused);
    });
    progress.finish();
    outcomes.sort((a, b) => a.row - b.row);
    report(io, outcomes, asJson, extname(file).toLowerCase() === '.csv' ? 'row' : 'item');
    return outcomes.reduce<ExitCode>((code, o) => (o.accepted ? code : worse(code, o.exitCode)), ExitCode.OK);
  },
};

/** The file's messages with their row numbers: CSV rows (the header being row 1) or JSON items from 1. */
function readMessages(file: string): AlertRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const kind = extname(file).toLowerCase();
  if (kind === '.csv') {
    try {
      return alertsFromCsv(parseCsv(text));
    } catch (error) {
      if (error instanceof CsvSyntaxError || error instanceof AlertHeaderError) {
        throw new UsageError(`${file}: ${error.message}`);
      }
      throw error;
    }
  }
  if (kind !== '.json')
    throw new UsageError(`publish: the file must end in .json or .csv, got ${JSON.stringify(file)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0) throw new UsageError(`${file} holds no message`);
  return items.map((item, i) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? { row: i + 1, message: item as Record<string, unknown> }
      : { row: i + 1, problems: ['is not a JSON object'] },
  );
}

async function publishRow(row: AlertRow, post: (body: PublishBody) => Promise<{ id: string }>): Promise<Outcome> {
  if ('problems' in row) {
    return { row: row.row, accepted: false, status: null, reasons: row.problems, exitCode: ExitCode.REFUSED };
  }
  try {
    // The API validates the message and names each field it refuses.
    // The row is checked by the API, which names each field it refuses: no point typing it here.
    const answer = await post(row.message as unknown as PublishBody);
    return { row: row.row, accepted: true, id: answer.id };
  } catch (error) {
    if (error instanceof IrenApiError) {
      const reasons = error.fields.length
        ? error.fields.map((f) => `${f.field}: ${f.messages.join('; ')}`)
        : [error.message];
      return { row: row.row, accepted: false, status: error.status, reasons, exitCode: exitCodeFor(error) };
    }
    const exitCode = exitCodeFor(error);
    if (exitCode === ExitCode.USAGE) throw error; // a bug, not a refusal: let it show
    return { row: row.row, accepted: false, status: null, reasons: [(error as Error).message], exitCode };
  }
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function report(io: CliIo, outcomes: Outcome[], asJson: boolean, unit: 'row' | 'item'): void {
  const accepted = outcomes.filter((o) => o.accepted);
  const refused = outcomes.filter((o) => !o.accepted);
  if (asJson) {
    io.out(
      json({
        accepted: accepted.map(({ row, id }) => ({ [unit]: row, id })),
        refused: refused.map(({ row, status, reasons }) => ({ [unit]: row, status, reasons })),
      }),
    );
    return;
  }
  const lines = [`${accepted.length} accepted, ${refused.length} refused`];
  for (const o of accepted) lines.push(`  ${unit} ${o.row}: accepted as ${o.id}`);
  for (const o of refused) {
    const status = o.status === null ? '' : ` (${o.status})`;
    lines.push(`  ${unit} ${o.row}: refused${status}: ${o.reasons.map(printable).join('; ')}`);
  }
  io.out(`${lines.join('\n')}\n`);
}
