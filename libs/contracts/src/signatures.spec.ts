import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { Envelope } from './envelope';
import type { NodeKeysRecord } from './registry-records';
import {
  keyValidAt,
  newSigningKeyPair,
  privateKeyOf,
  publicKeyObject,
  signatureProblem,
  signatureVerifies,
  signEnvelope,
  signedBytes,
  signingKeyId,
} from './signatures';

// RFC 8032 section 7.1, TEST 1: the empty message.
const RFC_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

const b64url = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');

function envelope(): Envelope<unknown> {
  return {
    id: '0b8c6a52-2f4e-4a55-9d8b-0f3c0d6c1a01',
    kind: 'ALERT',
    origin: 'KZ-PCU-AKTAU',
    createdAt: '2026-11-28T10:00:00.000Z',
    tlp: 'GREEN',
    to: { nodes: [], countries: [], groups: [] },
    body: { title: 'Falsified tablets', quantities: [1, 2.5] },
  };
}

function keysOf(publicKey: string, keyId: string, retiredAt: string | null = null): NodeKeysRecord {
  const status = retiredAt ? 'RETIRED' : 'ACTIVE';
  const key = {
    keyId,
    algorithm: 'Ed25519' as const,
    publicKey,
    status: status as 'ACTIVE' | 'RETIRED',
    holder: 'gateway' as const,
  };
  return { nodeId: 'KZ-PCU-AKTAU', keys: [{ ...key, createdAt: '2026-01-01T00:00:00.000Z', retiredAt }] };
}

describe('Ed25519 through node:crypto', () => {
  it('reproduces RFC 8032 test vector 1', () => {
    const privateKey = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: b64url(RFC_SECRET), x: b64url(RFC_PUBLIC) },
      format: 'jwk',
    });
    expect(sign(null, Buffer.alloc(0), privateKey).toString('hex')).toBe(RFC_SIGNATURE);
    const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    expect(createPublicKey(publicPem).export({ format: 'jwk' }).x).toBe(b64url(RFC_PUBLIC));
    expect(verify(null, Buffer.alloc(0), publicPem, Buffer.from(RFC_SIGNATURE, 'hex'))).toBe(true);
  });
});

describe('envelope signatures', () => {
  const pair = newSigningKeyPair();
  const keyId = signingKeyId('KZ-PCU-AKTAU', pair.publicKeyPem);
  const signed = signEnvelope(envelope(), { keyId, privateKey: privateKeyOf(pair.privateKeyPem) });

  it('names a key by its node and a hash of the key, the same every time', () => {
    expect(keyId).toMatch(/^KZ-PCU-AKTAU#[0-9a-f]{16}$/);
    expect(signingKeyId('KZ-PCU-AKTAU', pair.publicKeyPem)).toBe(keyId);
    expect(signingKeyId('KZ-PCU-AKTAU', newSigningKeyPair().publicKeyPem)).not.toBe(keyId);
  });

  it('signs the canonical JSON of everything but the signature', () => {
    expect(signed.signature?.keyId).toBe(keyId);
    expect(Buffer.from(signed.signature!.value, 'base64')).toHaveLength(64);
    expect(signedBytes(signed).toString()).toBe(signedBytes(envelope()).toString());
    expect(signedBytes(envelope()).toString()).toMatch(/^\{"body":\{"quantities":\[1,2.5\],"title"/);
  });

  it('verifies whatever the key order of the received JSON', () => {
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(signed).reverse()))) as object;
    expect(signatureVerifies(reordered, signed.signature!, pair.publicKeyPem)).toBe(true);
    expect(signatureProblem(signed, keysOf(pair.publicKeyPem, keyId))).toBeUndefined();
  });

  it('refuses an altered body, another key, a missing signature and garbage', () => {
    const altered = { ...signed, body: { title: 'Falsified tablets', quantities: [1, 2.6] } };
    expect(signatureProblem(altered, keysOf(pair.publicKeyPem, keyId))?.reason).toBe('bad_signature');
    const other = newSigningKeyPair().publicKeyPem;
    expect(signatureProblem(signed, keysOf(other, keyId))?.reason).toBe('bad_signature');
    expect(signatureProblem(envelope(), keysOf(pair.publicKeyPem, keyId))?.reason).toBe('unsigned');
    expect(signatureProblem(signed, undefined)?.reason).toBe('bad_signature');
    const garbage = { ...signed, signature: { keyId, value: 'AAAA' } };
    expect(signatureProblem(garbage, keysOf(pair.publicKeyPem, keyId))?.reason).toBe('bad_signature');
    expect(signatureVerifies(signed, signed.signature!, 'not a key')).toBe(false);
  });

  it('accepts a retired key only for messages created before its retirement', () => {
    expect(
      keyValidAt(keysOf(pair.publicKeyPem, keyId, '2026-11-28T10:00:00.001Z'), keyId, signed.createdAt),
    ).toBeDefined();
    expect(
      keyValidAt(keysOf(pair.publicKeyPem, keyId, '2026-11-28T10:00:00.000Z'), keyId, signed.createdAt),
    ).toBeUndefined();
    expect(signatureProblem(signed, keysOf(pair.publicKeyPem, keyId, '2026-11-01T00:00:00.000Z'))?.reason).toBe(
      'bad_signature',
    );
    expect(
      keyValidAt(keysOf(pair.publicKeyPem, keyId), 'KZ-PCU-AKTAU#0000000000000000', signed.createdAt),
    ).toBeUndefined();
  });
});

describe('publicKeyObject', () => {
  it('parses a key once and hands the same object back, and refuses a text that is not a key every time', () => {
    const { publicKeyPem } = newSigningKeyPair();
    const key = publicKeyObject(publicKeyPem);
    expect(key.asymmetricKeyType).toBe('ed25519');
    expect(publicKeyObject(publicKeyPem)).toBe(key);
    expect(() => publicKeyObject('not a key')).toThrow();
    expect(() => publicKeyObject('not a key')).toThrow();
  });
});
