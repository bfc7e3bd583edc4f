import { isKnownCountry } from '../reference/countries';
import { identifierDecorator } from './identifier-decorator';

/** UN/LOCODE: country, then 3 characters of letters and the digits 2-9 (0 and 1 look like O and I). */
const PATTERN = /^[A-Z]{2}[A-Z2-9]{3}$/;

/**
 * What is wrong with a UN/LOCODE, or undefined when it is well-formed and its country exists.
 * Being listed is not required: part of the shipped list is the 2018-1 edition, so newer codes
 * of those countries are missing (see `libs/contracts/data/README.md`); `locationOf` resolves names.
 */
export function locodeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'should be a string';
  if (!PATTERN.test(value)) return 'should be a 2-letter country and 3 letters or digits 2-9, like KZAAU';
  const country = value.slice(0, 2);
  return isKnownCountry(country) ? undefined : `country ${country} is not a known country code`;
}

/** Whether `value` is a well-formed UN/LOCODE of a known country (listed or not). */
export function isValidLocode(value: unknown): boolean {
  return locodeProblem(value) === undefined;
}

/** class-validator: a well-formed UN/LOCODE of a known country. */
export const IsLocode = identifierDecorator('isLocode', locodeProblem);
