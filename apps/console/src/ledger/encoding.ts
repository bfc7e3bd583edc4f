// Strict decoders for what the audit API answers. Each answers undefined rather than throwing, and
// refuses any spelling but the canonical one, so that one value has exactly one text.

const HEX_HASH = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of a hash written as 64 lowercase hex digits. */
export function hashFromHex(text: unknown): Uint8Array<ArrayBuffer> | undefined {
  if (typeof text !== 'string' || !HEX_HASH.test(text)) return undefined;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The bytes of canonical base64 (padded, no whitespace). */
export function fromBase64(text: unknown): Uint8Array<ArrayBuffer> | undefined {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // atob ignores the unused low bits of the last character: re-encoding finds a non-canonical text.
  return btoa(binary) === text ? bytes : undefined;
}

// An Ed25519 SubjectPublicKeyInfo is always these 12 bytes (SEQUENCE, AlgorithmIdentifier with
// OID 1.3.101.112, BIT STRING header) followed by the 32-byte key (RFC 8410 section 4).
const ED25519_SPKI_PREFIX = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

/** The raw 32 bytes of an Ed25519 public key in SPKI PEM, as `GET /audit/public-key` answers it. */
export function ed25519KeyFromPem(pem: unknown): Uint8Array<ArrayBuffer> | undefined {
  if (typeof pem !== 'string') return undefined;
  const match = /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END PUBLIC KEY-----\s*$/.exec(
    pem.trim(),
  );
  if (match === null) return undefined;
  const der = fromBase64(match[1].replace(/\r?\n/g, ''));
  if (der === undefined || der.length !== ED25519_SPKI_PREFIX.length + 32) return undefined;
  if (!ED25519_SPKI_PREFIX.every((byte, i) => der[i] === byte)) return undefined;
  return der.slice(ED25519_SPKI_PREFIX.length);
}
