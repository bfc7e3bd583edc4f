import type { SubscriptionFilter } from '@iren/contracts';
import { anchorOf } from './filter-anchor';

describe(anchorOf.name, () => {
  it.each<[string, SubscriptionFilter]>([
    ['no field', {}],
    ['only empty lists', { locodes: [], hsPrefixes: [], kinds: [] }],
  ])('leaves a filter constraining %s without anchor', (_label, filter) => {
    expect(anchorOf(filter)).toBeUndefined();
  });

  it.each<[string, SubscriptionFilter, string, string[]]>([
    ['a LOCODE over a category', { categories: ['IPR'], locodes: ['KZAAU'] }, 'locodes', ['KZAAU']],
    ['a heading over a country', { countries: ['KZ'], hsPrefixes: ['3004'] }, 'hsPrefixes', ['3004']],
    ['a chapter over a country', { countries: ['KZ'], hsPrefixes: ['30'] }, 'hsPrefixes', ['30']],
    ['a country over a category', { categories: ['IPR'], countries: ['KZ'] }, 'countries', ['KZ']],
    ['a category over a mode', { modes: ['SEA'], categories: ['DRUGS'] }, 'categories', ['DRUGS']],
    ['a mode over a kind', { kinds: ['ALERT'], modes: ['AIR'] }, 'modes', ['AIR']],
    ['a kind over a LOW minimum', { minRiskLevel: 'LOW', kinds: ['HIT'] }, 'kinds', ['HIT']],
    ['a CRITICAL minimum over a kind', { minRiskLevel: 'CRITICAL', kinds: ['ALERT'] }, 'minRiskLevel', ['CRITICAL']],
    ['the only constrained field, skipping empty ones', { locodes: [], modes: ['RAIL'] }, 'modes', ['RAIL']],
  ])('prefers %s', (_label, filter, field, keys) => {
    expect(anchorOf(filter)).toEqual({ field, keys });
  });

  it('weighs how many values a field names: one subheading beats thirty LOCODEs', () => {
    const locodes = Array.from(
      { length: 30 },
      (_, i) => `KZA${String.fromCharCode(65 + (i % 26))}${i < 26 ? 'A' : 'B'}`,
    );
    expect(anchorOf({ locodes, hsPrefixes: ['300420'] })?.field).toBe('hsPrefixes');
  });

  it('files a filter once per distinct value', () => {
    expect(anchorOf({ locodes: ['KZAAU', 'KZAAU', 'AZBAK'] })?.keys).toEqual(['KZAAU', 'AZBAK']);
  });
});
