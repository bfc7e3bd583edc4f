import { encodeUser, fmtCreds } from '@nats-io/jwt';
import { createUser, type KeyPair } from '@nats-io/nkeys';
import { claimsOf } from './jwt-claims';
import { nativeKey } from './native-key';
import type { BusPermissions } from '@iren/contracts';
import { userClaims } from './user-claims';

/** An account's authority to issue users: its public key and the key that signs for it. */
export interface AccountIssuer {
  account: string;
  /** The account's signing key, or the account key itself (the system account has no signing key). */
  key: KeyPair;
}

export interface IssueUserOptions {
  /** When the user's JWT stops being accepted. */
  expiresAt?: Date;
  tags?: string[];
  /** The user's key when the same user is issued again (a service's, kept in the material); a fresh one otherwise. */
  key?: KeyPair;
}

/** A new user: its credentials file (JWT and seed: a secret) and the public key that names it in revocations. */
export interface IssuedUser {
  creds: string;
  publicKey: string;
  jwt: string;
  /** The JWT's `iat`, in Unix seconds: a revocation at or after it refuses this user. */
  issuedAt: number;
}

/** Makes a user of `issuer`'s account with exactly `permissions`, under a fresh key unless it is given one. */
export async function issueUser(
  issuer: AccountIssuer,
  name: string,
  permissions: BusPermissions,
  options: IssueUserOptions = {},
): Promise<IssuedUser> {
  const user = options.key ?? nativeKey(createUser());
  const claims = { ...userClaims(permissions), ...(options.tags && { tags: options.tags }) };
  const signedBySigningKey = issuer.key.getPublicKey() !== issuer.account;
  const jwt = await encodeUser(name, user, signedBySigningKey ? issuer.account : issuer.key, claims, {
    ...(signedBySigningKey && { signer: issuer.key }),
    ...(options.expiresAt && { exp: Math.floor(options.expiresAt.getTime() / 1000) }),
  });
  const creds = new TextDecoder().decode(fmtCreds(jwt, user));
  return { creds, publicKey: user.getPublicKey(), jwt, issuedAt: claimsOf(jwt).iat };
}
