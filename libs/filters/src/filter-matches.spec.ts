import fc from 'fast-check';
import type { RiskLevel, SubscriptionFilter } from '@iren/contracts';
import { filterMatches } from './filter-matches';
import type { MatchableMessage } from './matchable-message';
import { filterArbitrary, matchableArbitrary } from './testing/arbitraries';
import { matchable } from './testing/fixtures';

/** The alert of DESIGN section 8, as a filter sees it. */
const alert = matchable({
  category: 'FALSIFIED_MEDICAL',
  riskLevel: 'HIGH',
  mode: 'SEA',
  locodes: ['AZBAK', 'KZAAU', 'UZTAS'],
  countries: ['AZ', 'KZ', 'UZ'],
  hsCodes: ['300420', '850440'],
});
const feedback = matchable({ kind: 'FEEDBACK' });

describe(filterMatches.name, () => {
  it.each<[string, SubscriptionFilter, MatchableMessage, boolean]>([
    ['no field constrained', {}, alert, true],
    [
      'only empty lists',
      { locodes: [], countries: [], hsPrefixes: [], categories: [], modes: [], kinds: [] },
      alert,
      true,
    ],
    ['a LOCODE of any itinerary point', { locodes: ['UZTAS'] }, alert, true],
    ['any of several LOCODEs', { locodes: ['NLRTM', 'KZAAU'] }, alert, true],
    ['no LOCODE of the itinerary', { locodes: ['NLRTM'] }, alert, false],
    ['the country of any point', { countries: ['UZ'] }, alert, true],
    ['no country of the itinerary', { countries: ['TM'] }, alert, false],
    ['a chapter', { hsPrefixes: ['85'] }, alert, true],
    ['a heading', { hsPrefixes: ['3004'] }, alert, true],
    ['a full subheading', { hsPrefixes: ['300420'] }, alert, true],
    ['an odd-length prefix', { hsPrefixes: ['30042'] }, alert, true],
    ['digits inside a code, not at its start', { hsPrefixes: ['0420'] }, alert, false],
    ['a longer code than the goods line', { hsPrefixes: ['30042010'] }, alert, false],
    ['the category', { categories: ['IPR', 'FALSIFIED_MEDICAL'] }, alert, true],
    ['another category', { categories: ['IPR'] }, alert, false],
    ['the mode', { modes: ['SEA', 'AIR'] }, alert, true],
    ['another mode', { modes: ['AIR'] }, alert, false],
    ['the kind', { kinds: ['ALERT'] }, alert, true],
    ['another kind', { kinds: ['RISK_PROFILE'] }, alert, false],
    ['a minimum below the risk', { minRiskLevel: 'MEDIUM' }, alert, true],
    ['a minimum equal to the risk', { minRiskLevel: 'HIGH' }, alert, true],
    ['a minimum above the risk', { minRiskLevel: 'CRITICAL' }, alert, false],
    [
      'every constrained field',
      { locodes: ['KZAAU'], categories: ['FALSIFIED_MEDICAL'], minRiskLevel: 'MEDIUM' },
      alert,
      true,
    ],
    [
      'all but one constrained field',
      { locodes: ['KZAAU'], categories: ['IPR'], minRiskLevel: 'MEDIUM' },
      alert,
      false,
    ],
    ['an unconstrained message on a kind filter', { kinds: ['FEEDBACK'] }, feedback, true],
    ['a category filter on a message without category', { categories: ['IPR'] }, feedback, false],
    ['a mode filter on a message without mode', { modes: ['SEA'] }, feedback, false],
    ['a risk filter on a message without risk level', { minRiskLevel: 'LOW' }, feedback, false],
    ['a minimum outside the vocabulary', { minRiskLevel: 'SEVERE' as RiskLevel }, alert, false],
    ['a LOCODE filter on a message without itinerary', { locodes: ['KZAAU'] }, feedback, false],
    ['an HS filter on a message without goods', { hsPrefixes: ['30'] }, feedback, false],
  ])('with %s: %s', (_label, filter, message, expected) => {
    expect(filterMatches(filter, message)).toBe(expected);
  });

  it('matches exactly when every constrained field, taken alone, matches', () => {
    const fields = ['locodes', 'countries', 'hsPrefixes', 'categories', 'modes', 'minRiskLevel', 'kinds'] as const;
    fc.assert(
      fc.property(filterArbitrary, matchableArbitrary, (filter, message) => {
        const eachAlone = fields.every((field) => filterMatches({ [field]: filter[field] }, message));
        expect(filterMatches(filter, message)).toBe(eachAlone);
      }),
      { numRuns: 500 },
    );
  });
});
