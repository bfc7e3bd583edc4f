import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { elementProblems } from '../validators/identifier-decorator';

/** One refused field: its dotted path from the root (`body.transport.containers.0`) and why. */
export interface FieldError {
  /** Dotted path of the field; the empty string for the value as a whole. */
  field: string;
  messages: string[];
}

/**
 * The options every boundary uses, HTTP (the global ValidationPipe) and NATS alike: unknown
 * properties are refused, not silently dropped, so a client learns of its typo.
 */
export const VALIDATOR_OPTIONS: Readonly<ValidatorOptions> = Object.freeze({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: true },
});

/**
 * Turns class-validator's error tree into one entry per field path. An identifier constraint
 * applied with `each` is reported by class-validator once for the whole array; here each failing
 * element gets its own path (`containers.0`), when the error carries the array's value.
 */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  const byField = new Map<string, string[]>();
  const add = (field: string, message: string) => byField.set(field, [...(byField.get(field) ?? []), message]);
  const visit = (error: ValidationError, parent: string) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const elements = elementProblems(constraint, error.value);
      if (elements?.length) {
        for (const { index, problem } of elements) add(`${path}.${index}`, `${error.property}.${index}: ${problem}`);
      } else {
        add(path, message);
      }
    }
    for (const child of error.children ?? []) visit(child, path);
  };
  for (const error of errors) visit(error, parentPath);
  return [...byField].map(([field, messages]) => ({ field, messages }));
}

/**
 * Keys class-transformer drops without a word (copied, they would reach the prototype chain):
 * refused here like any other unknown key, so that nothing a client sends is silently ignored.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function prototypeKeyPath(value: unknown, path: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, member] of Object.entries(value)) {
    const memberPath = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) return memberPath;
    const found = prototypeKeyPath(member, memberPath);
    if (found) return found;
  }
  return undefined;
}

/**
 * Validates a plain value (a parsed HTTP body, query or NATS payload) against a DTO class with
 * the same rules everywhere: class-transformer builds the instance (nested DTOs, defaults, query
 * number conversion), class-validator checks it. Answers the instance when `errors` is empty.
 */
export function validatePlain<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
): { value?: T; errors: FieldError[] } {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { errors: [{ field: '', messages: ['should be a JSON object'] }] };
  }
  const forbidden = prototypeKeyPath(plain, '');
  if (forbidden) return { errors: [{ field: forbidden, messages: [`property ${forbidden} should not exist`] }] };
  const instance = plainToInstance(cls, plain);
  const errors = flattenValidationErrors(validateSync(instance, VALIDATOR_OPTIONS));
  return errors.length ? { errors } : { value: instance, errors };
}
