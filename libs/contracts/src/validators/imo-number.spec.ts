import fc from 'fast-check';
import { imoCheckDigit, imoNumberProblem, isValidImoNumber } from './imo-number';

const firstSix = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'));

describe(isValidImoNumber.name, () => {
  it.each(['IMO 9074729', 'IMO9074729', 'IMO 9176187'])('accepts %s', (value) => {
    expect(isValidImoNumber(value)).toBe(true);
  });

  it.each([
    ['IMO 9074728', 'check digit should be 9'],
    ['9074729', 'should be IMO and 7 digits, like IMO 9074729'],
    ['imo 9074729', 'should be IMO and 7 digits, like IMO 9074729'],
    ['IMO  9074729', 'should be IMO and 7 digits, like IMO 9074729'],
    ['IMO 907472', 'should be IMO and 7 digits, like IMO 9074729'],
    [9074729, 'should be a string'],
  ])('refuses %p: %s', (value, problem) => {
    expect(isValidImoNumber(value)).toBe(false);
    expect(imoNumberProblem(value)).toBe(problem);
  });

  it('accepts any six digits with their check digit, with or without the space', () => {
    fc.assert(
      fc.property(firstSix, fc.constantFrom('IMO ', 'IMO'), (six, label) =>
        isValidImoNumber(`${label}${six}${imoCheckDigit(six)}`),
      ),
    );
  });

  it('refuses any other check digit', () => {
    fc.assert(
      fc.property(firstSix, fc.integer({ min: 1, max: 9 }), (six, shift) => {
        const expected = imoCheckDigit(six);
        return imoNumberProblem(`IMO ${six}${(expected + shift) % 10}`) === `check digit should be ${expected}`;
      }),
    );
  });
});

describe(imoCheckDigit.name, () => {
  it('weighs the six digits 7 down to 2 and keeps the last digit of the sum', () => {
    // 9*7 + 0*6 + 7*5 + 4*4 + 7*3 + 2*2 = 139
    expect(imoCheckDigit('907472')).toBe(9);
    expect(imoCheckDigit('000001')).toBe(2);
    expect(imoCheckDigit('100000')).toBe(7);
  });

  it('refuses anything but six digits', () => {
    expect(() => imoCheckDigit('90747')).toThrow(RangeError);
  });
});
