/** Bounds on the shape of a JSON request body, checked on its text before anything parses it. */
export interface JsonShapeLimits {
  /** Most arrays and objects open at once; the outermost value is level 1. */
  maxDepth: number;
  /** Most object keys in the whole document, counting every object. */
  maxKeys: number;
}

/**
 * Depth 32: the deepest valid body (an alert's `body.goods.N.field`) is 4 levels, and the parsing,
 * transforming and validating code behind it recurses once per level. 10,000 keys: the largest
 * valid body (an alert with its 200 goods lines) has under 2,000, while a 256 KiB body of `"a":0,`
 * could carry 40,000 and a 16 MiB one millions, each costing the validator work.
 */
export const JSON_SHAPE_LIMITS: JsonShapeLimits = { maxDepth: 32, maxKeys: 10_000 };

export type JsonShapeRule = 'depth' | 'keys' | 'duplicate-key' | 'reserved-key' | 'number' | 'string';

/** Why a body was refused, and where in it when that is known (`goods.3.hsCode`, the validator's style). */
export interface JsonShapeProblem {
  rule: JsonShapeRule;
  message: string;
  at?: string;
}

/** Keys that rewrite an object's prototype when a parsed body is later merged or assigned. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor']);

/**
 * Finds the first way `text` breaks the limits, or I-JSON (RFC 7493) as the rest of the exchange
 * needs it: unique keys, numbers that are exact in every consumer (at most 2^53 - 1 in magnitude),
 * strings without lone surrogates or NUL (PostgreSQL's jsonb refuses both). Iterative, so no body
 * can exhaust the stack; one pass. Text that is not JSON at all is left for `JSON.parse` to refuse.
 */
export function findJsonShapeProblem(
  text: string,
  limits: JsonShapeLimits = JSON_SHAPE_LIMITS,
): JsonShapeProblem | undefined {
  return new JsonShapeScanner(text, limits).scan();
}

/** An array being read (`at` = the element's index) or an object (`keys` seen so far, `at` = the current key). */
interface Frame {
  keys?: Set<string>;
  at: string | number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const MINUS = 0x2d;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Digits, signs, the point and exponent marks: what a number literal is made of. */
function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === MINUS || c === 0x2e || c === 0x45 || c === 0x65;
}

class JsonShapeScanner {
  private readonly frames: Frame[] = [];
  private keyCount = 0;
  private expectingKey = false;
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly limits: JsonShapeLimits,
  ) {}

  scan(): JsonShapeProblem | undefined {
    const { text } = this;
    while (this.position < text.length) {
      const c = text.charCodeAt(this.position);
      let problem: JsonShapeProblem | 'malformed' | undefined;
      if (c === 0x7b || c === 0x5b) problem = this.open(c === 0x7b);
      else if (c === 0x7d || c === 0x5d) this.close();
      else if (c === COMMA) this.next();
      else if (c === QUOTE) problem = this.string();
      else if (c === MINUS || (c >= 0x30 && c <= 0x39)) problem = this.number();
      else this.position++;
      // Malformed text has no shape to judge: JSON.parse refuses it next, with its own reason.
      if (problem === 'malformed') return undefined;
      if (problem) return problem;
    }
    return undefined;
  }

  private open(object: boolean): JsonShapeProblem | undefined {
    if (this.frames.length >= this.limits.maxDepth) {
      return {
        rule: 'depth',
        message: `the request body nests arrays and objects deeper than ${this.limits.maxDepth} levels`,
      };
    }
    this.frames.push(object ? { keys: new Set(), at: '' } : { at: 0 });
    this.expectingKey = object;
    this.position++;
    return undefined;
  }

  private close(): void {
    this.frames.pop();
    this.expectingKey = false;
    this.position++;
  }

  private next(): void {
    const top = this.frames.at(-1);
    if (top?.keys) this.expectingKey = true;
    else if (top) top.at = (top.at as number) + 1;
    this.position++;
  }

  /** Reads the string at the position; a key is counted, and checked against its object's others. */
  private string(): JsonShapeProblem | 'malformed' | undefined {
    const start = this.position;
    const end = this.stringEnd(start);
    if (typeof end !== 'number') return end;
    this.position = end;
    const top = this.frames.at(-1);
    if (!this.expectingKey || !top?.keys) return undefined;
    this.expectingKey = false;
    const key = this.key(start, end);
    if (key === undefined) return 'malformed';
    top.at = key;
    if (++this.keyCount > this.limits.maxKeys) {
      return { rule: 'keys', message: `the request body has more than ${this.limits.maxKeys} object keys` };
    }
    if (RESERVED_KEYS.has(key)) {
      return { rule: 'reserved-key', message: `the request body uses the reserved key "${key}"`, at: this.path() };
    }
    if (top.keys.has(key)) {
      return { rule: 'duplicate-key', message: `the request body repeats the key "${key}"`, at: this.path() };
    }
    top.keys.add(key);
    return undefined;
  }

  /** The key written between `start` and `end`, escapes decoded ("\u0061" is "a"); undefined if one is invalid. */
  private key(start: number, end: number): string | undefined {
    const raw = this.text.slice(start + 1, end - 1);
    if (!raw.includes('\\')) return raw;
    try {
      // One flat string literal: nothing nested for JSON.parse to recurse into.
      return JSON.parse(this.text.slice(start, end)) as string;
    } catch {
      return undefined;
    }
  }

  /**
   * The index after the closing quote of the string starting at `start`, reading each UTF-16 unit
   * (written or escaped) to find NUL and surrogates that are not in a high-low pair.
   */
  private stringEnd(start: number): number | JsonShapeProblem | 'malformed' {
    const { text } = this;
    let pendingHigh = false;
    let i = start + 1;
    while (i < text.length) {
      let unit = text.charCodeAt(i);
      if (unit === QUOTE) {
        return pendingHigh ? this.stringProblem('a lone UTF-16 surrogate') : i + 1;
      }
      if (unit === BACKSLASH) {
        if (text.charCodeAt(i + 1) === 0x75) {
          const hex = text.slice(i + 2, i + 6);
          if (!HEX4.test(hex)) return 'malformed';
          unit = Number.parseInt(hex, 16);
          i += 6;
        } else {
          unit = -1;
          i += 2;
        }
      } else {
        i++;
      }
      if (unit === 0) return this.stringProblem('a NUL character');
      const low = unit >= 0xdc00 && unit <= 0xdfff;
      if (pendingHigh !== low) return this.stringProblem('a lone UTF-16 surrogate');
      pendingHigh = unit >= 0xd800 && unit <= 0xdbff;
    }
    return 'malformed';
  }

  private stringProblem(what: string): JsonShapeProblem {
    return { rule: 'string', message: `the request body has a string with ${what}`, at: this.path() };
  }

  private number(): JsonShapeProblem | undefined {
    const { text } = this;
    const start = this.position;
    let end = start + 1;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    this.position = end;
    const literal = text.slice(start, end);
    if (!NUMBER.test(literal) || Math.abs(Number(literal)) <= Number.MAX_SAFE_INTEGER) return undefined;
    const shown = literal.length > 40 ? `${literal.slice(0, 40)}...` : literal;
    return {
      rule: 'number',
      message: `the request body has a number beyond ±${Number.MAX_SAFE_INTEGER}, which no consumer reads exactly: ${shown}`,
      at: this.path(),
    };
  }

  /** Where the reader is, as the validator names fields: keys and indexes joined by dots. */
  private path(): string {
    return this.frames.map((frame) => String(frame.at)).join('.');
  }
}
