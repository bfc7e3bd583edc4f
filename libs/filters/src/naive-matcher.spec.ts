import { NaiveMatcher } from './naive-matcher';
import { behavesAsSubscriptionMatcher } from './testing/matcher-contract';

describe(NaiveMatcher.name, () => {
  behavesAsSubscriptionMatcher(() => new NaiveMatcher());
});
