import { fromSeed, type KeyPair } from '@nats-io/nkeys';
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** DER header of a PKCS#8 Ed25519 private key, followed by the 32-byte seed. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * An nkey that signs with Node's Ed25519 (OpenSSL) and derives its public key once. The nkeys
 * library signs with a pure-JavaScript Ed25519 and derives the public key again on every call —
 * tens of milliseconds a JWT, ten times that inside jest; issuing a creds directory took seconds.
 * The signatures are the same bytes (Ed25519 is deterministic).
 */
export function nativeKey(key: KeyPair): KeyPair {
  const seed = new TextDecoder().decode(key.getSeed());
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, rawSeed(seed)]),
    format: 'der',
    type: 'pkcs8',
  });
  return new NativeKey(key, key.getPublicKey(), privateKey);
}

/** Parses a seed (`SU...`, `SA...`, `SO...`) into a native key. */
export function nativeKeyFromSeed(seed: string): KeyPair {
  return nativeKey(fromSeed(new TextEncoder().encode(seed.trim())));
}

class NativeKey implements KeyPair {
  constructor(
    private readonly inner: KeyPair,
    private readonly publicKey: string,
    private readonly privateKey: KeyObject,
  ) {}

  getPublicKey(): string {
    return this.publicKey;
  }

  sign(input: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, input, this.privateKey));
  }

  getPrivateKey(): Uint8Array {
    return this.inner.getPrivateKey();
  }

  getSeed(): Uint8Array {
    return this.inner.getSeed();
  }

  verify(input: Uint8Array, sig: Uint8Array): boolean {
    return this.inner.verify(input, sig);
  }

  clear(): void {
    this.inner.clear();
  }

  seal(input: Uint8Array, recipient: string, nonce?: Uint8Array): Uint8Array {
    return this.inner.seal(input, recipient, nonce);
  }

  open(message: Uint8Array, sender: string): Uint8Array | null {
    return this.inner.open(message, sender);
  }
}

/** The 32 bytes of an encoded seed: base32 of two prefix bytes, the seed and a CRC-16. */
function rawSeed(seed: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of seed) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) throw new Error('not an nkey seed');
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (bytes.length !== 36) throw new Error('not an nkey seed');
  return Buffer.from(bytes.slice(2, 34));
}
