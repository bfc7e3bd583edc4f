import { riskRank, RISK_LEVELS, type SubscriptionFilter } from '@iren/contracts';

/** The filter fields an index can be keyed by, in the order ties are broken. */
export const ANCHOR_FIELDS = [
  'locodes',
  'hsPrefixes',
  'countries',
  'categories',
  'modes',
  'kinds',
  'minRiskLevel',
] as const;
export type AnchorField = (typeof ANCHOR_FIELDS)[number];

/** The one field a filter is indexed under, and the keys it is filed at in that field's index. */
export interface Anchor {
  readonly field: AnchorField;
  readonly keys: readonly string[];
}

/**
 * Picks the constrained field whose values a message is least likely to hit, so that the filter
 * shows up as a candidate as rarely as possible; undefined when the filter constrains nothing.
 * The likelihoods are rough guesses about alert traffic, not measurements: they only steer
 * performance, never the result, since every candidate is verified against the whole filter.
 * A filter naming thirty LOCODEs and one six-digit HS code is thus filed under the HS code.
 */
export function anchorOf(filter: SubscriptionFilter): Anchor | undefined {
  let best: Anchor | undefined;
  let bestLikelihood = Infinity;
  for (const field of ANCHOR_FIELDS) {
    const keys = [...new Set(keysOf(filter, field))];
    if (keys.length === 0) continue;
    const likelihood = keys.reduce((sum, key) => sum + hitLikelihood(field, key), 0);
    if (likelihood < bestLikelihood) {
      best = { field, keys };
      bestLikelihood = likelihood;
    }
  }
  return best;
}

function keysOf(filter: SubscriptionFilter, field: AnchorField): readonly string[] {
  if (field === 'minRiskLevel') return filter.minRiskLevel === undefined ? [] : [filter.minRiskLevel];
  return filter[field] ?? [];
}

/** Rough chance that one message carries the key, per field: ~500 LOCODEs, ~100 HS chapters... */
function hitLikelihood(field: AnchorField, key: string): number {
  switch (field) {
    case 'locodes':
      return 1 / 200;
    case 'hsPrefixes':
      return HS_PREFIX_LIKELIHOOD[Math.min(key.length, HS_PREFIX_LIKELIHOOD.length - 1)];
    case 'countries':
      return 1 / 20;
    case 'categories':
      return 1 / 12;
    case 'modes':
      return 1 / 4;
    case 'kinds':
      return 1 / 2;
    case 'minRiskLevel':
      return (RISK_LEVELS.length - riskRank(key as (typeof RISK_LEVELS)[number])) / RISK_LEVELS.length;
  }
}

/** By prefix length 0..6+: a longer prefix names fewer goods. */
const HS_PREFIX_LIKELIHOOD = [1, 1 / 5, 1 / 50, 1 / 150, 1 / 500, 1 / 1500, 1 / 3000];
