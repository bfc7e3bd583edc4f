import fc from 'fast-check';
import type { SubscriptionRecord } from '@iren/contracts';
import { IndexedMatcher } from './indexed-matcher';
import { NaiveMatcher } from './naive-matcher';
import type { SubscriptionMatcher } from './subscription-matcher';
import { matchableArbitrary, subscriptionArbitrary } from './testing/arbitraries';
import { matchable, subscription } from './testing/fixtures';
import { behavesAsSubscriptionMatcher } from './testing/matcher-contract';

const NODE_IDS = ['KZ-PCU-AKTAU', 'KZ-HQ-ASTANA', 'AZ-PCU-BAKU', 'UZ-HQ-TASHKENT', 'TM-PCU-TURKMENBASHI'];

type Operation = { upsert: SubscriptionRecord } | { remove: string };

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: subscriptionArbitrary(NODE_IDS).map((upsert) => ({ upsert })) },
  { weight: 1, arbitrary: fc.constantFrom(...NODE_IDS).map((remove) => ({ remove })) },
);

function apply(operation: Operation, matcher: SubscriptionMatcher): void {
  if ('upsert' in operation) matcher.upsert(operation.upsert);
  else matcher.remove(operation.remove);
}

/** The order of nodes in the answer is unspecified; the order of each node's indexes is not. */
function byNode(matches: Map<string, number[]>): [string, number[]][] {
  return [...matches].sort(([a], [b]) => (a < b ? -1 : 1));
}

describe(IndexedMatcher.name, () => {
  behavesAsSubscriptionMatcher(() => new IndexedMatcher());

  it('looks up HS prefixes of every length in use, odd and national lengths included', () => {
    const matcher = new IndexedMatcher();
    matcher.upsert(subscription('KZ-PCU-AKTAU', [{ hsPrefixes: ['2'] }, { hsPrefixes: ['24022'] }]));
    matcher.upsert(subscription('UZ-HQ-TASHKENT', [{ hsPrefixes: ['24022010'] }, { hsPrefixes: ['2402201001'] }]));
    const cigarettes = matchable({ hsCodes: ['2402201000'] });
    expect(byNode(matcher.match(cigarettes))).toEqual([
      ['KZ-PCU-AKTAU', [0, 1]],
      ['UZ-HQ-TASHKENT', [0]],
    ]);
  });

  it('still finds the other prefixes once the only filter of one length is gone', () => {
    const matcher = new IndexedMatcher();
    matcher.upsert(subscription('KZ-PCU-AKTAU', [{ hsPrefixes: ['30042'] }]));
    matcher.upsert(subscription('AZ-PCU-BAKU', [{ hsPrefixes: ['3004'] }]));
    matcher.remove('KZ-PCU-AKTAU');
    expect(byNode(matcher.match(matchable({ hsCodes: ['300420'] })))).toEqual([['AZ-PCU-BAKU', [0]]]);
  });

  it.each([
    ['LOW', []],
    ['MEDIUM', [0]],
    ['HIGH', [0, 1]],
    ['CRITICAL', [0, 1, 2]],
  ] as const)('matches minimum risk levels up to a %s message', (riskLevel, expected) => {
    const matcher = new IndexedMatcher();
    const levels = [{ minRiskLevel: 'MEDIUM' }, { minRiskLevel: 'HIGH' }, { minRiskLevel: 'CRITICAL' }] as const;
    matcher.upsert(subscription('KZ-PCU-AKTAU', [...levels]));
    expect(matcher.match(matchable({ riskLevel })).get('KZ-PCU-AKTAU') ?? []).toEqual(expected);
  });

  it('does not match a risk filter on a message without risk level', () => {
    const matcher = new IndexedMatcher();
    matcher.upsert(subscription('KZ-PCU-AKTAU', [{ minRiskLevel: 'LOW' }]));
    expect(matcher.match(matchable({ kind: 'FEEDBACK' })).size).toBe(0);
  });

  it('answers exactly as the naive model after any sequence of upserts and removes', () => {
    const seen = { checks: 0, withMatch: 0, replacements: 0, removals: 0 };
    fc.assert(
      fc.property(
        fc.array(operationArbitrary, { minLength: 1, maxLength: 25 }),
        fc.array(matchableArbitrary, { minLength: 1, maxLength: 4 }),
        (operations, messages) => {
          const [naive, indexed] = [new NaiveMatcher(), new IndexedMatcher()];
          const held = new Set<string>();
          for (const operation of operations) {
            if ('upsert' in operation && held.has(operation.upsert.nodeId)) seen.replacements++;
            if ('remove' in operation && held.has(operation.remove)) seen.removals++;
            if ('upsert' in operation) held.add(operation.upsert.nodeId);
            else held.delete(operation.remove);
            apply(operation, naive);
            apply(operation, indexed);
            expect(indexed.size).toBe(naive.size);
            for (const message of messages) {
              const expected = naive.match(message);
              expect(byNode(indexed.match(message))).toEqual(byNode(expected));
              seen.checks++;
              if (expected.size > 0) seen.withMatch++;
            }
          }
        },
      ),
      { numRuns: 300 },
    );
    // Not vacuous: most checks see a match, and replacing and removing held subscriptions happen.
    expect(seen.withMatch / seen.checks).toBeGreaterThan(0.3);
    expect(seen.replacements).toBeGreaterThan(100);
    expect(seen.removals).toBeGreaterThan(50);
  });
});
