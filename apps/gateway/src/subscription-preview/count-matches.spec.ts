import type { SubscriptionFilter } from '@iren/contracts';
import type { MatchableMessage } from '@iren/filters';
import { countMatches } from './count-matches';

const alert = (facts: Partial<MatchableMessage>): MatchableMessage => ({
  kind: 'ALERT',
  locodes: [],
  countries: [],
  hsCodes: [],
  ...facts,
});

describe(countMatches.name, () => {
  const aktau = alert({ locodes: ['AZBAK', 'KZAAU'], countries: ['AZ', 'KZ'], hsCodes: ['300420'], riskLevel: 'HIGH' });
  const poti = alert({ locodes: ['GEPTI'], countries: ['GE'], hsCodes: ['610910'], riskLevel: 'LOW', mode: 'SEA' });
  const air = alert({ locodes: ['KZALA'], countries: ['KZ'], hsCodes: ['300490'], mode: 'AIR', riskLevel: 'MEDIUM' });

  it('counts per filter with the router rule, and once per alert for any filter', () => {
    const filters: SubscriptionFilter[] = [
      { locodes: ['KZAAU'] },
      { hsPrefixes: ['3004'] },
      { countries: ['KZ'], minRiskLevel: 'HIGH' },
      { locodes: ['UZTAS'] },
    ];
    expect(countMatches(filters, [aktau, poti, air])).toEqual({ perFilter: [1, 2, 1, 0], any: 2 });
  });

  it('an unconstrained filter matches every alert; no filter matches none', () => {
    expect(countMatches([{}], [aktau, poti, air])).toEqual({ perFilter: [3], any: 3 });
    expect(countMatches([], [aktau, poti])).toEqual({ perFilter: [], any: 0 });
  });

  it('a filter on a fact the alert lacks does not match it', () => {
    expect(countMatches([{ modes: ['SEA'] }], [aktau, poti])).toEqual({ perFilter: [1], any: 1 });
  });
});
