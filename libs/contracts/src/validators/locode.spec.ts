import { locationOf } from '../reference/unlocode';
import { isValidLocode, locodeProblem } from './locode';

describe(isValidLocode.name, () => {
  it.each(['KZAAU', 'AZBAK', 'UZTAS', 'NLRTM', 'XZAAA'])('accepts the listed %s', (value) => {
    expect(isValidLocode(value)).toBe(true);
  });

  it('accepts a well-formed code of a known country that the list lacks (2018-1 edition for AD-FR)', () => {
    expect(locationOf('AZZZ9')).toBeUndefined();
    expect(isValidLocode('AZZZ9')).toBe(true);
  });

  it.each([
    ['QQAAU', 'country QQ is not a known country code'],
    ['KZAA1', 'should be a 2-letter country and 3 letters or digits 2-9, like KZAAU'],
    ['KZA0U', 'should be a 2-letter country and 3 letters or digits 2-9, like KZAAU'],
    ['kzaau', 'should be a 2-letter country and 3 letters or digits 2-9, like KZAAU'],
    ['KZ AAU', 'should be a 2-letter country and 3 letters or digits 2-9, like KZAAU'],
    ['KZAA', 'should be a 2-letter country and 3 letters or digits 2-9, like KZAAU'],
    [{}, 'should be a string'],
  ])('refuses %p: %s', (value, problem) => {
    expect(isValidLocode(value)).toBe(false);
    expect(locodeProblem(value)).toBe(problem);
  });
});
