import type { SubscriptionFilter, SubscriptionRecord } from '@iren/contracts';
import { copyFilter } from './copy-filter';
import { filterMatches } from './filter-matches';
import type { MatchableMessage } from './matchable-message';
import type { SubscriptionMatcher } from './subscription-matcher';

/**
 * Tries every filter of every subscription: O(total filters) per message. It is the model the
 * indexed matcher is checked against, and fine for a handful of nodes.
 */
export class NaiveMatcher implements SubscriptionMatcher {
  private readonly filtersByNode = new Map<string, SubscriptionFilter[]>();

  get size(): number {
    return this.filtersByNode.size;
  }

  upsert(record: SubscriptionRecord): void {
    this.filtersByNode.set(record.nodeId, record.filters.map(copyFilter));
  }

  remove(nodeId: string): void {
    this.filtersByNode.delete(nodeId);
  }

  match(message: MatchableMessage): Map<string, number[]> {
    const matches = new Map<string, number[]>();
    for (const [nodeId, filters] of this.filtersByNode) {
      const indexes: number[] = [];
      for (let index = 0; index < filters.length; index++) {
        if (filterMatches(filters[index], message)) indexes.push(index);
      }
      if (indexes.length > 0) matches.set(nodeId, indexes);
    }
    return matches;
  }
}
