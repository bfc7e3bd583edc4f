// No Node module here: the web console bundles this file (through ledger-leaf.ts) for the browser.

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation: object keys sorted by UTF-16 code units,
 * numbers and strings as ECMAScript's JSON.stringify writes them, no whitespace. It is what an
 * envelope signature signs and what the ledger hashes, so a value that JSON cannot carry
 * faithfully is refused rather than silently changed: non-finite numbers, lone surrogates,
 * bigints, functions, symbols, `undefined` in an array, cycles, and nesting deeper than
 * `MAX_CANONICAL_DEPTH`. A property whose value is `undefined` is left out, as JSON.stringify does.
 * An object's `toJSON` (a Date's) is honoured.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, new Set(), '$');
}

/**
 * How deep arrays and objects may nest. A fixed bound, far above anything the network builds
 * (DTOs stop at 64 levels), so that whether a value can be signed never depends on how much of the
 * call stack the caller had left: a value the signer canonicalised, the verifier can too.
 */
export const MAX_CANONICAL_DEPTH = 256;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serialise(value: unknown, ancestors: Set<object>, path: string): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} cannot be represented in JSON`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new TypeError(`${path}: string holds a lone surrogate`);
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') throw new TypeError(`${path}: a ${typeof value} cannot be represented in JSON`);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return serialise((value as { toJSON(): unknown }).toJSON(), ancestors, path);
  }
  if (ancestors.has(value)) throw new TypeError(`${path}: circular reference`);
  if (ancestors.size >= MAX_CANONICAL_DEPTH) {
    throw new TypeError(`${path}: nested more than ${MAX_CANONICAL_DEPTH} levels deep`);
  }
  ancestors.add(value);
  try {
    return Array.isArray(value) ? serialiseArray(value, ancestors, path) : serialiseObject(value, ancestors, path);
  } finally {
    ancestors.delete(value);
  }
}

function serialiseArray(items: unknown[], ancestors: Set<object>, path: string): string {
  return `[${items.map((item, i) => serialise(item, ancestors, `${path}[${i}]`)).join(',')}]`;
}

function serialiseObject(object: object, ancestors: Set<object>, path: string): string {
  const members: string[] = [];
  // The default sort compares UTF-16 code units, which is exactly RFC 8785's order.
  for (const key of Object.keys(object).sort()) {
    const member: unknown = (object as Record<string, unknown>)[key];
    if (member === undefined) continue;
    members.push(`${serialise(key, ancestors, path)}:${serialise(member, ancestors, `${path}.${key}`)}`);
  }
  return `{${members.join(',')}}`;
}
