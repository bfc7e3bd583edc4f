import type { MessageKind } from '../vocabulary';
import { bodyDtoFor } from './message-bodies';
import { type FieldError, validatePlain } from './validate-plain';

/**
 * Validates the new body of an amendment against the body DTO of the original's kind. Answers the
 * validated body (defaults applied) or the failing fields, named from the amendment (`body.title`).
 */
export function amendedBodyProblems(
  originalKind: MessageKind,
  body: unknown,
): { value?: object; errors: FieldError[] } {
  const dto = bodyDtoFor(originalKind);
  if (!dto) return { errors: [{ field: 'body', messages: [`body: a ${originalKind} cannot be amended`] }] };
  const { value, errors } = validatePlain(dto, body);
  return {
    value,
    errors: errors.map((e) => ({ field: e.field ? `body.${e.field}` : 'body', messages: e.messages })),
  };
}
