import fc from 'fast-check';
import { findJsonShapeProblem, JSON_SHAPE_LIMITS, type JsonShapeLimits } from './json-shape';

const nested = (levels: number, open: string, close: string, inner = '0'): string =>
  open.repeat(levels) + inner + close.repeat(levels);

const objectWithKeys = (count: number, value = '0'): string =>
  `{${Array.from({ length: count }, (_, i) => `"k${i}":${value}`).join(',')}}`;

// Without the u flag a regular expression reads UTF-16 units, so it sees a surrogate out of its pair.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The rules as a plain recursive check over a parsed value: what the scanner must agree with. */
function breaksRules(value: unknown, limits: JsonShapeLimits): boolean {
  let keys = 0;
  const broken = (v: unknown, depth: number): boolean => {
    if (typeof v === 'number') return Math.abs(v) > Number.MAX_SAFE_INTEGER;
    if (typeof v === 'string') return LONE_SURROGATE.test(v) || v.includes('\u0000');
    if (v === null || typeof v !== 'object') return false;
    if (depth > limits.maxDepth) return true;
    if (Array.isArray(v)) return v.some((item) => broken(item, depth + 1));
    return Object.entries(v).some(([key, item]) => {
      keys += 1;
      return (
        keys > limits.maxKeys ||
        key === '__proto__' ||
        key === 'constructor' ||
        broken(key, 0) ||
        broken(item, depth + 1)
      );
    });
  };
  return broken(value, 1);
}

