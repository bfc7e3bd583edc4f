import type { SubscriptionRecord } from '@iren/contracts';
import type { MatchableMessage } from './matchable-message';

/**
 * Holds every node's subscription and answers which of them a message matches. A node has at
 * most one subscription: an upsert replaces the previous one whole, so a filter change applies
 * to the next message (DESIGN section 5).
 */
export interface SubscriptionMatcher {
  /** Adds the node's subscription, or replaces the one it had. */
  upsert(record: SubscriptionRecord): void;
  /** Forgets the node's subscription; forgetting an unknown node does nothing. */
  remove(nodeId: string): void;
  /**
   * Node id → indexes (ascending) of that node's filters the message matches. Nodes with no
   * matching filter are absent; the order of the nodes is unspecified.
   */
  match(message: MatchableMessage): Map<string, number[]>;
  /** How many subscriptions are held (one per node, whatever its number of filters). */
  readonly size: number;
}
