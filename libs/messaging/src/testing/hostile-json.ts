import fc from 'fast-check';

/**
 * JSON text that `JSON.stringify` cannot write from a JavaScript value, spliced into the rendered
 * text where it stands: a number beyond a double (`1e400`), nesting deeper than `JSON.stringify`'s
 * stack, a key an object literal cannot hold as its own (`__proto__` would set the prototype).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A key rendered as `name` whatever it is: `{ [protoKey('__proto__')]: 1 }` renders `{"__proto__":1}`. */
export function protoKey(name: string): string {
  return `@@key:${name}@@`;
}

/** The JSON text of `value`, with its `RawJson` parts and `protoKey` keys spliced in. */
export function renderJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, member: unknown) =>
    member instanceof RawJson ? `@@raw:${raws.push(member.text) - 1}@@` : member,
  );
  if (text === undefined) return 'null';
  return text
    .replace(/"@@raw:(\d+)@@"/g, (_match, i: string) => raws[Number(i)])
    .replace(/"@@key:([^@]*)@@"/g, (_match, name: string) => JSON.stringify(name));
}

/** Nesting `levels` deep, built as text (no stack involved), around `leaf`. */
export function deepJson(levels: number, shape: 'array' | 'object' | 'mixed', leaf = '0'): string {
  const opens = { array: ['['], object: ['{"a":'], mixed: ['[', '{"__proto__":'] }[shape];
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < levels; i += 1) {
    const o = opens[i % opens.length];
    open.push(o);
    close.push(o === '[' ? ']' : '}');
  }
  return `${open.join('')}${leaf}${close.reverse().join('')}`;
}

/** Keys that reach the prototype chain when code copies them with `target[key] = value`. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Objects that try to change `Object.prototype` when merged, copied or transformed carelessly. */
const pollutingObject = fc.constantFrom<unknown>(
  { [protoKey('__proto__')]: { polluted: 'yes' } },
  { [protoKey('constructor')]: { prototype: { polluted: 'yes' } } },
  { [protoKey('prototype')]: { polluted: 'yes' } },
  { a: 1, [protoKey('__proto__')]: { polluted: 'yes', toString: 'hijacked' } },
);

/** Objects that throw when turned into a string (`String(v)`, a template literal): their toString is no function. */
const unprintableObject = fc.constantFrom<unknown>(
  { toString: 1 },
  { toString: 'x', valueOf: 1 },
  { toJSON: 1 },
  { valueOf: null, toString: null },
);

/** Number literals a double cannot hold, and numbers at the edges of what one can. */
export const hugeNumber = fc.constantFrom<unknown>(
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('1e-400'),
  new RawJson('123456789012345678901234567890123456789'),
  new RawJson(`9${'9'.repeat(400)}`),
  new RawJson('-0'),
  new RawJson('0.1e1'),
  Number.MAX_SAFE_INTEGER + 2,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 31,
  2 ** 32 + 1,
);

/** Strings that look like numbers, times, ids and keys, and are not quite. */
const lookalike = fc.constantFrom<unknown>(
  '1e400',
  '9007199254740993',
  'NaN',
  'Infinity',
  ' 42',
  '0x10',
  '2026-02-30T00:00:00.000Z',
  '2026-03-01T10:00:00',
  '+275760-09-13T00:00:00.001Z',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  'KZ-PCU-',
  'kz-pcu-aktau',
  'router#0000',
  'AAAA',
  '====',
  '__proto__',
  'constructor',
);

/** Strings JSON carries but PostgreSQL, canonical JSON or a careless reader cannot. */
const awkwardString = fc.constantFrom<unknown>(
  '\ud800',
  'a\udfffb',
  '\udc00\ud800',
  '\u0000',
  'a\u0000b',
  '\ufeff',
  '\r\n',
);

/** Up to `max` levels of nesting, as text. */
export const deepValue = (min: number, max: number): fc.Arbitrary<unknown> =>
  fc
    .tuple(
      fc.integer({ min, max }),
      fc.constantFrom('array', 'object', 'mixed') as fc.Arbitrary<'array' | 'object' | 'mixed'>,
    )
    .map(([levels, shape]) => new RawJson(deepJson(levels, shape)));

/** A long string: beyond every length limit, and large enough to cost something to copy. */
const longString = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('x', 'é', '😀', '\\'))
  .map(([length, unit]) => unit.repeat(length));

/**
 * A hostile value for one field: wrong types, numbers beyond a double, look-alike strings, lone
 * surrogates and NUL, long strings, deep nesting (within canonical JSON's depth limit and far beyond it), objects with
 * prototype keys or without a usable toString.
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, '', [], {}, [null], [[]]), weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: hugeNumber, weight: 2 },
  { arbitrary: lookalike, weight: 2 },
  { arbitrary: awkwardString, weight: 2 },
  { arbitrary: pollutingObject, weight: 2 },
  { arbitrary: unprintableObject, weight: 2 },
  { arbitrary: longString, weight: 1 },
  { arbitrary: deepValue(30, 3_000), weight: 1 },
);

/** Any key, a prototype key most of all. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTOTYPE_KEYS).map(protoKey),
  fc.constantFrom('toString', 'valueOf', 'hasOwnProperty', 'signature', 'id', ''),
  fc.string({ maxLength: 12 }),
);

/** A random JSON object with prototype keys spliced in at random places. */
const objectWithPrototypeKeys = fc
  .tuple(fc.dictionary(hostileKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }), pollutingObject)
  .map(([members, polluting]) => ({ ...members, nested: polluting }));

/**
 * Whole payload texts: random JSON, objects with prototype keys, deep nesting (thousands of levels
 * and beyond), numbers beyond a double, long strings, lone surrogates, duplicate keys, broken JSON.
 */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 4 },
  { arbitrary: objectWithPrototypeKeys.map(renderJson), weight: 3 },
  { arbitrary: hostileValue.map(renderJson), weight: 3 },
  { arbitrary: deepValue(1_000, 150_000).map(renderJson), weight: 1 },
  {
    arbitrary: fc.constantFrom('{"a":1,"a":2}', '{"id":"x","id":{"toString":1}}', '[1,2,', '{', '', ' ', 'null'),
    weight: 1,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 1 },
);
