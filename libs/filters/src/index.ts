export { toMatchable, type MatchableMessage } from './matchable-message';
export { filterMatches } from './filter-matches';
export type { SubscriptionMatcher } from './subscription-matcher';
export { NaiveMatcher } from './naive-matcher';
export { IndexedMatcher } from './indexed-matcher';
export type { OperationState, Recipient, RecipientDirectory } from './recipient-directory';
export { recipientsFor, addressingProblems } from './distribution';
