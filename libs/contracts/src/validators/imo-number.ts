import { identifierDecorator } from './identifier-decorator';

const PATTERN = /^IMO ?(\d{6})(\d)$/;

/**
 * The IMO ship identification number's check digit: the first six digits times the weights
 * 7, 6, 5, 4, 3, 2, summed, mod 10 (`907472` → 9).
 */
export function imoCheckDigit(firstSix: string): number {
  if (!/^\d{6}$/.test(firstSix)) throw new RangeError(`not six digits: ${firstSix}`);
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(firstSix[i]) * (7 - i);
  return sum % 10;
}

/**
 * What is wrong with an IMO ship number, or undefined when it is valid. Both `IMO 9074729`
 * (as printed on hulls and certificates) and `IMO9074729` are accepted.
 */
export function imoNumberProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'should be a string';
  const match = PATTERN.exec(value);
  if (!match) return 'should be IMO and 7 digits, like IMO 9074729';
  const expected = imoCheckDigit(match[1]);
  return Number(match[2]) === expected ? undefined : `check digit should be ${expected}`;
}

/** Whether `value` is an IMO ship number with a correct check digit. */
export function isValidImoNumber(value: unknown): boolean {
  return imoNumberProblem(value) === undefined;
}

/** class-validator: an IMO ship number (`IMO 9074729` or `IMO9074729`) with a correct check digit. */
export const IsImoNumber = identifierDecorator('isImoNumber', imoNumberProblem);