describe(findJsonShapeProblem.name, () => {
  it('accepts a real message body', () => {
    const alert = {
      kind: 'ALERT',
      tlp: 'AMBER',
      to: { nodes: [], countries: ['AZ'], groups: [] },
      body: {
        title: 'Suspected falsified antibiotics via Aktau — "urgent" [1] {2}',
        transport: { containers: ['CSQU3054383'], vesselImo: 'IMO9074729', flight: null },
        goods: [{ hsCode: '300420', quantity: 12000, unit: 'PCS', weight: 3.25, fragile: false }],
        lang: 'en',
      },
    };
    expect(findJsonShapeProblem(JSON.stringify(alert))).toBeUndefined();
    expect(findJsonShapeProblem(JSON.stringify(alert, null, 2))).toBeUndefined();
  });

  describe('depth', () => {
    it(`accepts ${JSON_SHAPE_LIMITS.maxDepth} levels and refuses one more, arrays and objects alike`, () => {
      const depth = JSON_SHAPE_LIMITS.maxDepth;
      expect(findJsonShapeProblem(nested(depth, '[', ']'))).toBeUndefined();
      expect(findJsonShapeProblem(nested(depth, '{"a":', '}'))).toBeUndefined();
      expect(findJsonShapeProblem(nested(depth + 1, '[', ']'))).toMatchObject({ rule: 'depth' });
      expect(findJsonShapeProblem(nested(depth + 1, '{"a":', '}'))).toMatchObject({ rule: 'depth' });
      expect(findJsonShapeProblem(nested(depth / 2, '{"a":[', ']}', '[]'))).toMatchObject({ rule: 'depth' });
    });

    it('refuses a body 5,000 levels deep, naming the limit', () => {
      for (const [open, close] of [
        ['[', ']'],
        ['{"a":', '}'],
      ]) {
        const problem = findJsonShapeProblem(nested(5000, open, close));
        expect(problem).toEqual({ rule: 'depth', message: expect.stringContaining('deeper than 32 levels') });
      }
    });

    it('counts depth by what is open, not by how many were opened', () => {
      const siblings = `[${Array.from({ length: 1000 }, () => nested(10, '[', ']')).join(',')}]`;
      expect(findJsonShapeProblem(siblings)).toBeUndefined();
    });

    it('does not count brackets inside strings', () => {
      expect(findJsonShapeProblem(JSON.stringify({ text: '['.repeat(100) + '{'.repeat(100) }))).toBeUndefined();
      expect(findJsonShapeProblem(JSON.stringify({ text: `\\"${'['.repeat(100)}` }))).toBeUndefined();
    });
  });

  describe('keys', () => {
    it(`accepts ${JSON_SHAPE_LIMITS.maxKeys} keys and refuses one more, over every object of the body`, () => {
      expect(findJsonShapeProblem(objectWithKeys(JSON_SHAPE_LIMITS.maxKeys))).toBeUndefined();
      expect(findJsonShapeProblem(objectWithKeys(JSON_SHAPE_LIMITS.maxKeys + 1))).toMatchObject({
        rule: 'keys',
        message: 'the request body has more than 10000 object keys',
      });
      const spread = `[${Array.from({ length: 101 }, () => objectWithKeys(100)).join(',')}]`;
      expect(findJsonShapeProblem(spread)).toMatchObject({ rule: 'keys' });
    });

    it('accepts a 1 MB wide object within the key limit, and refuses a 1 MB one past it', () => {
      const wide = objectWithKeys(5000, JSON.stringify('x'.repeat(200)));
      expect(wide.length).toBeGreaterThan(1_000_000);
      expect(findJsonShapeProblem(wide)).toBeUndefined();
      const many = objectWithKeys(100_000);
      expect(many.length).toBeGreaterThan(1_000_000);
      expect(findJsonShapeProblem(many)).toMatchObject({ rule: 'keys' });
    });

    it('refuses a key an object repeats, also when escaped, and says where', () => {
      expect(findJsonShapeProblem('{"a":1,"a":2}')).toEqual({
        rule: 'duplicate-key',
        message: 'the request body repeats the key "a"',
        at: 'a',
      });
      expect(findJsonShapeProblem('{"a":1,"\\u0061":2}')).toMatchObject({ rule: 'duplicate-key' });
      expect(findJsonShapeProblem('{"body":{"goods":[{"x":1},{"hsCode":"1","hsCode":"2"}]}}')).toMatchObject({
        at: 'body.goods.1.hsCode',
      });
    });

    it('accepts the same key in different objects', () => {
      expect(findJsonShapeProblem('[{"a":1},{"a":{"a":{"a":1}}}]')).toBeUndefined();
    });

    it('refuses __proto__ and constructor as keys, however written, but not as values', () => {
      for (const body of [
        '{"__proto__":{"admin":true}}',
        '{"a":{"constructor":{"prototype":{}}}}',
        '{"__pr\\u006fto__":1}',
      ]) {
        expect(findJsonShapeProblem(body)).toMatchObject({ rule: 'reserved-key' });
      }
      expect(findJsonShapeProblem('{"a":"__proto__","b":["constructor"]}')).toBeUndefined();
    });
  });

  describe('numbers', () => {
    it('refuses numbers no consumer reads exactly: 1e400, -1e400, 2^53', () => {
      for (const n of ['1e400', '-1e400', '9007199254740992', '1' + '0'.repeat(400), '12345678901234567890.5']) {
        expect(findJsonShapeProblem(`{"quantity":${n}}`)).toMatchObject({ rule: 'number', at: 'quantity' });
      }
    });

    it('accepts exact ones, tiny ones and numbers written inside strings', () => {
      for (const n of ['9007199254740991', '-9007199254740991', '0', '-0', '1.5', '3.25e2', '1e-400', '"1e400"']) {
        expect(findJsonShapeProblem(`[${n}]`)).toBeUndefined();
      }
    });
  });

  describe('strings', () => {
    it('refuses a lone surrogate or a NUL, which PostgreSQL cannot store', () => {
      for (const s of ['\\ud800', '\\udc00', 'a\\udc00\\ud800b', '\\ud800\\n', '\\u0000', 'ab\\u0000']) {
        expect(findJsonShapeProblem(`{"title":"${s}"}`)).toMatchObject({ rule: 'string', at: 'title' });
      }
    });

    it('accepts surrogate pairs, escaped or written', () => {
      expect(findJsonShapeProblem('["\\ud83d\\ude00", "😀", "\\"\\\\\\/\\b\\f\\n\\r\\t"]')).toBeUndefined();
    });
  });

  it('leaves text that is not JSON to the parser', () => {
    for (const text of ['{"a":', '"unterminated', '{"\\x":1}', '{"a":"\\u12"}', 'hello', '']) {
      expect(findJsonShapeProblem(text)).toBeUndefined();
    }
  });

  it('agrees with a recursive check of the parsed value, for any JSON', () => {
    const limits = { maxDepth: 4, maxKeys: 12 };
    const leaf = fc.oneof(
      { weight: 4, arbitrary: fc.oneof(fc.integer(), fc.double({ min: -1e3, max: 1e3, noNaN: true })) },
      { weight: 1, arbitrary: fc.constantFrom(2 ** 53, -(2 ** 53), 1e300, Number.MAX_SAFE_INTEGER) },
      { weight: 2, arbitrary: fc.constantFrom(true, false, null) },
      { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
      { weight: 1, arbitrary: fc.constantFrom('\ud800', 'a\udc00', '\u0000', '\ud83d\ude00') },
    );
    const key = fc.oneof(
      { weight: 20, arbitrary: fc.string({ maxLength: 2 }) },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor') },
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', maxDepth: 6 }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(value, (generated) => {
        const text = JSON.stringify(generated);
        const expected = breaksRules(JSON.parse(text), limits);
        expect(findJsonShapeProblem(text, limits) !== undefined).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
