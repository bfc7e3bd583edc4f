import { UsageError } from '../exit-codes';

/** A whole number option above zero; undefined when absent, a usage error naming it when not a number. */
export function positiveInteger(value: string | boolean | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new UsageError(`--${name} should be a whole number of at least 1, got ${JSON.stringify(value)}`);
  }
  return number;
}
