import { functionsOf, hsName, messageNames, placeName } from './code-names';

describe('code names', () => {
  it('names a listed place and its country', () => {
    expect(placeName('KZAAU')).toEqual({ locode: 'KZAAU', place: 'Aktau', country: 'KZ', countryName: 'Kazakhstan' });
    expect(placeName('AZBAK')).toEqual({ locode: 'AZBAK', place: 'Baku', country: 'AZ', countryName: 'Azerbaijan' });
  });

  it('keeps a code the list does not hold, with its country named and no place', () => {
    expect(placeName('KZZZ9')).toEqual({ locode: 'KZZZ9', place: null, country: 'KZ', countryName: 'Kazakhstan' });
  });

  it('describes an HS code by the most precise entry covering it', () => {
    expect(hsName('300420')).toMatchObject({ hsCode: '300420', describedCode: '300420' });
    expect(hsName('300420').hsDescription).toMatch(/^Medicaments; containing antibiotics/);
    // A national 10-digit code: its subheading; a 2-digit code: its chapter.
    expect(hsName('3004201000')).toMatchObject({ describedCode: '300420' });
    expect(hsName('30')).toMatchObject({ describedCode: '30', hsDescription: 'Pharmaceutical products' });
    // 77 is reserved in HS 2022: nothing describes it.
    expect(hsName('7700')).toEqual({ hsCode: '7700', hsDescription: null, describedCode: null });
  });

  it('decodes UNECE function fields', () => {
    expect(functionsOf('12-4----')).toEqual(['port', 'rail', 'airport']);
    expect(functionsOf('-------B')).toEqual(['border']);
    expect(functionsOf('0-------')).toEqual([]);
  });

  it("names an alert's itinerary and goods in their order, and leaves the envelope as it was", () => {
    const envelope = {
      id: '0b7f1f7e-1111-4c1a-9a59-3f2d7e0c8a11',
      kind: 'ALERT',
      origin: 'KZ-PCU-AKTAU',
      createdAt: '2026-11-20T09:30:00.000Z',
      tlp: 'AMBER',
      body: {
        itinerary: [
          { locode: 'AZBAK', role: 'LOADING' },
          { locode: 'KZAAU', role: 'DISCHARGE' },
          { locode: 'UZTAS', role: 'DESTINATION' },
        ],
        goods: [
          { hsCode: '300420', description: 'Antibiotics, retail packs' },
          { hsCode: '8517', description: 'Phones' },
        ],
      },
      signature: { keyId: 'KZ-PCU-AKTAU#2026-01', value: 'c2lnbmF0dXJl' },
    };
    const before = JSON.stringify(envelope);
    const names = messageNames(envelope as never);
    expect(names.itinerary.map((p) => [p.locode, p.place, p.countryName])).toEqual([
      ['AZBAK', 'Baku', 'Azerbaijan'],
      ['KZAAU', 'Aktau', 'Kazakhstan'],
      ['UZTAS', 'Tashkent', 'Uzbekistan'],
    ]);
    expect(names.goods.map((g) => [g.hsCode, g.describedCode])).toEqual([
      ['300420', '300420'],
      ['8517', '8517'],
    ]);
    expect(JSON.stringify(envelope)).toBe(before);
  });

  it('gives empty lists for a body without itinerary or goods, and skips what is not a code', () => {
    expect(messageNames({ body: { refersTo: 'x', outcome: 'NO_ACTION' } } as never)).toEqual({
      itinerary: [],
      goods: [],
    });
    expect(messageNames({ body: { itinerary: [{ locode: 7 }, null], goods: 'x' } } as never)).toEqual({
      itinerary: [],
      goods: [],
    });
  });
});
