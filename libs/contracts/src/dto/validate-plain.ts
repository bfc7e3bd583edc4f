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

/**
 * Deeper than anything the network makes (the HTTP door takes 32 levels; an envelope adds one or
 * two), and far from the call stack's limit, which class-transformer and class-validator recurse
 * on: a NATS payload a signer nested 1,500 levels deep would otherwise throw a RangeError there.
 */
export const MAX_PLAIN_DEPTH = 64;

/**
 * The first prototype key (unless `prototypeKeys` is false), in document order, or the first value
 * nested beyond `MAX_PLAIN_DEPTH`. Walked with a stack of its own, since nothing bounds the depth
 * before this runs; a path is spelled out only for objects and arrays, so a long array of numbers costs little.
 */
function shapeProblem(value: object, prototypeKeys = true): FieldError | undefined {
  const frames = [{ member: value as Record<string, unknown>, keys: Object.keys(value), next: 0, path: '', depth: 1 }];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    if (frame.next === frame.keys.length) {
      frames.pop();
      continue;
    }
    const key = frame.keys[frame.next++];
    if (prototypeKeys && PROTOTYPE_KEYS.has(key)) {
      const field = pathOf(frame.path, key);
      return { field, messages: [`property ${field} should not exist`] };
    }
    const child = frame.member[key];
    if (child === null || typeof child !== 'object') continue;
    const path = pathOf(frame.path, key);
    if (frame.depth >= MAX_PLAIN_DEPTH)
      return { field: path, messages: [`nested more than ${MAX_PLAIN_DEPTH} levels deep`] };
    frames.push({
      member: child as Record<string, unknown>,
      keys: Object.keys(child),
      next: 0,
      path,
      depth: frame.depth + 1,
    });
  }
  return undefined;
}

const pathOf = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

/**
 * The first value nested beyond `MAX_PLAIN_DEPTH`, or undefined: for a validation pipe that takes
 * care of prototype keys its own way, but whose class-transformer would recurse as deep as it is told.
 */
export function nestingProblem(plain: unknown): FieldError | undefined {
  return plain !== null && typeof plain === 'object' ? shapeProblem(plain, false) : undefined;
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
  const problem = shapeProblem(plain);
  if (problem) return { errors: [problem] };
  const instance = plainToInstance(cls, plain);
  const errors = flattenValidationErrors(validateSync(instance, VALIDATOR_OPTIONS));
  return errors.length ? { errors } : { value: instance, errors };
}
