import { type DurationSummary, summariseDurations } from './percentile';
import type { DeliveryFactsRow, RejectedCountRow, SentCountRow } from './reports.repository';

/** Messages counted by kind and by category (only messages with a category count in `byCategory`). */
export interface MessageCounts {
  total: number;
  byKind: Record<string, number>;
  byCategory: Record<string, number>;
}

/** Deliveries of alerts that asked for feedback, how many got it, how many went overdue. */
export interface FeedbackFigures {
  requested: number;
  given: number;
  /** given / requested, to 4 decimals; null when nothing asked for feedback. */
  rate: number | null;
  overdue: number;
}

/** The figures of one node, one country or the whole network. */
export interface ExchangeFigures {
  sent: MessageCounts;
  received: MessageCounts;
  /** From delivery to the recipient's first look at the message. */
  timeToRead: DurationSummary;
  /** From delivery to the recipient's first acknowledgement. */
  timeToAcknowledge: DurationSummary;
  feedback: FeedbackFigures;
  rejected: { total: number; byReason: Record<string, number> };
}

export interface NodeExchangeFigures extends ExchangeFigures {
  node: string;
}

export interface CountryExchangeFigures extends ExchangeFigures {
  country: string;
  nodes: NodeExchangeFigures[];
}

/** `GET /reports/exchange`. */
export interface ExchangeReport {
  from: string | null;
  to: string | null;
  network: ExchangeFigures;
  countries: CountryExchangeFigures[];
}

/** The raw material of one group of figures, before the percentiles. */
interface Tally {
  sent: MessageCounts;
  received: MessageCounts;
  readMs: number[];
  acknowledgedMs: number[];
  feedback: Omit<FeedbackFigures, 'rate'>;
  rejected: { total: number; byReason: Record<string, number> };
}

export interface ExchangeReportInput {
  from: string | null;
  to: string | null;
  sent: SentCountRow[];
  deliveries: DeliveryFactsRow[];
  rejected: RejectedCountRow[];
}

/**
 * Builds the report from the ledger's aggregates: per node, per country (the first two letters of
 * a node id) and for the network, which also counts rejections whose origin is unknown.
 */
export function buildExchangeReport(input: ExchangeReportInput): ExchangeReport {
  const network = emptyTally();
  const byNode = new Map<string, Tally>();
  const tallyOf = (node: string) => byNode.get(node) ?? byNode.set(node, emptyTally()).get(node)!;
  for (const row of input.sent) {
    for (const t of [network, tallyOf(row.node)]) count(t.sent, row);
  }
  for (const row of input.deliveries) {
    for (const t of [network, tallyOf(row.node)]) addDeliveries(t, row);
  }
  for (const row of input.rejected) {
    for (const t of row.node ? [network, tallyOf(row.node)] : [network]) addRejected(t, row);
  }
  const countries = new Map<string, { tally: Tally; nodes: NodeExchangeFigures[] }>();
  for (const node of [...byNode.keys()].sort()) {
    const country = node.slice(0, 2);
    const entry = countries.get(country) ?? countries.set(country, { tally: emptyTally(), nodes: [] }).get(country)!;
    const tally = byNode.get(node)!;
    merge(entry.tally, tally);
    entry.nodes.push({ node, ...figuresOf(tally) });
  }
  return {
    from: input.from,
    to: input.to,
    network: figuresOf(network),
    countries: [...countries.entries()].map(([country, { tally, nodes }]) => ({ country, ...figuresOf(tally), nodes })),
  };
}

function emptyTally(): Tally {
  return {
    sent: emptyCounts(),
    received: emptyCounts(),
    readMs: [],
    acknowledgedMs: [],
    feedback: { requested: 0, given: 0, overdue: 0 },
    rejected: { total: 0, byReason: {} },
  };
}

function emptyCounts(): MessageCounts {
  return { total: 0, byKind: {}, byCategory: {} };
}

function count(counts: MessageCounts, row: Pick<SentCountRow, 'kind' | 'category' | 'count'>): void {
  counts.total += row.count;
  add(counts.byKind, row.kind ?? 'UNKNOWN', row.count);
  if (row.category) add(counts.byCategory, row.category, row.count);
}

function addDeliveries(t: Tally, row: DeliveryFactsRow): void {
  count(t.received, row);
  t.readMs.push(...row.readMs);
  t.acknowledgedMs.push(...row.acknowledgedMs);
  t.feedback.requested += row.feedbackRequested;
  t.feedback.given += row.feedbackGiven;
  t.feedback.overdue += row.feedbackOverdue;
}

function addRejected(t: Tally, row: RejectedCountRow): void {
  t.rejected.total += row.count;
  add(t.rejected.byReason, row.reason, row.count);
}

function merge(into: Tally, from: Tally): void {
  for (const key of ['sent', 'received'] as const) {
    into[key].total += from[key].total;
    for (const [k, n] of Object.entries(from[key].byKind)) add(into[key].byKind, k, n);
    for (const [c, n] of Object.entries(from[key].byCategory)) add(into[key].byCategory, c, n);
  }
  into.readMs.push(...from.readMs);
  into.acknowledgedMs.push(...from.acknowledgedMs);
  into.feedback.requested += from.feedback.requested;
  into.feedback.given += from.feedback.given;
  into.feedback.overdue += from.feedback.overdue;
  into.rejected.total += from.rejected.total;
  for (const [r, n] of Object.entries(from.rejected.byReason)) add(into.rejected.byReason, r, n);
}

function figuresOf(t: Tally): ExchangeFigures {
  const { requested, given } = t.feedback;
  return {
    sent: sortedCounts(t.sent),
    received: sortedCounts(t.received),
    timeToRead: summariseDurations(t.readMs),
    timeToAcknowledge: summariseDurations(t.acknowledgedMs),
    feedback: {
      requested,
      given,
      rate: requested === 0 ? null : Math.round((given / requested) * 10_000) / 10_000,
      overdue: t.feedback.overdue,
    },
    rejected: { total: t.rejected.total, byReason: sortedKeys(t.rejected.byReason) },
  };
}

function sortedCounts(c: MessageCounts): MessageCounts {
  return { total: c.total, byKind: sortedKeys(c.byKind), byCategory: sortedKeys(c.byCategory) };
}

function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function add(record: Record<string, number>, key: string, n: number): void {
  record[key] = (record[key] ?? 0) + n;
}
