import { hsCodeProblem, hsPrefixProblem, isValidHsCode, isValidHsPrefix } from './hs-code';

describe(isValidHsCode.name, () => {
  it.each(['30', '3004', '300420', '30042000', '3004200010', '01', '97', '99'])('accepts %s', (value) => {
    expect(isValidHsCode(value)).toBe(true);
  });

  it.each([
    ['77', '77 is not an HS chapter'],
    ['980000', '98 is not an HS chapter'],
    ['00', '00 is not an HS chapter'],
    ['3', 'should be 2 to 10 digits, like 300420'],
    ['30042000101', 'should be 2 to 10 digits, like 300420'],
    ['3004.20', 'should be 2 to 10 digits, like 300420'],
    [300420, 'should be a string'],
  ])('refuses %p: %s', (value, problem) => {
    expect(isValidHsCode(value)).toBe(false);
    expect(hsCodeProblem(value)).toBe(problem);
  });
});

describe(isValidHsPrefix.name, () => {
  it.each(['30', '3004', '300420'])('accepts %s', (value) => {
    expect(isValidHsPrefix(value)).toBe(true);
  });

  it.each([
    ['3', 'should be 2 to 6 digits, like 3004'],
    ['3004201', 'should be 2 to 6 digits, like 3004'],
    ['7701', '77 is not an HS chapter'],
    [30, 'should be a string'],
  ])('refuses %p: %s', (value, problem) => {
    expect(isValidHsPrefix(value)).toBe(false);
    expect(hsPrefixProblem(value)).toBe(problem);
  });
});
