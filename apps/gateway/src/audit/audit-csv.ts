/**
 * One ledger entry as the audit service answers it (DESIGN section 8): every field its leaf hash
 * covers, so that a reader can recompute `leafHash` from the entry (the console and `iren audit
 * verify` do). The CSV export keeps its columns; whoever recomputes reads the JSON answer.
 */
export interface AuditEventRow {
  index: number;
  leafHash: string;
  sourceId: string;
  type: string;
  at: string;
  recordedAt: string;
  node: string | null;
  nodes: string[];
  country: string | null;
  messageId: string | null;
  kind: string | null;
  correlationId: string | null;
  data: Record<string, unknown>;
}

export const CSV_COLUMNS = [
  'index',
  'at',
  'type',
  'kind',
  'node',
  'nodes',
  'country',
  'messageId',
  'correlationId',
  'leafHash',
  'data',
  'redacted',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text starting
 * with = + - @ or a control character is prefixed with ' so that a spreadsheet shows it rather than
 * running it as a formula (the data of an entry comes from the nodes).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** An entry, `redacted` when something was withheld from the officer reading it (`entryForOfficer`). */
type ExportedEntry = AuditEventRow & { redacted?: true };

function cells(row: ExportedEntry): string[] {
  return [
    String(row.index),
    row.at,
    row.type,
    row.kind ?? '',
    row.node ?? '',
    row.nodes.join(' '),
    row.country ?? '',
    row.messageId ?? '',
    row.correlationId ?? '',
    row.leafHash,
    JSON.stringify(row.data),
    // A redacted entry no longer hashes to its leafHash: the export says so, as the JSON answer does.
    row.redacted ? 'true' : '',
  ];
}

/** The entries as CSV: a header row, then one line per entry, CRLF line ends. */
export function auditEventsCsv(rows: readonly ExportedEntry[]): string {
  const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => cells(r).map(csvField).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
