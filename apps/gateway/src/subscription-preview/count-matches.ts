import type { SubscriptionFilter } from '@iren/contracts';
import { filterMatches, type MatchableMessage } from '@iren/filters';

/** How many messages each filter matches, and how many any of them matches (what the node would receive). */
export interface MatchCounts {
  perFilter: number[];
  any: number;
}

/** Counts with the router's own rule (`filterMatches`, DESIGN section 5), filter by filter. */
export function countMatches(
  filters: readonly SubscriptionFilter[],
  messages: readonly MatchableMessage[],
): MatchCounts {
  const perFilter = filters.map(() => 0);
  let any = 0;
  for (const message of messages) {
    let matched = false;
    filters.forEach((filter, index) => {
      if (filterMatches(filter, message)) {
        perFilter[index]++;
        matched = true;
      }
    });
    if (matched) any++;
  }
  return { perFilter, any };
}
