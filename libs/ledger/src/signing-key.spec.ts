import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { SigningKeyError } from './ledger.errors';
import { keyIdOf } from './signing-key';

// RFC 8032 section 7.1, TEST 1: its public key, and the first 16 hex digits of SHA-256 over those
// 32 bytes (computed with sha256sum, outside this code).
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC8032_KEY_ID = '21fe31dfa154a261';

describe(keyIdOf.name, () => {
  const rfcKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(RFC8032_PUBLIC, 'hex').toString('base64url') },
    format: 'jwk',
  });

  it('is the first 16 hex digits of SHA-256 over the raw public key', () => {
    expect(keyIdOf(rfcKey)).toBe(RFC8032_KEY_ID);
  });

  it('is the same for the key object and its PEM', () => {
    const pem = rfcKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(keyIdOf(pem)).toBe(RFC8032_KEY_ID);
  });

  it('differs between keys', () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(keyIdOf(other)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(other)).not.toBe(RFC8032_KEY_ID);
  });

  it('refuses keys that are not Ed25519 public keys', () => {
    expect(() => keyIdOf(generateKeyPairSync('ed448').publicKey)).toThrow(SigningKeyError);
    expect(() => keyIdOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)).toThrow(SigningKeyError);
    expect(() => keyIdOf(generateKeyPairSync('ed25519').privateKey)).toThrow(SigningKeyError);
    expect(() => keyIdOf('not a PEM')).toThrow(expect.objectContaining({ code: 'INVALID_SIGNING_KEY' }));
  });
});
