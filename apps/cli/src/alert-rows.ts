import type { CsvRecord } from './csv';

/**
 * The columns of a CSV of alerts (`iren publish alerts.csv`, docs/cli.md): one alert a row, the
 * first row naming the columns in any order. Lists hold items separated by `;`. An empty cell
 * leaves the field out, and the API's defaults apply.
 */
export const ALERT_COLUMNS = {
  tlp: 'CLEAR, GREEN, AMBER, AMBER+STRICT or RED (required)',
  handling: 'H0 to H3',
  toNodes: 'node ids, ;-separated',
  toCountries: 'ISO country codes, ;-separated',
  toGroups: 'group ids, ;-separated',
  operation: 'operation id',
  category: 'alert category, like IPR or FALSIFIED_MEDICAL (required)',
  riskLevel: 'LOW, MEDIUM, HIGH or CRITICAL (required)',
  mode: 'SEA, AIR, ROAD or RAIL (required)',
  title: 'up to 200 characters (required)',
  summary: 'up to 4000 characters',
  lang: 'ISO 639 code of title and summary (default en)',
  itinerary: 'LOCODE:ROLE points in order, ;-separated, like AZBAK:LOADING;KZAAU:DISCHARGE (required)',
  containers: 'ISO 6346 container numbers, ;-separated',
  billOfLading: 'bill of lading number',
  vesselImo: 'IMO number, like IMO9074729',
  awbs: 'air waybill numbers, ;-separated',
  flight: 'flight number',
  hsCode: 'HS code of the goods, 2 to 10 digits (one goods line a row; more in a JSON file)',
  goodsDescription: 'what the goods are (required with hsCode)',
  quantity: 'a number',
  unit: 'PCS, KGM, LTR, PKG, CTN, PAL, TNE, MTQ, SET or PR',
  brand: 'brand or rightsholder',
  indicators: 'risk indicators, ;-separated, like ROUTE_DEVIATION;NEW_CONSIGNEE',
  requestedAction: 'MONITOR, EXAMINE, HOLD or REPORT_BACK (required)',
  feedbackDueBy: 'ISO 8601 time',
  validUntil: 'ISO 8601 time',
} as const;

type Column = keyof typeof ALERT_COLUMNS;

/** A row of the file turned into a message, or the reasons it could not be. */
export type AlertRow = { row: number; message: Record<string, unknown> } | { row: number; problems: string[] };

/** A header that cannot be read: unknown or repeated columns. */
export class AlertHeaderError extends Error {
  override readonly name = 'AlertHeaderError';
}

/**
 * Turns the records of a CSV (header first) into `POST /messages` bodies, one ALERT a row. Checks
 * only what the file's format decides (columns, numbers, the `LOCODE:ROLE` form); the API
 * validates the rest and its answer names what it refused.
 */
export function alertsFromCsv(records: CsvRecord[]): AlertRow[] {
  const [header, ...rows] = records;
  if (!header) throw new AlertHeaderError('the file is empty: the first row must name the columns');
  const columns = header.fields.map((name) => name.trim());
  const unknown = columns.filter((name) => !Object.hasOwn(ALERT_COLUMNS, name));
  if (unknown.length > 0) {
    throw new AlertHeaderError(
      `unknown column ${unknown.map((n) => JSON.stringify(n)).join(', ')}; the columns are ${Object.keys(ALERT_COLUMNS).join(', ')}`,
    );
  }
  const repeated = columns.filter((name, i) => columns.indexOf(name) !== i);
  if (repeated.length > 0) throw new AlertHeaderError(`column ${repeated[0]} appears twice`);
  return rows.map((record) => {
    if (record.fields.length !== columns.length) {
      return {
        row: record.number,
        problems: [`has ${record.fields.length} fields, the header ${columns.length}`],
      };
    }
    const cells = new Map<Column, string>();
    columns.forEach((name, i) => {
      const value = record.fields[i].trim();
      if (value !== '') cells.set(name as Column, value);
    });
    return alertFromCells(record.number, cells);
  });
}

function alertFromCells(row: number, cells: Map<Column, string>): AlertRow {
  const problems: string[] = [];
  const text = (column: Column) => cells.get(column);
  const list = (column: Column) =>
    text(column)
      ?.split(';')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const itinerary = list('itinerary')?.map((point) => {
    const match = /^([^:\s]+)\s*:\s*([A-Za-z_]+)$/.exec(point);
    if (!match) problems.push(`itinerary: ${JSON.stringify(point)} is not LOCODE:ROLE`);
    return { locode: match?.[1] ?? point, role: match?.[2].toUpperCase() ?? '' };
  });
  let quantity: number | undefined;
  if (text('quantity') !== undefined) {
    quantity = Number(text('quantity'));
    if (!Number.isFinite(quantity)) problems.push(`quantity: ${JSON.stringify(text('quantity'))} is not a number`);
  }
  const goodsColumns: Column[] = ['hsCode', 'goodsDescription', 'quantity', 'unit', 'brand'];
  const hasGoods = goodsColumns.some((column) => cells.has(column));
  const goods = hasGoods
    ? [
        defined({
          hsCode: text('hsCode') ?? '',
          description: text('goodsDescription') ?? '',
          quantity,
          unit: text('unit'),
          brand: text('brand'),
        }),
      ]
    : undefined;
  if (problems.length > 0) return { row, problems };
  const to = defined({ nodes: list('toNodes'), countries: list('toCountries'), groups: list('toGroups') });
  const transport = defined({
    containers: list('containers'),
    billOfLading: text('billOfLading'),
    vesselImo: text('vesselImo'),
    awbs: list('awbs'),
    flight: text('flight'),
  });
  const message = defined({
    kind: 'ALERT',
    tlp: text('tlp'),
    handling: text('handling'),
    operation: text('operation'),
    to: Object.keys(to).length > 0 ? { nodes: [], countries: [], groups: [], ...to } : undefined,
    body: defined({
      category: text('category'),
      riskLevel: text('riskLevel'),
      mode: text('mode'),
      title: text('title'),
      summary: text('summary') ?? '',
      lang: text('lang') ?? 'en',
      transport,
      itinerary: itinerary ?? [],
      goods,
      indicators: list('indicators'),
      requestedAction: text('requestedAction'),
      feedbackDueBy: text('feedbackDueBy'),
      validUntil: text('validUntil'),
    }),
  });
  return { row, message };
}

/** The object without its undefined members, so that the API applies its defaults. */
function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
