import { countryCodeProblem, isValidCountryCode } from './country-code';

describe(isValidCountryCode.name, () => {
  it.each(['KZ', 'UZ', 'AZ', 'TJ', 'NL', 'CN'])('accepts %s', (value) => {
    expect(isValidCountryCode(value)).toBe(true);
  });

  it.each([
    ['QQ', 'QQ is not a known country code'],
    ['XZ', 'XZ is not a known country code'],
    ['ZZ', 'ZZ is not a known country code'],
    ['kz', 'should be an ISO 3166-1 alpha-2 code of 2 capital letters, like KZ'],
    ['KAZ', 'should be an ISO 3166-1 alpha-2 code of 2 capital letters, like KZ'],
    [7, 'should be a string'],
  ])('refuses %p: %s', (value, problem) => {
    expect(isValidCountryCode(value)).toBe(false);
    expect(countryCodeProblem(value)).toBe(problem);
  });
});
