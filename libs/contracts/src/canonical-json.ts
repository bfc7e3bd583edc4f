import { createHash } from 'node:crypto';

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation: object keys sorted by UTF-16 code units,
 * numbers and strings as ECMAScript's JSON.stringify writes them, no whitespace. It is what an
 * envelope signature signs and what the ledger hashes, so a value that JSON cannot carry
 * faithfully is refused rather than silently changed: non-finite numbers, lone surrogates,
 * bigints, functions, symbols, `undefined` in an array, and cycles. A property whose value is
 * `undefined` is left out, as JSON.stringify does. An object's `toJSON` (a Date's) is honoured.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, new Set(), '$');
}

/** SHA-256, hex, of the UTF-8 bytes of `canonicalJson(value)`. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

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
