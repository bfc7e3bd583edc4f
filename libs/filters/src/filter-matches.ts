import { riskRank, type SubscriptionFilter } from '@iren/contracts';
import type { MatchableMessage } from './matchable-message';

/**
 * The rule of DESIGN section 5, and the model every matcher is checked against: a message
 * matches a filter when every constrained field matches (absent or empty is unconstrained),
 * and a field matches when any of its values does. A message that lacks a fact (no category,
 * no risk level, no mode) does not match a filter that constrains it.
 */
export function filterMatches(filter: SubscriptionFilter, message: MatchableMessage): boolean {
  return (
    anyShared(filter.locodes, message.locodes) &&
    anyShared(filter.countries, message.countries) &&
    anyPrefix(filter.hsPrefixes, message.hsCodes) &&
    includesValue(filter.categories, message.category) &&
    includesValue(filter.modes, message.mode) &&
    includesValue(filter.kinds, message.kind) &&
    atLeastRisk(filter, message)
  );
}

/** True when a filter constrains nothing, so it matches every message. */
export function isUnconstrained(filter: SubscriptionFilter): boolean {
  return (
    !constrains(filter.locodes) &&
    !constrains(filter.countries) &&
    !constrains(filter.hsPrefixes) &&
    !constrains(filter.categories) &&
    !constrains(filter.modes) &&
    !constrains(filter.kinds) &&
    filter.minRiskLevel === undefined
  );
}

/** An absent list and an empty list both leave a field unconstrained. */
function constrains<T>(values: readonly T[] | undefined): values is readonly T[] {
  return values !== undefined && values.length > 0;
}

// Plain loops rather than some()/includes() callbacks: this runs for every candidate of every
// message in the router, and the naive matcher runs it for every filter.
function anyShared<T>(wanted: readonly T[] | undefined, present: readonly T[]): boolean {
  if (!constrains(wanted)) return true;
  for (const value of present) if (wanted.includes(value)) return true;
  return false;
}

function anyPrefix(prefixes: readonly string[] | undefined, codes: readonly string[]): boolean {
  if (!constrains(prefixes)) return true;
  for (const code of codes) for (const prefix of prefixes) if (code.startsWith(prefix)) return true;
  return false;
}

function atLeastRisk(filter: SubscriptionFilter, message: MatchableMessage): boolean {
  if (filter.minRiskLevel === undefined) return true;
  // A level outside the vocabulary (rank -1) would otherwise let everything through: such a
  // filter matches nothing instead, as the index, which never looks its level up, agrees.
  const minimum = riskRank(filter.minRiskLevel);
  return minimum >= 0 && message.riskLevel !== undefined && riskRank(message.riskLevel) >= minimum;
}

function includesValue<T>(wanted: readonly T[] | undefined, value: T | undefined): boolean {
  return !constrains(wanted) || (value !== undefined && wanted.includes(value));
}
