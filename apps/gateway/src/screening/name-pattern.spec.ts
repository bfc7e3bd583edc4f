import { namePatternMatches } from './name-pattern';

describe(namePatternMatches.name, () => {
  it.each<[string, string, boolean]>([
    ['pharma', 'Caspian Pharma Trading LLC', true],
    ['PHARMA TRADING', 'caspian pharma   trading llc', true],
    ['pharma trading', 'Caspian Pharmacy Trading', false],
    ['medical', 'Aktau Medical Supplies', true],
    ['medicals', 'Aktau Medical Supplies', false],
    ['*medical*', 'Aktau Medical Supplies', true],
    ['*supplies', 'Aktau Medical Supplies', true],
    ['*supplies', 'Aktau Medical Supplies Ltd', false],
    ['aktau*', 'Aktau Medical Supplies', true],
    ['medical*', 'Aktau Medical Supplies', false],
    ['aktau*supplies', 'Aktau Medical Supplies', true],
    ['aktau*medical*supplies', 'Aktau Medical Supplies', true],
    ['aktau*supplies*medical', 'Aktau Medical Supplies', false],
    ['ab*ab', 'ab', false],
    ['ab*ab', 'abab', true],
    ['ab*ab', 'abxab', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['*ООО*', 'ооо Фарм', true],
    ['.*', 'anything', false],
    ['(a+)+', 'aaaa', false],
    ['(a+)+', 'x (a+)+ y', true],
  ])('%j against %j: %s', (pattern, name, expected) => {
    expect(namePatternMatches(pattern, name)).toBe(expected);
  });
});
