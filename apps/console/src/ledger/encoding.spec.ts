import { generateKeyPairSync } from 'node:crypto';
import { ed25519KeyFromPem, fromBase64, hashFromHex, toHex } from './encoding';

describe('audit API encodings', () => {
  it('reads a hash only as 64 lowercase hex digits', () => {
    const text = 'ab'.repeat(32);
    expect(toHex(hashFromHex(text)!)).toBe(text);
    for (const bad of ['AB'.repeat(32), 'ab'.repeat(31), `${'ab'.repeat(32)}00`, 42, null]) {
      expect(hashFromHex(bad)).toBeUndefined();
    }
  });

  it('reads canonical base64 only', () => {
    expect(Array.from(fromBase64('AQID')!)).toEqual([1, 2, 3]);
    // 'AQJ=' and 'AQI=' decode alike; only the one with zero unused bits is canonical.
    expect(fromBase64('AQI=')).toBeDefined();
    expect(fromBase64('AQJ=')).toBeUndefined();
    for (const bad of ['AQI', 'AQ ID', 'A=QI', '****']) expect(fromBase64(bad)).toBeUndefined();
  });

  it('takes the raw key out of an Ed25519 SPKI PEM, and nothing out of another key', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    expect(Buffer.from(ed25519KeyFromPem(pem)!)).toEqual(raw);
    const x25519 = generateKeyPairSync('x25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(ed25519KeyFromPem(x25519)).toBeUndefined();
    expect(ed25519KeyFromPem(pem.replace('PUBLIC KEY', 'PRIVATE KEY'))).toBeUndefined();
  });
});
