import type { SubscriptionFilter } from '@iren/contracts';
import { IndexedMatcher } from './indexed-matcher';
import { toMatchable } from './matchable-message';
import { NaiveMatcher } from './naive-matcher';
import { alertBody, envelope, subscription } from './testing/fixtures';

describe(toMatchable.name, () => {
  it('reads kind, category, risk level, mode, itinerary and goods of an alert', () => {
    expect(toMatchable(envelope({ body: alertBody() }))).toEqual({
      kind: 'ALERT',
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
      mode: 'SEA',
      locodes: ['AZBAK', 'KZAAU', 'UZTAS'],
      countries: ['AZ', 'KZ', 'UZ'],
      hsCodes: ['300420'],
    });
  });

  it('keeps each LOCODE, country and HS code once, in the order it first appears', () => {
    const body = alertBody({
      itinerary: [
        { locode: 'KZAAU', role: 'LOADING' },
        { locode: 'KZALA', role: 'TRANSSHIPMENT' },
        { locode: 'KZAAU', role: 'DESTINATION' },
      ],
      goods: [
        { hsCode: '850440', description: 'Inverters' },
        { hsCode: '300420', description: 'Antibiotics' },
        { hsCode: '850440', description: 'More inverters' },
      ],
    });
    const message = toMatchable(envelope({ body }));
    expect(message.locodes).toEqual(['KZAAU', 'KZALA']);
    expect(message.countries).toEqual(['KZ']);
    expect(message.hsCodes).toEqual(['850440', '300420']);
  });

  it('gives empty lists and no alert facts for a feedback body', () => {
    const feedback = { outcome: 'SEIZURE', quantities: [{ category: 'IPR', pieces: 1200, kilograms: '3.250' }] };
    expect(toMatchable(envelope({ kind: 'FEEDBACK', body: feedback }))).toEqual({
      kind: 'FEEDBACK',
      locodes: [],
      countries: [],
      hsCodes: [],
    });
  });

  it.each([
    ['null', null],
    ['a string', 'withdrawn'],
    ['an array', [1, 2]],
    ['an itinerary that is not a list', { itinerary: 'KZAAU', goods: { hsCode: '300420' } }],
    ['malformed itinerary points and goods lines', { itinerary: [null, { locode: 5 }, { locode: '' }], goods: [7] }],
  ])('does not throw on %s, and finds nothing in it', (_label, body) => {
    const message = toMatchable(envelope({ kind: 'WITHDRAWAL', body }));
    expect(message).toMatchObject({ kind: 'WITHDRAWAL', locodes: [], countries: [], hsCodes: [] });
  });

  it('ignores values outside the vocabulary rather than passing them on', () => {
    const body = { category: 'FIREWORKS', riskLevel: 'EXTREME', mode: 'PIPELINE' };
    const message = toMatchable(envelope({ body }));
    expect(message.category).toBeUndefined();
    expect(message.riskLevel).toBeUndefined();
    expect(message.mode).toBeUndefined();
  });

  it('keeps the kind of a non-alert message so kind filters still apply', () => {
    expect(toMatchable(envelope({ kind: 'RISK_PROFILE', body: { criteria: {} } })).kind).toBe('RISK_PROFILE');
  });

  describe('of a RISK_PROFILE', () => {
    const profile = (body: Record<string, unknown>) => toMatchable(envelope({ kind: 'RISK_PROFILE', body }));

    it('takes its facts from the criteria, not from an itinerary or goods', () => {
      const facts = profile({
        criteria: {
          locodes: ['KZAAU', 'AZBAK', 'KZAAU'],
          countries: ['GE', 'KZ'],
          hsPrefixes: ['3004', '300490'],
          categories: ['FALSIFIED_MEDICAL'],
          modes: ['SEA'],
          minRiskLevel: 'MEDIUM',
        },
        itinerary: [{ locode: 'UZTAS', role: 'DESTINATION' }],
        goods: [{ hsCode: '850440' }],
      });
      expect(facts).toEqual({
        kind: 'RISK_PROFILE',
        category: 'FALSIFIED_MEDICAL',
        riskLevel: 'MEDIUM',
        mode: 'SEA',
        locodes: ['KZAAU', 'AZBAK'],
        countries: ['GE', 'KZ', 'AZ'],
        hsCodes: ['3004', '300490'],
      });
    });

    it("prefers the profile's own category and risk level to its criteria's", () => {
      const facts = profile({
        category: 'IPR',
        riskLevel: 'CRITICAL',
        criteria: { categories: ['DRUGS'], minRiskLevel: 'LOW' },
      });
      expect(facts).toMatchObject({ category: 'IPR', riskLevel: 'CRITICAL' });
    });

    it('leaves category and mode unknown when the criteria name several', () => {
      const facts = profile({ criteria: { categories: ['IPR', 'DRUGS'], modes: ['SEA', 'AIR', 'SEA'] } });
      expect(facts.category).toBeUndefined();
      expect(facts.mode).toBeUndefined();
    });

    it('counts a repeated sole value once, and ignores values outside the vocabulary', () => {
      const facts = profile({ criteria: { categories: ['IPR', 'IPR'], modes: ['SEA', 'PIPELINE'] } });
      expect(facts).toMatchObject({ category: 'IPR', mode: 'SEA' });
    });

    it.each([
      ['no criteria', {}],
      ['criteria that are not an object', { criteria: 'KZAAU' }],
      ['criteria of malformed lists', { criteria: { locodes: 'KZAAU', countries: [5, null], hsPrefixes: [''] } }],
    ])('finds nothing in %s, without throwing', (_label, body) => {
      expect(profile(body)).toEqual({ kind: 'RISK_PROFILE', locodes: [], countries: [], hsCodes: [] });
    });

    it.each<[string, boolean, SubscriptionFilter]>([
      ['its LOCODE', true, { locodes: ['KZAAU'] }],
      ['the country of a targeted LOCODE', true, { countries: ['KZ'] }],
      ['a shorter HS prefix', true, { hsPrefixes: ['30'] }],
      ['a category and a risk level it meets', true, { categories: ['FALSIFIED_MEDICAL'], minRiskLevel: 'HIGH' }],
      ['risk profiles only', true, { kinds: ['RISK_PROFILE'] }],
      ['another port', false, { locodes: ['GEPTI'] }],
      ['a longer HS prefix than the profile names', false, { hsPrefixes: ['30042010'] }],
      ['a higher risk level', false, { minRiskLevel: 'CRITICAL' }],
      ['alerts only', false, { kinds: ['ALERT'] }],
    ])('a subscriber to %s receives it: %s', (_label, expected, filter) => {
      const facts = profile({
        riskLevel: 'HIGH',
        criteria: { locodes: ['KZAAU'], hsPrefixes: ['3004'], categories: ['FALSIFIED_MEDICAL'] },
      });
      for (const matcher of [new NaiveMatcher(), new IndexedMatcher()]) {
        matcher.upsert(subscription('KZ-PCU-AKTAU', [filter]));
        expect(matcher.match(facts).has('KZ-PCU-AKTAU')).toBe(expected);
      }
    });
  });
});
