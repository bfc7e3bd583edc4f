import { DomainError } from '@iren/platform';
import { findJsonShapeProblem, JSON_SHAPE_LIMITS, type JsonShapeLimits, type JsonShapeRule } from './json-shape';

/** A request body the gateway refuses before any route sees it: 400, or 413 when too large. */
export class BodyRefusedError extends DomainError {
  constructor(code: BodyRefusal, message: string, at?: string) {
    super(
      code,
      code === 'PAYLOAD_TOO_LARGE' ? 413 : 400,
      message,
      at ? [{ field: at, messages: [message] }] : undefined,
    );
    this.name = 'BodyRefusedError';
  }
}

export type BodyRefusal =
  'INVALID_JSON' | 'JSON_TOO_DEEP' | 'JSON_TOO_MANY_KEYS' | 'UNSUPPORTED_CONTENT_TYPE' | 'PAYLOAD_TOO_LARGE';

const REFUSAL_OF: Record<JsonShapeRule, BodyRefusal> = {
  depth: 'JSON_TOO_DEEP',
  keys: 'JSON_TOO_MANY_KEYS',
  'duplicate-key': 'INVALID_JSON',
  'reserved-key': 'INVALID_JSON',
  number: 'INVALID_JSON',
  string: 'INVALID_JSON',
};

// Fatal: a byte sequence that is not UTF-8 is refused, never replaced by U+FFFD. A BOM is dropped.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The value of a JSON request body, from its bytes: UTF-8, within the shape limits (checked on the
 * text, before `JSON.parse` builds anything), and an object or an array. Throws BodyRefusedError.
 */
export function parseJsonBody(bytes: Uint8Array, limits: JsonShapeLimits = JSON_SHAPE_LIMITS): unknown {
  // As body-parser has it: an empty JSON body is a common client slip, read as `{}`.
  if (bytes.length === 0) return {};
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new BodyRefusedError('INVALID_JSON', 'the request body is not valid UTF-8');
  }
  const problem = findJsonShapeProblem(text, limits);
  if (problem) throw new BodyRefusedError(REFUSAL_OF[problem.rule], problem.message, problem.at);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BodyRefusedError('INVALID_JSON', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null) {
    throw new BodyRefusedError('INVALID_JSON', 'the request body must be a JSON object or array');
  }
  return value;
}
