import { countryName, isKnownCountry, listCountries } from './countries';

describe(isKnownCountry.name, () => {
  it.each(['KZ', 'UZ', 'AZ', 'NL', 'CI', 'XZ'])('knows %s', (code) => {
    expect(isKnownCountry(code)).toBe(true);
  });

  it.each(['QQ', 'kz', 'KZ ', 'K', 'BV', ''])('does not know %p', (code) => {
    expect(isKnownCountry(code)).toBe(false);
  });
});

describe(countryName.name, () => {
  it('names a country as UN/LOCODE spells it, in UTF-8', () => {
    expect(countryName('KZ')).toBe('Kazakhstan');
    expect(countryName('CI')).toBe("Côte d'Ivoire");
  });

  it('answers undefined for an unknown code', () => {
    expect(countryName('QQ')).toBeUndefined();
  });
});

describe(listCountries.name, () => {
  it('lists the 249 shipped countries sorted by code, each with its name', () => {
    const countries = listCountries();
    expect(countries).toHaveLength(249);
    expect(countries[0]).toEqual({ code: 'AD', name: 'Andorra' });
    expect(countries.map((c) => c.code)).toEqual(countries.map((c) => c.code).sort());
    expect(countries.find((c) => c.code === 'KZ')?.name).toBe('Kazakhstan');
  });
});
