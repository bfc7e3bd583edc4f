import { DomainError } from '@iren/platform';
import { BodyRefusedError, parseJsonBody } from './json-body';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The refusal `parseJsonBody` throws for `body`, or fails the test if it parses. */
function refusal(body: Uint8Array): BodyRefusedError {
  try {
    parseJsonBody(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BodyRefusedError);
    return error as BodyRefusedError;
  }
  throw new Error('the body was accepted');
}

describe(parseJsonBody.name, () => {
  it('parses a JSON object or array as JSON.parse does, a BOM dropped', () => {
    const value = { kind: 'ALERT', body: { title: 'Aktau — 12 t', goods: [{ quantity: 12000 }] }, to: null };
    expect(parseJsonBody(bytes(JSON.stringify(value)))).toEqual(value);
    expect(parseJsonBody(bytes('\uFEFF[1,"two"]'))).toEqual([1, 'two']);
    expect(parseJsonBody(new Uint8Array())).toEqual({});
  });

  it('refuses __proto__ and constructor keys, so no merge of a body can swap a prototype', () => {
    for (const text of ['{"__proto__":{"isAdmin":true}}', '{"body":{"constructor":{"prototype":{"isAdmin":true}}}}']) {
      expect(refusal(bytes(text))).toMatchObject({ status: 400, code: 'INVALID_JSON' });
    }
  });

  it('refuses a body 5,000 levels deep with 400 JSON_TOO_DEEP, naming the limit', () => {
    const error = refusal(bytes('['.repeat(5000) + ']'.repeat(5000)));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 400, code: 'JSON_TOO_DEEP' });
    expect(error.message).toContain('32 levels');
  });

  it('parses a 1 MB wide object within the key limit, and refuses more than 10,000 keys', () => {
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`key${i}`, 'x'.repeat(200)]));
    const text = JSON.stringify(wide);
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(Object.keys(parseJsonBody(bytes(text)) as object)).toHaveLength(5000);
    const many = `{${Array.from({ length: 10_001 }, (_, i) => `"${i}":0`).join(',')}}`;
    expect(refusal(bytes(many))).toMatchObject({
      status: 400,
      code: 'JSON_TOO_MANY_KEYS',
      message: 'the request body has more than 10000 object keys',
    });
  });

  it('refuses numbers beyond 2^53 - 1 such as 1e400, naming the field', () => {
    for (const n of ['1e400', '-1e400', '18446744073709551616']) {
      const error = refusal(bytes(`{"goods":[{"quantity":${n}}]}`));
      expect(error).toMatchObject({ status: 400, code: 'INVALID_JSON' });
      expect(error.fields).toEqual([{ field: 'goods.0.quantity', messages: [error.message] }]);
    }
  });

  it('refuses bytes that are not UTF-8: invalid, overlong, surrogates, truncated', () => {
    const quoted = (...inner: number[]) => Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, ...inner, 0x22, 0x7d]);
    for (const body of [quoted(0xff), quoted(0xc0, 0xaf), quoted(0xed, 0xa0, 0x80), quoted(0xe2, 0x82), quoted(0x80)]) {
      expect(refusal(body)).toMatchObject({
        status: 400,
        code: 'INVALID_JSON',
        message: 'the request body is not valid UTF-8',
      });
    }
    expect(refusal(Buffer.from('{"a":"é"}', 'latin1'))).toMatchObject({ code: 'INVALID_JSON' });
  });

  it('refuses duplicate keys, naming the key and where it is', () => {
    const error = refusal(bytes('{"kind":"ALERT","to":{"nodes":[],"nodes":["KZ-PCU-AKTAU"]}}'));
    expect(error).toMatchObject({
      status: 400,
      code: 'INVALID_JSON',
      message: 'the request body repeats the key "nodes"',
    });
    expect(error.fields).toEqual([{ field: 'to.nodes', messages: [error.message] }]);
  });

  it('refuses text that is not JSON, and JSON that is not an object or an array', () => {
    for (const text of ['hello', '{"a":}', "{'a':1}", '{"a":1,}', ' ', '{"a":"\\x"}']) {
      expect(refusal(bytes(text))).toMatchObject({ status: 400, code: 'INVALID_JSON' });
      expect(refusal(bytes(text)).message).toMatch(/^the request body is not valid JSON: /);
    }
    for (const text of ['42', '"text"', 'null', 'true']) {
      expect(refusal(bytes(text))).toMatchObject({ message: 'the request body must be a JSON object or array' });
    }
  });

  it('answers 413 PAYLOAD_TOO_LARGE only for the size limit', () => {
    expect(new BodyRefusedError('PAYLOAD_TOO_LARGE', 'too large').status).toBe(413);
    expect(new BodyRefusedError('UNSUPPORTED_CONTENT_TYPE', 'not JSON').status).toBe(400);
  });
});
