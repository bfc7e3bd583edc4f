import { isHsChapter } from '../reference/hs-nomenclature';
import { identifierDecorator } from './identifier-decorator';

/**
 * What is wrong with an HS code, or undefined when it is 2 to 10 digits starting with a real
 * HS chapter. Only the chapter is checked: longer codes are national tariff lines or may come
 * from another HS edition than the shipped 2022 one.
 */
export function hsCodeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'should be a string';
  if (!/^\d{2,10}$/.test(value)) return 'should be 2 to 10 digits, like 300420';
  const chapter = value.slice(0, 2);
  return isHsChapter(chapter) ? undefined : `${chapter} is not an HS chapter`;
}

/** Whether `value` is an HS code of 2 to 10 digits starting with a real chapter. */
export function isValidHsCode(value: unknown): boolean {
  return hsCodeProblem(value) === undefined;
}

/** class-validator: an HS code of 2 to 10 digits whose first two are a real HS chapter. */
export const IsHsCode = identifierDecorator('isHsCode', hsCodeProblem);

/**
 * What is wrong with an HS prefix of a subscription filter (2 to 6 digits: chapter, heading or
 * subheading level), or undefined when it is valid.
 */
export function hsPrefixProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && !/^\d{2,6}$/.test(value)) return 'should be 2 to 6 digits, like 3004';
  return hsCodeProblem(value);
}

/** Whether `value` is an HS prefix of 2 to 6 digits starting with a real chapter. */
export function isValidHsPrefix(value: unknown): boolean {
  return hsPrefixProblem(value) === undefined;
}

/** class-validator: an HS prefix of 2 to 6 digits whose first two are a real HS chapter. */
export const IsHsPrefix = identifierDecorator('isHsPrefix', hsPrefixProblem);
