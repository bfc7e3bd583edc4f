// fast-check generators over deliberately small pools, so that generated filters and messages
// share values often enough for matches to happen and the properties not to hold vacuously.
import fc from 'fast-check';
import {
  MESSAGE_KINDS,
  RISK_LEVELS,
  type AlertCategory,
  type RiskLevel,
  type SubscriptionFilter,
  type SubscriptionRecord,
  type TransportMode,
} from '@iren/contracts';
import type { MatchableMessage } from '../matchable-message';

export const LOCODES = ['KZAAU', 'KZALA', 'AZBAK', 'UZTAS', 'TMTMZ'];
/** The itinerary countries plus one no message ever passes through. */
export const COUNTRIES = ['KZ', 'AZ', 'UZ', 'TM', 'RU'];
/** Six-digit codes and a longer national one, sharing chapters and headings. */
export const HS_CODES = ['300420', '300490', '300220', '850440', '24022010'];
/** Prefixes of every length 2..7, some of no code above. */
export const HS_PREFIXES = ['30', '300', '3004', '30049', '300420', '85', '8504', '2402201', '99', '9999'];
export const CATEGORIES: AlertCategory[] = ['IPR', 'FALSIFIED_MEDICAL', 'DRUGS'];
export const MODES: TransportMode[] = ['SEA', 'AIR', 'ROAD'];
export const KINDS = MESSAGE_KINDS.slice(0, 3);

/** A list that is absent, empty (both unconstrained) or holds a few values of the pool. */
function constraint<T>(pool: readonly T[]): fc.Arbitrary<T[] | undefined> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant<T[]>([]) },
    { weight: 3, arbitrary: fc.subarray([...pool], { minLength: 1, maxLength: 3 }) },
  );
}

export const filterArbitrary: fc.Arbitrary<SubscriptionFilter> = fc.record(
  {
    locodes: constraint(LOCODES),
    countries: constraint(COUNTRIES),
    hsPrefixes: constraint(HS_PREFIXES),
    categories: constraint(CATEGORIES),
    modes: constraint(MODES),
    // One level outside the vocabulary now and then: validators should keep it out, but if one
    // slips through, every matcher must still agree on it.
    minRiskLevel: fc.option(fc.constantFrom<RiskLevel>(...RISK_LEVELS, ...RISK_LEVELS, 'SEVERE' as RiskLevel), {
      nil: undefined,
      freq: 2,
    }),
    kinds: constraint(KINDS),
  },
  { requiredKeys: [] },
);

export function subscriptionArbitrary(nodeIds: readonly string[]): fc.Arbitrary<SubscriptionRecord> {
  return fc.record({
    nodeId: fc.constantFrom(...nodeIds),
    filters: fc.array(filterArbitrary, { maxLength: 4 }),
    version: fc.nat(),
    updatedAt: fc.constant('2026-01-01T00:00:00Z'),
  });
}

export const matchableArbitrary: fc.Arbitrary<MatchableMessage> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    category: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined, freq: 5 }),
    riskLevel: fc.option(fc.constantFrom(...RISK_LEVELS), { nil: undefined, freq: 5 }),
    mode: fc.option(fc.constantFrom(...MODES), { nil: undefined, freq: 5 }),
    locodes: fc.subarray(LOCODES, { maxLength: 3 }),
    hsCodes: fc.subarray(HS_CODES, { maxLength: 2 }),
  })
  .map((facts) => ({ ...facts, countries: [...new Set(facts.locodes.map((locode) => locode.slice(0, 2)))] }));
