import { ValidateBy, type ValidationOptions } from 'class-validator';
import { MESSAGE_KINDS, type MessageKind } from '../vocabulary';

/**
 * class-validator: refuses a known message kind that is not in `allowed`, with a message saying
 * which are. An unknown kind passes here and is left to `@IsIn(MESSAGE_KINDS)` to name.
 */
export function IsKindAmong(
  allowed: readonly MessageKind[],
  why: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isKindAmong',
      validator: {
        validate: (value: unknown) =>
          !(MESSAGE_KINDS as readonly unknown[]).includes(value) || allowed.includes(value as MessageKind),
        defaultMessage: (args) =>
          `${args?.property ?? 'kind'}: ${String(args?.value)} ${why}; supported: ${allowed.join(', ')}`,
      },
    },
    options,
  );
}
