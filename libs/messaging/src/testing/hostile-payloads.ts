import fc from 'fast-check';
import { deepJson, hostileJsonText, hostileKey, hostileValue, RawJson, renderJson } from './hostile-json';

/** A path into a JSON value: keys and indexes from the root. */
export type JsonPath = (string | number)[];

/** What a mutation does at its path. */
type Change = 'replace' | 'delete' | 'add-key' | 'wrap';

interface Mutation {
  path: JsonPath;
  change: Change;
  value: unknown;
  key: string;
}

/** Every path in `value`, the root first; walked with a stack, so no depth breaks it. */
export function pathsOf(value: unknown): JsonPath[] {
  const paths: JsonPath[] = [];
  const stack: [JsonPath, unknown][] = [[[], value]];
  while (stack.length > 0) {
    const [path, member] = stack.pop()!;
    paths.push(path);
    if (member === null || typeof member !== 'object') continue;
    for (const [key, child] of Object.entries(member))
      stack.push([[...path, Array.isArray(member) ? Number(key) : key], child]);
  }
  return paths;
}

// A generated constant may be placed in several cases: each gets its own copy, RawJson parts as they are.
const copy = (value: unknown): unknown => (value instanceof RawJson ? value : structuredClone(value));

function apply(root: unknown, { path, change, value, key }: Mutation): unknown {
  if (path.length === 0) {
    if (change === 'add-key' && root !== null && typeof root === 'object') return { ...root, [key]: copy(value) };
    return change === 'wrap' ? [root] : copy(value);
  }
  let parent: unknown = root;
  for (const step of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return root;
    parent = (parent as Record<string | number, unknown>)[step];
  }
  if (parent === null || typeof parent !== 'object' || parent instanceof RawJson) return root;
  const holder = parent as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (!Object.hasOwn(holder, last)) return root;
  if (change === 'delete') {
    if (Array.isArray(holder)) holder.splice(Number(last), 1);
    else delete holder[last];
  } else if (change === 'wrap') {
    holder[last] = { value: holder[last] };
  } else if (change === 'add-key' && holder[last] !== null && typeof holder[last] === 'object') {
    (holder[last] as Record<string, unknown>)[key] = copy(value);
  } else {
    holder[last] = copy(value);
  }
  return root;
}

/**
 * A valid fixture broken in up to `max` places (none at times, so that some cases are accepted):
 * a field replaced by a hostile value, removed, wrapped, or given a hostile key beside it.
 * Answers the value (with `RawJson` parts: render it with `renderJson`) and what was changed.
 */
export function mutated(fixture: unknown, max = 3): fc.Arbitrary<{ value: unknown; changes: string[] }> {
  const paths = pathsOf(fixture);
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    path: fc.constantFrom(...paths),
    change: fc.constantFrom<Change>('replace', 'replace', 'replace', 'delete', 'add-key', 'wrap'),
    value: hostileValue,
    key: hostileKey,
  });
  const someMutations = fc.oneof(
    { arbitrary: fc.constant([]), weight: 1 },
    { arbitrary: fc.array(mutation, { minLength: 1, maxLength: max }), weight: 2 },
  );
  return someMutations.map((mutations) => ({
    value: mutations.reduce(apply, structuredClone(fixture)),
    changes: mutations.map((m) => `${m.change} ${m.path.join('.') || '(root)'}`),
  }));
}

export const MIB = 1024 * 1024;

/**
 * A value of about `bytes` once rendered: a long string, an array of 1 KiB strings, or deep nesting.
 * (An array of half a million numbers costs the DTOs seconds to copy; too slow to draw at random,
 * it is measured on its own.)
 */
export function sizedValue(bytes: number, shape: 'string' | 'array' | 'deep'): RawJson {
  if (shape === 'string') return new RawJson(`"${'x'.repeat(Math.max(0, bytes - 2))}"`);
  if (shape === 'array') {
    const item = `"${'x'.repeat(1021)}"`;
    return new RawJson(`[${Array.from({ length: Math.max(1, Math.floor(bytes / 1024)) }, () => item).join(',')}]`);
  }
  return new RawJson(deepJson(Math.floor(bytes / 2), 'array'));
}

/** Values that make a payload about 1 MiB (the EXCHANGE stream's limit), just under, at, or over it. */
export const oversizeValue: fc.Arbitrary<RawJson> = fc
  .tuple(
    fc.constantFrom(MIB - 1024, MIB, MIB + 1, 2 * MIB),
    fc.constantFrom('string', 'array', 'deep') as fc.Arbitrary<'string' | 'array' | 'deep'>,
  )
  .map(([bytes, shape]) => sizedValue(bytes, shape));

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Byte sequences that are not UTF-8: overlong, surrogate halves, out of range, cut short, stray continuations. */
const INVALID_UTF8 = [
  [0xc3, 0x28],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xff],
  [0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
];

/** `text` as UTF-8 with an invalid sequence spliced in at `at` (a fraction of its length). */
export function withInvalidUtf8(text: string, at: number, sequence: readonly number[]): Uint8Array {
  const bytes = utf8(text);
  const i = Math.floor(at * bytes.length);
  return Uint8Array.from([...bytes.subarray(0, i), ...sequence, ...bytes.subarray(i)]);
}

/** Bytes that are not UTF-8, inside JSON text that otherwise is. */
export const invalidUtf8Payload = (text: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(text, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...INVALID_UTF8))
    .map(([t, at, sequence]) => withInvalidUtf8(t, at, sequence));

/**
 * Whole payloads as they come off the wire: hostile JSON text, raw random bytes, invalid UTF-8,
 * and, rarely (they cost the most), payloads around and over 1 MiB.
 */
export const hostilePayload: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: hostileJsonText.map(utf8), weight: 16 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }), weight: 2 },
  { arbitrary: invalidUtf8Payload(hostileJsonText), weight: 4 },
  { arbitrary: oversizeValue.map((v) => utf8(renderJson({ pad: v }))), weight: 1 },
);
