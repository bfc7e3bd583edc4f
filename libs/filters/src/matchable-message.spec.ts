import { toMatchable } from './matchable-message';
import { alertBody, envelope } from './testing/fixtures';

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
});
