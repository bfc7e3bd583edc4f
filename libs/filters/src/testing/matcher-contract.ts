// The behaviour every SubscriptionMatcher shares, run by the spec of each implementation.
import type { SubscriptionFilter } from '@iren/contracts';
import type { SubscriptionMatcher } from '../subscription-matcher';
import { matchable, subscription } from './fixtures';

const aktauAlert = matchable({
  category: 'IPR',
  riskLevel: 'HIGH',
  mode: 'SEA',
  locodes: ['AZBAK', 'KZAAU'],
  countries: ['AZ', 'KZ'],
  hsCodes: ['640399'],
});

export function behavesAsSubscriptionMatcher(make: () => SubscriptionMatcher): void {
  it('starts empty and matches nothing', () => {
    const matcher = make();
    expect(matcher.size).toBe(0);
    expect(matcher.match(aktauAlert)).toEqual(new Map());
  });

  it('answers the matching filters of each node, in ascending order, and leaves out nodes without any', () => {
    const matcher = make();
    const aktau: SubscriptionFilter[] = [{ hsPrefixes: ['64'] }, { locodes: ['NLRTM'] }, {}, { countries: ['KZ'] }];
    matcher.upsert(subscription('KZ-PCU-AKTAU', aktau));
    matcher.upsert(subscription('UZ-HQ-TASHKENT', [{ countries: ['UZ'] }]));
    matcher.upsert(
      subscription('AZ-PCU-BAKU', [{ categories: ['IPR'], minRiskLevel: 'CRITICAL' }, { modes: ['SEA'] }]),
    );
    expect(matcher.size).toBe(3);
    expect(matcher.match(aktauAlert)).toEqual(
      new Map([
        ['KZ-PCU-AKTAU', [0, 2, 3]],
        ['AZ-PCU-BAKU', [1]],
      ]),
    );
  });

  it('replaces a node’s subscription whole on upsert', () => {
    const matcher = make();
    matcher.upsert(subscription('KZ-PCU-AKTAU', [{ locodes: ['KZAAU'] }, { categories: ['IPR'] }]));
    matcher.upsert(subscription('KZ-PCU-AKTAU', [{ locodes: ['NLRTM'] }, { categories: ['DRUGS'] }, {}], 2));
    expect(matcher.size).toBe(1);
    expect(matcher.match(aktauAlert)).toEqual(new Map([['KZ-PCU-AKTAU', [2]]]));
  });

  it('forgets a removed node, and ignores removing an unknown one', () => {
    const matcher = make();
    matcher.upsert(subscription('KZ-PCU-AKTAU', [{ locodes: ['KZAAU'] }, {}]));
    matcher.upsert(subscription('AZ-PCU-BAKU', [{ locodes: ['AZBAK'] }]));
    matcher.remove('KZ-PCU-AKTAU');
    matcher.remove('TM-PCU-TURKMENBASHI');
    expect(matcher.size).toBe(1);
    expect(matcher.match(aktauAlert)).toEqual(new Map([['AZ-PCU-BAKU', [0]]]));
  });

  it('holds a subscription without filters, which matches nothing', () => {
    const matcher = make();
    matcher.upsert(subscription('KZ-PCU-AKTAU', []));
    expect(matcher.size).toBe(1);
    expect(matcher.match(aktauAlert).size).toBe(0);
  });

  it('keeps what it was given when the caller later changes the record', () => {
    const matcher = make();
    const record = subscription('KZ-PCU-AKTAU', [{ locodes: ['KZAAU'] }]);
    matcher.upsert(record);
    record.filters[0].locodes!.splice(0, 1, 'NLRTM');
    record.filters.push({});
    expect(matcher.match(aktauAlert)).toEqual(new Map([['KZ-PCU-AKTAU', [0]]]));
  });

  it('reports a filter once even when several of the message’s values select it', () => {
    const matcher = make();
    matcher.upsert(subscription('KZ-PCU-AKTAU', [{ locodes: ['AZBAK', 'KZAAU'], countries: ['AZ', 'KZ'] }]));
    expect(matcher.match(aktauAlert)).toEqual(new Map([['KZ-PCU-AKTAU', [0]]]));
  });
}
