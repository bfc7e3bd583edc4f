import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, MAX_CANONICAL_DEPTH } from './canonical-json';
import { contentHash } from './content-hash';

/** RFC 8785 section 3.2.2: the example input and its canonical form. */
const RFC_8785_INPUT = String.raw`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`;
const RFC_8785_OUTPUT = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;

/** RFC 8785 section 3.2.3: property sorting by UTF-16 code units. */
const RFC_8785_SORTING_INPUT = String.raw`{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`;
const RFC_8785_SORTING_OUTPUT =
  '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
  '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';

/** RFC 8785 appendix B: IEEE 754 bit patterns (hex) and their serialisation. */
const RFC_8785_NUMBERS: [string, string][] = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];
/** Appendix B's non-finite patterns (NaN, Infinity), which must be refused. */
const RFC_8785_REFUSED_NUMBERS = ['7fffffffffffffff', '7ff0000000000000'];

const fromBits = (hex: string): number => Buffer.from(hex, 'hex').readDoubleBE(0);

/** The same JSON value with every object's keys in a shuffled order. */
function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, random));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(() => random() - 0.5);
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, random)]));
}

/** Orders two strings by UTF-16 code units, spelt out rather than trusting the default sort. */
function compareCodeUnits(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = a.charCodeAt(i) - b.charCodeAt(i);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

describe(canonicalJson.name, () => {
  it('canonicalises the RFC 8785 example', () => {
    expect(canonicalJson(JSON.parse(RFC_8785_INPUT))).toBe(RFC_8785_OUTPUT);
  });

  it('sorts keys by UTF-16 code units as RFC 8785 shows', () => {
    expect(canonicalJson(JSON.parse(RFC_8785_SORTING_INPUT))).toBe(RFC_8785_SORTING_OUTPUT);
  });

  it.each(RFC_8785_NUMBERS)('serialises the number with bits %s as %s', (bits, text) => {
    expect(canonicalJson(fromBits(bits))).toBe(text);
  });

  it.each(RFC_8785_REFUSED_NUMBERS)('refuses the non-finite number with bits %s', (bits) => {
    expect(() => canonicalJson([fromBits(bits)])).toThrow(/\$\[0\]: (NaN|Infinity) cannot be represented/);
  });

  it('leaves out undefined properties and writes no whitespace', () => {
    expect(canonicalJson({ b: [1, { d: undefined, c: 'x y' }], a: undefined })).toBe('{"b":[1,{"c":"x y"}]}');
  });

  it('serialises through toJSON, so a Date becomes its ISO string', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 2)) })).toBe('{"at":"2026-01-02T00:00:00.000Z"}');
  });

  it.each<[string, unknown]>([
    ['-Infinity', { x: -Infinity }],
    ['a bigint', { x: 1n }],
    ['a function', { x: () => 1 }],
    ['a symbol', [Symbol('s')]],
    ['undefined in an array', [undefined]],
    ['undefined alone', undefined],
    ['a lone surrogate in a string', { x: 'a\ud800b' }],
    ['a lone surrogate in a key', { '\udc00': 1 }],
  ])('refuses %s', (_what, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('refuses a cycle but accepts the same object twice side by side', () => {
    const shared = { a: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"a":1},{"a":1}]');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/\$\.self: circular reference/);
  });

  it('refuses nesting beyond its fixed depth the same way however deep the caller stands', () => {
    const nested = (levels: number, leaf: unknown = 1): unknown => {
      let value = leaf;
      for (let i = 0; i < levels; i += 1) value = i % 2 ? { a: value } : [value];
      return value;
    };
    expect(canonicalJson(nested(MAX_CANONICAL_DEPTH))).toHaveLength(JSON.stringify(nested(MAX_CANONICAL_DEPTH)).length);
    expect(() => canonicalJson(nested(MAX_CANONICAL_DEPTH + 1))).toThrow(
      new RegExp(`nested more than ${MAX_CANONICAL_DEPTH} levels deep`),
    );
    // Far beyond the stack: still the same refusal, never a RangeError.
    expect(() => canonicalJson(nested(100_000))).toThrow(TypeError);
    // Called with most of the stack used up, a value at the limit still canonicalises.
    const fromDeepInTheStack = (frames: number): string =>
      frames === 0 ? canonicalJson(nested(MAX_CANONICAL_DEPTH)) : fromDeepInTheStack(frames - 1);
    expect(fromDeepInTheStack(5_000)).toBe(canonicalJson(nested(MAX_CANONICAL_DEPTH)));
  });

  it('does not depend on the order of keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        const random = mulberry(seed);
        return canonicalJson(shuffleKeys(value, random)) === canonicalJson(value);
      }),
    );
  });

  it('parses back to the same JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('writes the keys of an object in UTF-16 code unit order, whatever characters they hold', () => {
    const keys = fc.string({ unit: 'binary', maxLength: 4 });
    fc.assert(
      fc.property(fc.dictionary(keys, fc.integer()), (object) => {
        // Values are integers, so every "key": pair of the flat output is a key followed by a digit or minus.
        const written = [...canonicalJson(object).matchAll(/"((?:[^"\\]|\\.)*)":-?\d/g)].map(
          ([, key]) => JSON.parse(`"${key}"`) as string,
        );
        expect(written).toEqual(Object.keys(object).sort(compareCodeUnits));
      }),
    );
  });
});

describe(contentHash.name, () => {
  it('is the SHA-256 hex of the UTF-8 canonical JSON', () => {
    const expected = createHash('sha256').update(Buffer.from('{"a":"€","b":1}', 'utf8')).digest('hex');
    expect(contentHash({ b: 1, a: '€' })).toBe(expected);
  });

  it('changes when a value changes', () => {
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});

/** A small seeded generator, so a failing shuffle is reproduced from fast-check's seed. */
function mulberry(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
