import { identifierDecorator } from './identifier-decorator';

/**
 * IATA flight designator: a 2-character airline designator (two letters, or a letter and a digit
 * either way round, like `U2` or `9W`), 1 to 4 digits and an optional operational suffix letter.
 */
const PATTERN = /^(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\d{1,4}[A-Z]?$/;

/** What is wrong with a flight number (`KC941`), or undefined when it is valid. */
export function flightNumberProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'should be a string';
  return PATTERN.test(value) ? undefined : 'should be a 2-character airline designator and 1 to 4 digits, like KC941';
}

/** Whether `value` is an IATA flight number like `KC941`. */
export function isValidFlightNumber(value: unknown): boolean {
  return flightNumberProblem(value) === undefined;
}

/** class-validator: an IATA flight number like `KC941`. */
export const IsFlightNumber = identifierDecorator('isFlightNumber', flightNumberProblem);
