/** A JSON Schema (AsyncAPI's Schema Object, a superset of draft 07), as plain data. */
export type JsonSchema = Record<string, unknown>;

/** A reference to one of the document's `components.schemas`. */
export function schemaRef(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** An object schema whose listed properties are required unless named in `optional`. */
export function objectSchema(
  description: string,
  properties: Record<string, JsonSchema>,
  optional: readonly string[] = [],
): JsonSchema {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return { type: 'object', description, required, properties };
}

export function stringSchema(description: string, extra: JsonSchema = {}): JsonSchema {
  return { type: 'string', description, ...extra };
}

export function enumSchema(values: readonly string[], description: string): JsonSchema {
  return { type: 'string', enum: [...values], description };
}

export function arraySchema(items: JsonSchema, description: string): JsonSchema {
  return { type: 'array', items, description };
}

export const DATE_TIME: JsonSchema = { type: 'string', format: 'date-time' };
export const BASE64: JsonSchema = { type: 'string', contentEncoding: 'base64' };
