import { isKnownCountry } from '../reference/countries';
import { identifierDecorator } from './identifier-decorator';

/** ISO 3166-1 leaves these to user assignment; `XZ` is in the shipped list only for UN/LOCODE. */
const USER_ASSIGNED = /^(AA|Q[M-Z]|X[A-Z]|ZZ)$/;

/** What is wrong with an ISO 3166-1 alpha-2 country code, or undefined when it is a real one. */
export function countryCodeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'should be a string';
  if (!/^[A-Z]{2}$/.test(value)) return 'should be an ISO 3166-1 alpha-2 code of 2 capital letters, like KZ';
  return isKnownCountry(value) && !USER_ASSIGNED.test(value) ? undefined : `${value} is not a known country code`;
}

/** Whether `value` is the ISO 3166-1 alpha-2 code of a real country. */
export function isValidCountryCode(value: unknown): boolean {
  return countryCodeProblem(value) === undefined;
}

/** class-validator: an ISO 3166-1 alpha-2 code of a real country, from the shipped list. */
export const IsCountryCode = identifierDecorator('isCountryCode', countryCodeProblem);
