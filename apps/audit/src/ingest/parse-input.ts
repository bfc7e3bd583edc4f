import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '@iren/contracts';
import { PermanentError } from '@iren/messaging';

/** Dead-letter reason of a message the audit service cannot read; no retry will make it readable. */
export const INVALID_AUDIT_INPUT = 'invalid_audit_input';

/** Parses a message's JSON payload into an object, or refuses it for good. */
export function parseJsonObject(data: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    throw new PermanentError(INVALID_AUDIT_INPUT, 'payload is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PermanentError(INVALID_AUDIT_INPUT, 'payload is not a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Validates `plain` against `cls` (unknown properties are stripped, not refused), or refuses it for good. */
export function validatedInput<T extends object>(cls: ClassConstructor<T>, plain: Record<string, unknown>): T {
  const input = plainToInstance(cls, plain);
  const errors = validateSync(input, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const problems = flattenValidationErrors(errors).map((p) => `${p.field}: ${p.messages.join(', ')}`);
    throw new PermanentError(INVALID_AUDIT_INPUT, `invalid ${cls.name}: ${problems.join('; ')}`);
  }
  return input;
}

/**
 * Runs a pure step over a message (building its ledger command). The step has no I/O, so whatever
 * it throws would be thrown again on every redelivery: the message is refused for good at once.
 */
export function refusedForGoodOnThrow<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof PermanentError) throw error;
    throw new PermanentError(INVALID_AUDIT_INPUT, (error as Error).message);
  }
}
