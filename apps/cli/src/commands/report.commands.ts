import { ok, type paths } from '@iren/client';
import type { ExchangeReportView, SeizureReportView } from '../api-views';
import { str, type Command } from '../command';
import { csvLine } from '../csv';
import { ExitCode, UsageError } from '../exit-codes';
import { json, table, type TableColumn } from '../output';

type SeizureQuery = NonNullable<paths['/api/v1/reports/seizures']['get']['parameters']['query']>;

/** A row of the exchange report: the network, a country or a node, and its figures. */
interface ExchangeRow {
  scope: string;
  figures: ExchangeReportView['network'];
}

const EXCHANGE_COLUMNS: TableColumn<ExchangeRow>[] = [
  { header: 'SCOPE', cell: (r) => r.scope },
  { header: 'SENT', cell: (r) => r.figures.sent.total },
  { header: 'RECEIVED', cell: (r) => r.figures.received.total },
  { header: 'READ_MEDIAN_S', cell: (r) => r.figures.timeToRead.medianSeconds },
  { header: 'ACK_MEDIAN_S', cell: (r) => r.figures.timeToAcknowledge.medianSeconds },
  { header: 'FEEDBACK_ASKED', cell: (r) => r.figures.feedback.requested },
  { header: 'FEEDBACK_GIVEN', cell: (r) => r.figures.feedback.given },
  { header: 'FEEDBACK_RATE', cell: (r) => r.figures.feedback.rate },
  { header: 'OVERDUE', cell: (r) => r.figures.feedback.overdue },
  { header: 'REJECTED', cell: (r) => r.figures.rejected.total },
];

const SEIZURE_COLUMNS: TableColumn<SeizureReportView['totals'][number]>[] = [
  { header: 'CATEGORY', cell: (t) => t.category },
  { header: 'PIECES', cell: (t) => t.pieces },
  { header: 'KILOGRAMS', cell: (t) => t.kilograms },
  { header: 'ALERTS', cell: (t) => t.alerts },
];

const CSV_OPTION = { csv: { type: 'boolean', help: 'print CSV instead of a table' } } as const;

export const reportCommands: Command[] = [
  {
    name: 'report exchange',
    args: '',
    summary: 'exchange figures of the network, each country and each node (coordinators)',
    options: {
      ...CSV_OPTION,
      from: { type: 'string', help: 'from this time on (ISO 8601)' },
      to: { type: 'string', help: 'before this time (ISO 8601)' },
    },
    arity: [0, 0],
    async run({ io, api, options, json: asJson }) {
      const query = {
        ...(str(options.from) && { from: str(options.from) }),
        ...(str(options.to) && { to: str(options.to) }),
      };
      const report = await ok(api().GET('/api/v1/reports/exchange', { params: { query } }));
      const rows: ExchangeRow[] = [{ scope: 'network', figures: report.network }];
      for (const country of report.countries) {
        rows.push({ scope: country.country, figures: country });
        for (const node of country.nodes) rows.push({ scope: `  ${node.node}`, figures: node });
      }
      if (asJson) io.out(json(report));
      else if (options.csv)
        io.out(
          csv(
            rows.map((r) => ({ ...r, scope: r.scope.trim() })),
            EXCHANGE_COLUMNS,
          ),
        );
      else io.out(table(rows, EXCHANGE_COLUMNS));
      return ExitCode.OK;
    },
  },
  {
    name: 'report seizures',
    args: '',
    summary: 'seizure totals by category: pieces, kilograms, alerts (coordinators)',
    options: {
      ...CSV_OPTION,
      year: { type: 'string', help: 'the year of the seizures' },
      country: { type: 'string', help: 'the country of the reporting node' },
      category: { type: 'string', help: 'one category' },
    },
    arity: [0, 0],
    async run({ io, api, options, json: asJson }) {
      const year = str(options.year);
      if (year !== undefined && !/^\d{4}$/.test(year)) throw new UsageError(`--year should be like 2022, got ${year}`);
      const query: SeizureQuery = {
        ...(year && { year: Number(year) }),
        ...(str(options.country) && { country: str(options.country) }),
        // The API validates the category and names the ones it knows when it refuses.
        ...(str(options.category) && { category: str(options.category) as SeizureQuery['category'] }),
      };
      const report = await ok(api().GET('/api/v1/reports/seizures', { params: { query } }));
      if (asJson) io.out(json(report));
      else if (options.csv) io.out(csv(report.totals, SEIZURE_COLUMNS));
      else io.out(table(report.totals, SEIZURE_COLUMNS));
      return ExitCode.OK;
    },
  },
];

function csv<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[]): string {
  const lines = [
    csvLine(columns.map((c) => c.header.toLowerCase())),
    ...rows.map((r) => csvLine(columns.map((c) => c.cell(r)))),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
