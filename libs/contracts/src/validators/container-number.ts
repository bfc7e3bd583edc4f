import { identifierDecorator } from './identifier-decorator';

const PATTERN = /^[A-Z]{4}\d{7}$/;
const CATEGORIES = 'UJZ';

/**
 * ISO 6346 letter values: A = 10 upwards, skipping the multiples of 11 (11, 22, 33), which are
 * 0 under mod 11 and would let a letter drop out of the check.
 */
const LETTER_VALUES: ReadonlyMap<string, number> = (() => {
  const values = new Map<string, number>();
  let next = 10;
  for (let code = 'A'.charCodeAt(0); code <= 'Z'.charCodeAt(0); code++) {
    if (next % 11 === 0) next++;
    values.set(String.fromCharCode(code), next++);
  }
  return values;
})();

/**
 * The ISO 6346 check digit of an owner code, category and serial (`CSQU305438` → 3): each of the
 * ten characters' value times 2^position, summed, mod 11, and a remainder of 10 becomes 0.
 */
export function containerCheckDigit(ownerAndSerial: string): number {
  if (!/^[A-Z]{4}\d{6}/.test(ownerAndSerial)) throw new RangeError(`not an owner code and serial: ${ownerAndSerial}`);
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = ownerAndSerial[i];
    sum += (LETTER_VALUES.get(c) ?? Number(c)) * 2 ** i;
  }
  return (sum % 11) % 10;
}

/** What is wrong with an ISO 6346 container number (`CSQU3054383`), or undefined when it is valid. */
export function containerNumberProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'should be a string';
  if (!PATTERN.test(value)) return 'should be 4 capital letters, 6 digits and a check digit, like CSQU3054383';
  if (!CATEGORIES.includes(value[3])) return '4th letter should be the equipment category U, J or Z';
  const expected = containerCheckDigit(value);
  return Number(value[10]) === expected ? undefined : `check digit should be ${expected}`;
}

/** Whether `value` is an ISO 6346 container number with a correct check digit. */
export function isValidContainerNumber(value: unknown): boolean {
  return containerNumberProblem(value) === undefined;
}

/** class-validator: an ISO 6346 container number with a correct check digit. */
export const IsContainerNumber = identifierDecorator('isContainerNumber', containerNumberProblem);
