import type { AcceptedAlert } from '../load/publish-log';

/** What the network stored about the accepted alerts: inbox rows and ledger entries, counted. */
export interface StoredEffects {
  /** `gateway.deliveries` rows per message and recipient. */
  deliveries: { messageId: string; node: string; rows: number }[];
  /** `audit.ledger` entries of the two types the checker reads, per message and node. */
  ledger: {
    type: 'message.published' | 'message.delivered';
    messageId: string;
    node: string | null;
    entries: number;
  }[];
}

/** The checker's counts; every one but `accepted` must be 0. */
export interface Verdict {
  /** Alerts the gateway answered 202 for. */
  accepted: number;
  /** Entitled recipients (by the preview) with no delivery stored. */
  lost: number;
  /** Deliveries stored for a node the preview did not name. */
  unexpected: number;
  /** The same effect more than once: a delivery row, a `message.published` or a `message.delivered` entry. */
  duplicateEffects: number;
  /** An accepted alert without its `message.published` entry, or a stored delivery without its `message.delivered`. */
  ledgerGaps: number;
  /** A few of each problem, to start an investigation from. */
  examples: string[];
}

const MAX_EXAMPLES = 12;

/**
 * Judges what was stored against what was promised: each accepted alert must be in the inbox of
 * exactly the nodes its preview named, once each, with one `message.published` entry and one
 * `message.delivered` entry per delivery in the ledger. Pure, so it is tested on its own.
 */
export function judgeDeliveries(accepted: readonly AcceptedAlert[], stored: StoredEffects): Verdict {
  const deliveries = groupBy(stored.deliveries, (d) => d.messageId);
  const published = new Map<string, number>();
  const deliveredEntries = new Map<string, number>();
  for (const entry of stored.ledger) {
    if (entry.type === 'message.published') {
      published.set(entry.messageId, (published.get(entry.messageId) ?? 0) + entry.entries);
    } else {
      const key = `${entry.messageId} ${entry.node}`;
      deliveredEntries.set(key, (deliveredEntries.get(key) ?? 0) + entry.entries);
    }
  }
  const verdict: Verdict = {
    accepted: accepted.length,
    lost: 0,
    unexpected: 0,
    duplicateEffects: 0,
    ledgerGaps: 0,
    examples: [],
  };
  const example = (text: string) => verdict.examples.length < MAX_EXAMPLES && verdict.examples.push(text);
  for (const alert of accepted) {
    const entitled = new Set(alert.entitled);
    const stored = new Map((deliveries.get(alert.id) ?? []).map((d) => [d.node, d.rows]));
    for (const node of entitled) {
      if (stored.has(node)) continue;
      verdict.lost += 1;
      example(`lost: ${alert.id} (from ${alert.origin}) never reached ${node}`);
    }
    for (const [node, rows] of stored) {
      if (!entitled.has(node)) {
        verdict.unexpected += 1;
        example(`unexpected: ${alert.id} reached ${node}, which its preview did not name`);
      }
      if (rows > 1) {
        verdict.duplicateEffects += rows - 1;
        example(`duplicate: ${alert.id} stored ${rows} times for ${node}`);
      }
      const entries = deliveredEntries.get(`${alert.id} ${node}`) ?? 0;
      if (entries === 0) {
        verdict.ledgerGaps += 1;
        example(`ledger gap: no message.delivered for ${alert.id} at ${node}`);
      } else if (entries > 1) {
        verdict.duplicateEffects += entries - 1;
        example(`duplicate: ${entries} message.delivered entries for ${alert.id} at ${node}`);
      }
    }
    const publishedEntries = published.get(alert.id) ?? 0;
    if (publishedEntries === 0) {
      verdict.ledgerGaps += 1;
      example(`ledger gap: no message.published for ${alert.id}`);
    } else if (publishedEntries > 1) {
      verdict.duplicateEffects += publishedEntries - 1;
      example(`duplicate: ${publishedEntries} message.published entries for ${alert.id}`);
    }
  }
  return verdict;
}

/** True when nothing but `accepted` is counted. */
export function isClean(verdict: Verdict): boolean {
  return verdict.lost + verdict.unexpected + verdict.duplicateEffects + verdict.ledgerGaps === 0;
}

/** `accepted 312, lost 0, unexpected 0, duplicate effects 0, ledger gaps 0` */
export function verdictLine(verdict: Verdict): string {
  return [
    `accepted ${verdict.accepted}`,
    `lost ${verdict.lost}`,
    `unexpected ${verdict.unexpected}`,
    `duplicate effects ${verdict.duplicateEffects}`,
    `ledger gaps ${verdict.ledgerGaps}`,
  ].join(', ');
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}
