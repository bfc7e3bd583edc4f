import { ValidateBy, type ValidationOptions } from 'class-validator';
import { MESSAGE_KINDS, type MessageKind } from '../vocabulary';

/** The kinds whose bodies the network validates and routes today; the others are announced in DESIGN. */
export const SUPPORTED_KINDS: readonly MessageKind[] = ['ALERT'];

/**
 * class-validator: refuses a known message kind that is not supported yet, with a message saying
 * so. An unknown kind passes here and is left to `@IsIn(MESSAGE_KINDS)` to name.
 */
export function IsSupportedKind(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSupportedKind',
      validator: {
        validate: (value: unknown) =>
          !(MESSAGE_KINDS as readonly unknown[]).includes(value) || SUPPORTED_KINDS.includes(value as MessageKind),
        defaultMessage: (args) =>
          `${args?.property ?? 'kind'}: ${String(args?.value)} is not supported yet; supported: ${SUPPORTED_KINDS.join(', ')}`,
      },
    },
    options,
  );
}
