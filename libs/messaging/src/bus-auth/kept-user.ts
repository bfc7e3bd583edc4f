import type { ClaimsData, User } from '@nats-io/jwt';
import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { BusPermissions } from '@iren/contracts';
import type { Revocations } from './account-authority';
import { claimsOf, credsParts } from './jwt-claims';
import { KEY_KINDS, loadOrCreateKey, writeSecret } from './key-files';
import { type AccountIssuer, issueUser, type IssueUserOptions } from './user-creds';

/** Where a kept user lives: its seed in the material's keys, its credentials in a creds directory. */
export interface KeptUserFiles {
  key: string;
  creds: string;
}

/**
 * Writes `files.creds` for the user `name` under the key kept in `files.key` (made on first use),
 * and leaves the file as it is when it already holds a JWT of that key with exactly these claims.
 * Otherwise the JWT is issued anew for the same key, and when the key had JWTs before, the answer is
 * the revocation that makes the servers refuse all of them, wherever copies of them went: the user's
 * key and the second before the new JWT's. `revoked` is what the account already revokes.
 */
export async function writeKeptUser(
  issuer: AccountIssuer,
  name: string,
  permissions: BusPermissions,
  options: Omit<IssueUserOptions, 'key'>,
  files: KeptUserFiles,
  revoked: Revocations,
): Promise<Revocations> {
  const held = heldUser(files.creds, name);
  // Material made before users were kept: the user of its creds file becomes the kept one.
  if (held && !existsSync(files.key)) writeSecret(files.key, held.seed + '\n');
  const hadKey = existsSync(files.key);
  const key = loadOrCreateKey(files.key, KEY_KINDS.user);
  const userKey = key.getPublicKey();
  const wanted = await issueUser(issuer, name, permissions, { ...options, key });
  const current = held?.claims.sub === userKey ? held.claims : undefined;
  if (current && current.iat > (revoked[userKey] ?? -1) && sameUser(current, claimsOf<User>(wanted.jwt))) return {};
  if (!hadKey) {
    writeSecret(files.creds, wanted.creds);
    return {};
  }
  // A revocation refuses JWTs issued up to its second: the new one must come from a later second than
  // any earlier one, which may be this very second when the creds file does not say.
  const lastIssued = Math.max(current?.iat ?? unixNow(), revoked[userKey] ?? 0);
  if (lastIssued > unixNow() + 5) {
    throw new Error(`${name} has a JWT issued at ${lastIssued}, later than this machine's clock: check the clock`);
  }
  let user = wanted;
  while (user.issuedAt <= lastIssued) {
    await nextSecond();
    user = await issueUser(issuer, name, permissions, { ...options, key });
  }
  writeSecret(files.creds, user.creds);
  return { [userKey]: user.issuedAt - 1 };
}

/** The user of a creds file, when the file is there, readable and names `name`. */
function heldUser(file: string, name: string): { seed: string; claims: ClaimsData<User> } | undefined {
  const parts = existsSync(file) ? credsParts(readFileSync(file, 'utf8')) : undefined;
  if (!parts) return undefined;
  try {
    const claims = claimsOf<User>(parts.jwt);
    return claims.name === name ? { seed: parts.seed, claims } : undefined;
  } catch {
    return undefined;
  }
}

/** Same name, issuer and claims: what the servers enforce, leaving out when and by whose hand (`iat`, `jti`). */
function sameUser(a: ClaimsData<User>, b: ClaimsData<User>): boolean {
  return a.name === b.name && a.iss === b.iss && a.exp === b.exp && isDeepStrictEqual(a.nats, b.nats);
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

function nextSecond(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 1));
}
