import { identifierDecorator } from './identifier-decorator';

const PATTERN = /^(\d{3})-(\d{7})(\d)$/;

/** The IATA air waybill check digit: the 7-digit serial number mod 7 (`1234567` → 5). */
export function airWaybillCheckDigit(serial: string): number {
  if (!/^\d{7}$/.test(serial)) throw new RangeError(`not a 7-digit serial: ${serial}`);
  return Number(serial) % 7;
}

/** What is wrong with an IATA air waybill number (`176-12345675`), or undefined when it is valid. */
export function airWaybillProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'should be a string';
  const match = PATTERN.exec(value);
  if (!match) return 'should be a 3-digit airline prefix, a dash and 8 digits, like 176-12345675';
  const expected = airWaybillCheckDigit(match[2]);
  return Number(match[3]) === expected ? undefined : `check digit should be ${expected} (serial mod 7)`;
}

/** Whether `value` is an IATA air waybill number whose check digit is its serial mod 7. */
export function isValidAirWaybill(value: unknown): boolean {
  return airWaybillProblem(value) === undefined;
}

/** class-validator: an IATA air waybill number whose 8th digit is its serial mod 7. */
export const IsAirWaybill = identifierDecorator('isAirWaybill', airWaybillProblem);
