import fc from 'fast-check';
import { containerCheckDigit, containerNumberProblem, isValidContainerNumber } from './container-number';

const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digit = fc.constantFrom(...'0123456789');
/** Owner code (3 letters + category U, J or Z) and 6-digit serial: a container number less its check digit. */
const ownerAndSerial = fc
  .tuple(
    fc.array(letter, { minLength: 3, maxLength: 3 }),
    fc.constantFrom('U', 'J', 'Z'),
    fc.array(digit, { minLength: 6, maxLength: 6 }),
  )
  .map(([owner, category, serial]) => owner.join('') + category + serial.join(''));

describe(isValidContainerNumber.name, () => {
  it.each(['CSQU3054383', 'MWCU6059784'])('accepts %s', (value) => {
    expect(isValidContainerNumber(value)).toBe(true);
  });

  it.each([
    ['CSQU3054384', 'check digit should be 3'],
    ['MWCU6059780', 'check digit should be 4'],
    ['CSQX3054383', '4th letter should be the equipment category U, J or Z'],
    ['csqu3054383', 'should be 4 capital letters, 6 digits and a check digit, like CSQU3054383'],
    ['CSQU 305438 3', 'should be 4 capital letters, 6 digits and a check digit, like CSQU3054383'],
    ['CSQU305438', 'should be 4 capital letters, 6 digits and a check digit, like CSQU3054383'],
    [30543830, 'should be a string'],
    [null, 'should be a string'],
  ])('refuses %p: %s', (value, problem) => {
    expect(isValidContainerNumber(value)).toBe(false);
    expect(containerNumberProblem(value)).toBe(problem);
  });

  it('accepts any owner code and serial with its computed check digit', () => {
    fc.assert(fc.property(ownerAndSerial, (prefix) => isValidContainerNumber(prefix + containerCheckDigit(prefix))));
  });

  it('refuses a valid number whose check digit is altered, naming the right one', () => {
    fc.assert(
      fc.property(ownerAndSerial, fc.integer({ min: 1, max: 9 }), (prefix, shift) => {
        const expected = containerCheckDigit(prefix);
        const altered = prefix + ((expected + shift) % 10);
        return containerNumberProblem(altered) === `check digit should be ${expected}`;
      }),
    );
  });
});

describe(containerCheckDigit.name, () => {
  it('maps a remainder of 10 to 0', () => {
    // Found by search: the weighted sum of this prefix is 10 mod 11.
    const prefix = findPrefixWithRemainder10();
    expect(containerCheckDigit(prefix)).toBe(0);
  });

  it('refuses input that is not an owner code and serial', () => {
    expect(() => containerCheckDigit('CSQU30')).toThrow(RangeError);
  });
});

/** A prefix whose ISO 6346 sum is 10 mod 11, computed here with the letter values spelt out. */
function findPrefixWithRemainder10(): string {
  const values: Record<string, number> = { C: 13, S: 30, Q: 28, U: 32 };
  for (let serial = 0; ; serial++) {
    const prefix = `CSQU${String(serial).padStart(6, '0')}`;
    const sum = [...prefix].reduce((acc, c, i) => acc + (values[c] ?? Number(c)) * 2 ** i, 0);
    if (sum % 11 === 10) return prefix;
  }
}
