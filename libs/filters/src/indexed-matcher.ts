import type { SubscriptionFilter, SubscriptionRecord } from '@iren/contracts';
import { AnchorIndex } from './anchor-index';
import { copyFilter } from './copy-filter';
import { anchorOf, type Anchor } from './filter-anchor';
import { filterMatches, isUnconstrained } from './filter-matches';
import type { MatchableMessage } from './matchable-message';
import type { SubscriptionMatcher } from './subscription-matcher';

/** One filter of one node's subscription, as the index holds it. */
interface IndexedFilter {
  readonly nodeId: string;
  readonly position: number;
  readonly filter: SubscriptionFilter;
  /** Undefined for a filter that constrains nothing and so matches every message. */
  readonly anchor: Anchor | undefined;
  /**
   * Whether the filter constrains more than its anchor. A candidate found under one of its
   * anchor keys already satisfies the anchor field, so a single-field filter needs no check.
   */
  readonly checkRest: boolean;
  /** The last `match` call that looked at this filter: reaching it twice costs one comparison. */
  lastVisit: number;
}

/**
 * Files each filter under one constrained field, its anchor (see `anchorOf`), in an inverted
 * index keyed by that field's values; a message looks up only its own values (its LOCODEs,
 * countries, every prefix of its HS codes, its category, mode, kind and risk levels) and verifies
 * the candidates found against the rest of the filter with `filterMatches`.
 *
 * Complexity, with f the size of a filter (its number of values) and F a subscription's filters:
 * - `upsert`: O(F·f) for the new subscription plus the same for the one it replaces;
 * - `remove`: O(F·f) of the subscription removed;
 * - `match`: O(k + c·f + u + r log r), with k the message's keys (LOCODEs + countries + HS codes ×
 *   prefix lengths in use + 4 + risk levels), c the candidates filed under them, u the filters
 *   that constrain nothing (all of which match), r the matches; independent of the number of
 *   subscriptions except through the candidates, which an anchor keeps close to the matches.
 */
export class IndexedMatcher implements SubscriptionMatcher {
  private readonly filtersByNode = new Map<string, IndexedFilter[]>();
  private readonly anchored = new AnchorIndex<IndexedFilter>();
  private readonly matchingEverything = new Set<IndexedFilter>();
  private visits = 0;

  get size(): number {
    return this.filtersByNode.size;
  }

  upsert(record: SubscriptionRecord): void {
    this.remove(record.nodeId);
    const entries = record.filters.map((filter, position): IndexedFilter => {
      const copy = copyFilter(filter);
      const anchor = anchorOf(copy);
      const checkRest = anchor !== undefined && !isUnconstrained({ ...copy, [anchor.field]: undefined });
      return { nodeId: record.nodeId, position, filter: copy, anchor, checkRest, lastVisit: 0 };
    });
    for (const entry of entries) {
      if (entry.anchor === undefined) this.matchingEverything.add(entry);
      else this.anchored.add(entry.anchor, entry);
    }
    this.filtersByNode.set(record.nodeId, entries);
  }

  remove(nodeId: string): void {
    for (const entry of this.filtersByNode.get(nodeId) ?? []) {
      if (entry.anchor === undefined) this.matchingEverything.delete(entry);
      else this.anchored.delete(entry.anchor, entry);
    }
    this.filtersByNode.delete(nodeId);
  }

  match(message: MatchableMessage): Map<string, number[]> {
    const matches = new Map<string, number[]>();
    const visit = ++this.visits;
    for (const entry of this.matchingEverything) record(matches, entry);
    this.anchored.forEachCandidate(message, (entry) => {
      if (entry.lastVisit === visit) return;
      entry.lastVisit = visit;
      if (!entry.checkRest || filterMatches(entry.filter, message)) record(matches, entry);
    });
    for (const positions of matches.values()) {
      if (positions.length > 1) positions.sort((a, b) => a - b);
    }
    return matches;
  }
}

function record(matches: Map<string, number[]>, entry: IndexedFilter): void {
  const positions = matches.get(entry.nodeId);
  if (positions === undefined) matches.set(entry.nodeId, [entry.position]);
  else positions.push(entry.position);
}
