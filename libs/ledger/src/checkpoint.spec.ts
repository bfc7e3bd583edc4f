import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { Checkpoint, checkpointBody, signCheckpoint, verifyCheckpoint } from './checkpoint';
import { CheckpointFormatError, SigningKeyError } from './ledger.errors';
import { keyIdOf } from './signing-key';

const ROOT = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const AT = '2026-03-01T12:00:00.000Z';

describe(checkpointBody.name, () => {
  it('is four newline-terminated lines: format, size, root hash, timestamp', () => {
    expect(checkpointBody(42, ROOT, AT).toString('utf8')).toBe(`iren-ledger/v1\n42\n${ROOT}\n${AT}\n`);
  });

  it('accepts the empty tree', () => {
    const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(checkpointBody(0, empty, AT).toString('utf8')).toBe(`iren-ledger/v1\n0\n${empty}\n${AT}\n`);
  });

  it.each([
    ['a negative size', -1, ROOT, AT],
    ['a fractional size', 1.5, ROOT, AT],
    ['an uppercase root hash', 8, ROOT.toUpperCase(), AT],
    ['a short root hash', 8, ROOT.slice(1), AT],
    ['a timestamp with an offset', 8, ROOT, '2026-03-01T12:00:00+01:00'],
    ['an impossible date', 8, ROOT, '2026-02-30T12:00:00.000Z'],
    ['a timestamp without milliseconds', 8, ROOT, '2026-03-01T12:00:00Z'],
    ['a non-string timestamp', 8, ROOT, 1_772_366_400_000 as unknown as string],
    ['a timestamp with a newline', 8, ROOT, `${AT}\n9`],
  ])('refuses %s', (_case, size, rootHash, timestamp) => {
    expect(() => checkpointBody(size, rootHash, timestamp)).toThrow(CheckpointFormatError);
  });
});

describe(signCheckpoint.name, () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);

  it('signs exactly the checkpoint body with Ed25519', () => {
    const checkpoint = signCheckpoint(privateKey, keyId, 8, ROOT, AT);
    expect(checkpoint).toEqual({ size: 8, rootHash: ROOT, timestamp: AT, keyId, signature: expect.any(String) });
    const signature = Buffer.from(checkpoint.signature, 'base64');
    expect(verify(null, checkpointBody(8, ROOT, AT), publicKey, signature)).toBe(true);
  });

  it('refuses a key id that is not the signing key', () => {
    expect(() => signCheckpoint(privateKey, '0000000000000000', 8, ROOT, AT)).toThrow(SigningKeyError);
  });

  it('refuses a key that is not an Ed25519 private key', () => {
    expect(() => signCheckpoint(publicKey, keyId, 8, ROOT, AT)).toThrow(SigningKeyError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() => signCheckpoint(ec, keyId, 8, ROOT, AT)).toThrow(SigningKeyError);
  });
});

describe(verifyCheckpoint.name, () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const checkpoint = signCheckpoint(privateKey, keyIdOf(publicKey), 8, ROOT, AT);

  it('accepts a checkpoint with the key object or its PEM', () => {
    expect(verifyCheckpoint(checkpoint, publicKey)).toBe(true);
    expect(verifyCheckpoint(checkpoint, publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBe(true);
  });

  it('survives the JSON round trip of GET /audit/checkpoint', () => {
    expect(verifyCheckpoint(JSON.parse(JSON.stringify(checkpoint)) as Checkpoint, publicKey)).toBe(true);
  });

  const flippedSignature = Buffer.from(checkpoint.signature, 'base64');
  flippedSignature[10] ^= 1;
  it.each<[string, Partial<Checkpoint>]>([
    ['a changed size', { size: 9 }],
    ['a changed root hash', { rootHash: ROOT.replace(/^5/, '6') }],
    ['a changed timestamp', { timestamp: '2026-03-01T12:00:01.000Z' }],
    ['another key id', { keyId: '0123456789abcdef' }],
    ['a flipped signature bit', { signature: flippedSignature.toString('base64') }],
    ['a signature with stray characters', { signature: `${checkpoint.signature}\n` }],
    ['a truncated signature', { signature: checkpoint.signature.slice(0, 40) }],
    ['a malformed root hash', { rootHash: 'zz' }],
  ])('refuses %s', (_case, change) => {
    expect(verifyCheckpoint({ ...checkpoint, ...change }, publicKey)).toBe(false);
  });

  it('refuses a checkpoint signed by another key that claims this key id', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const body = checkpointBody(8, ROOT, AT);
    const forged = { ...checkpoint, signature: sign(null, body, other).toString('base64') };
    expect(verifyCheckpoint(forged, publicKey)).toBe(false);
  });

  it('throws on a key that cannot verify, rather than answering false', () => {
    expect(() => verifyCheckpoint(checkpoint, privateKey)).toThrow(SigningKeyError);
    expect(() => verifyCheckpoint(checkpoint, 'not a PEM')).toThrow(SigningKeyError);
  });
});
