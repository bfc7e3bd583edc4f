import { searchHs, searchLocations } from './reference-search';

describe(searchLocations.name, () => {
  it('finds a port by its name and gives its country and functions', () => {
    const [first] = searchLocations('Aktau', 5);
    expect(first).toEqual({
      locode: 'KZAAU',
      name: 'Aktau',
      country: 'KZ',
      countryName: 'Kazakhstan',
      functions: ['port', 'rail', 'airport'],
    });
  });

  it('finds a location by its exact code first, whatever its name, spaces and case ignored', () => {
    expect(searchLocations('az bak', 3)[0]).toMatchObject({ locode: 'AZBAK', name: 'Baku', countryName: 'Azerbaijan' });
  });

  it('lists ports and airports before other places whose names fit as well', () => {
    const found = searchLocations('KZ', 50);
    expect(found).toHaveLength(50);
    const firstOther = found.findIndex((l) => !l.functions.includes('port') && !l.functions.includes('airport'));
    if (firstOther >= 0) {
      expect(
        found.slice(firstOther).every((l) => !l.functions.includes('port') && !l.functions.includes('airport')),
      ).toBe(true);
    }
    expect(found[0].functions.some((f) => f === 'port' || f === 'airport')).toBe(true);
  });

  it('keeps to the limit and finds nothing for a name no place has', () => {
    expect(searchLocations('an', 7)).toHaveLength(7);
    expect(searchLocations('Qqxzvw', 10)).toEqual([]);
  });
});

describe(searchHs.name, () => {
  it('gives a chapter and its headings for a 2-digit prefix', () => {
    const found = searchHs('30', 50);
    expect(found[0]).toMatchObject({ code: '30', level: 2 });
    expect(found.map((e) => e.code)).toContain('3004');
    expect(found.every((e) => e.code.startsWith('30') && e.level <= 4)).toBe(true);
  });

  it('gives the chapter and heading holding a longer code', () => {
    expect(searchHs('300420', 10).map((e) => e.code)).toEqual(['30', '3004']);
  });

  it('finds headings by every word of a query, in any order', () => {
    const found = searchHs('retail medicaments', 20);
    expect(found.map((e) => e.code)).toContain('3004');
    expect(found.every((e) => /retail/i.test(e.description) && /medicaments/i.test(e.description))).toBe(true);
  });

  it('keeps to the limit', () => {
    expect(searchHs('live', 3)).toHaveLength(3);
  });
});
