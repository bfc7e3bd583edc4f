import type { SubscriptionFilter } from '@iren/contracts';

/**
 * A private copy of a filter, so a caller that later mutates the record it handed over cannot
 * change what a matcher holds behind its back (an index would silently go stale).
 */
export function copyFilter(filter: SubscriptionFilter): SubscriptionFilter {
  return {
    locodes: filter.locodes?.slice(),
    countries: filter.countries?.slice(),
    hsPrefixes: filter.hsPrefixes?.slice(),
    categories: filter.categories?.slice(),
    modes: filter.modes?.slice(),
    minRiskLevel: filter.minRiskLevel,
    kinds: filter.kinds?.slice(),
  };
}
