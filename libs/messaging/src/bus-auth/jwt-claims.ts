import type { ClaimsData } from '@nats-io/jwt';

/**
 * A JWT's claims, read without checking its signature (`decode` of `@nats-io/jwt` checks it in pure
 * JavaScript, slowly): for JWTs of the material, to compare them. The servers check signatures.
 */
export function claimsOf<T>(jwt: string): ClaimsData<T> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as ClaimsData<T>;
}

/** The JWT and the seed of a creds file's text (as `fmtCreds` writes them), or undefined if it holds neither. */
export function credsParts(creds: string): { jwt: string; seed: string } | undefined {
  const blocks = [...creds.matchAll(/-{3,}[^\n]*-{3,}\n(.+)\n\s*-{3,}[^\n]*-{3,}\n/g)].map((m) => m[1]!.trim());
  return blocks.length === 2 ? { jwt: blocks[0]!, seed: blocks[1]! } : undefined;
}
