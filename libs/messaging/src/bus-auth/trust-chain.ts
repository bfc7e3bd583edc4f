import { type Account, encodeAccount, encodeOperator } from '@nats-io/jwt';
import type { KeyPair } from '@nats-io/nkeys';
import { existsSync, readFileSync } from 'node:fs';
import { exchangeAccountClaims, systemAccountClaims } from './account-claims';
import { claimsOf } from './jwt-claims';
import { KEY_KINDS, loadOrCreateKey, readKey, writeFileAtomically } from './key-files';
import { mergeRevocations, type Revocations } from './account-authority';
import type { MaterialLayout } from './material-layout';
import type { AccountIssuer } from './user-creds';

/** The operator and its two accounts, with the keys that sign for them. */
export interface TrustChain {
  operatorJwt: string;
  /** Signs account JWTs (listed in the operator JWT); the operator's identity key stays in the material dir. */
  operatorSigningKey: KeyPair;
  systemAccount: AccountIssuer;
  systemAccountJwt: string;
  /** The IREN account, issuing through its signing key. */
  account: AccountIssuer;
  accountJwt: string;
  /** `accountJwt` with the revocations of the service users' superseded JWTs, once there are any: the registry's base. */
  registryAccountJwt: string;
}

/** The JWTs of service users issued anew that the servers must refuse from now on, by account. */
export interface SupersededUsers {
  account: Revocations;
  systemAccount: Revocations;
}

export const OPERATOR_NAME = 'IREN';
export const ACCOUNT_NAME = 'IREN';
export const SYSTEM_ACCOUNT_NAME = 'SYS';

/**
 * Loads the operator, the system account and the IREN account from `layout`, making whatever is
 * missing. Keys are made once. The account JWTs too: the servers preload them at start, and a
 * full resolver replaces what it holds by a preloaded JWT issued later — so a JWT issued anew
 * here would undo the revocations the registry has pushed since (checked on nats-server 2.9.10).
 * Only revokeSuperseded issues the system account's again, which nobody pushes.
 */
export function ensureTrustChain(layout: MaterialLayout): Promise<TrustChain> {
  return trustChain(layout, true);
}

/** The same, from material that must exist already: reading a material directory never adds keys to it. */
export function loadTrustChain(layout: MaterialLayout): Promise<TrustChain> {
  return trustChain(layout, false);
}

async function trustChain(layout: MaterialLayout, create: boolean): Promise<TrustChain> {
  const key = (file: string, kind: () => KeyPair) => (create ? loadOrCreateKey(file, kind) : readKey(existing(file)));
  const jwt = (file: string, issue: () => Promise<string>) => (create ? kept(file, issue) : readJwt(existing(file)));
  const operator = key(layout.operatorKey, KEY_KINDS.operator);
  const operatorSigningKey = key(layout.operatorSigningKey, KEY_KINDS.operator);
  const systemKey = key(layout.systemAccountKey, KEY_KINDS.account);
  const accountKey = key(layout.accountKey, KEY_KINDS.account);
  const accountSigningKey = key(layout.accountSigningKey, KEY_KINDS.account);
  const system = systemKey.getPublicKey();
  const account = accountKey.getPublicKey();

  const operatorJwt = await jwt(layout.operatorJwt, () =>
    encodeOperator(OPERATOR_NAME, operator, {
      signing_keys: [operatorSigningKey.getPublicKey()],
      system_account: system,
    }),
  );
  const systemAccountJwt = await jwt(layout.systemAccountJwt, () =>
    encodeAccount(SYSTEM_ACCOUNT_NAME, system, systemAccountClaims(), { signer: operatorSigningKey }),
  );
  const accountJwt = await jwt(layout.accountJwt, () =>
    encodeAccount(ACCOUNT_NAME, account, exchangeAccountClaims(accountSigningKey.getPublicKey()), {
      signer: operatorSigningKey,
    }),
  );
  checkIssuedFor(operatorJwt, operator.getPublicKey(), layout.operatorJwt);
  checkIssuedFor(systemAccountJwt, system, layout.systemAccountJwt);
  checkIssuedFor(accountJwt, account, layout.accountJwt);
  const registryAccountJwt = existsSync(layout.registryAccountJwt)
    ? await readJwt(layout.registryAccountJwt)
    : accountJwt;
  checkIssuedFor(registryAccountJwt, account, layout.registryAccountJwt);
  return {
    operatorJwt,
    operatorSigningKey,
    systemAccount: { account: system, key: systemKey },
    systemAccountJwt,
    account: { account, key: accountSigningKey },
    accountJwt,
    registryAccountJwt,
  };
}

/** The revocations an account JWT carries. */
export function revocationsIn(accountJwt: string): Revocations {
  return { ...claimsOf<Account>(accountJwt).nats.revocations };
}

/**
 * Records in the material that the servers must refuse the superseded JWTs of service users, and
 * answers the chain that says so. The IREN account's are added to the registry's base and reach the
 * servers with its next push (at its start, then every minute): IREN.jwt, the servers' starting
 * point, is not issued again, since a server would take it over the revocations the registry has
 * pushed (see ensureTrustChain). Nobody pushes the system account, so its JWT is issued again and
 * the servers take it from auth.conf when they start.
 */
export async function revokeSuperseded(
  layout: MaterialLayout,
  chain: TrustChain,
  superseded: SupersededUsers,
): Promise<TrustChain> {
  const revised = { ...chain };
  if (Object.keys(superseded.account).length > 0) {
    revised.registryAccountJwt = await withRevocations(chain.registryAccountJwt, superseded.account, chain);
    writeFileAtomically(layout.registryAccountJwt, revised.registryAccountJwt + '\n');
  }
  if (Object.keys(superseded.systemAccount).length > 0) {
    revised.systemAccountJwt = await withRevocations(chain.systemAccountJwt, superseded.systemAccount, chain);
    writeFileAtomically(layout.systemAccountJwt, revised.systemAccountJwt + '\n');
  }
  return revised;
}

/** `accountJwt` re-signed with `added` among its revocations, every other claim as it was. */
async function withRevocations(accountJwt: string, added: Revocations, chain: TrustChain): Promise<string> {
  const { name, sub, nats } = claimsOf<Account>(accountJwt);
  const { type: _type, version: _version, ...claims } = nats;
  return encodeAccount(
    name,
    sub,
    { ...claims, revocations: mergeRevocations(claims.revocations ?? {}, added) },
    { signer: chain.operatorSigningKey },
  );
}

/** The JWT in `file`, or a new one saved there. */
async function kept(file: string, issue: () => Promise<string>): Promise<string> {
  if (existsSync(file)) return readJwt(file);
  const jwt = await issue();
  writeFileAtomically(file, jwt + '\n');
  return jwt;
}

async function readJwt(file: string): Promise<string> {
  return readFileSync(file, 'utf8').trim();
}

function existing(file: string): string {
  if (!existsSync(file)) throw new Error(`${file} is missing: make the material with \`npm run nats:secure\` first`);
  return file;
}

/**
 * A JWT left from other keys (a half-copied directory) would make a server that trusts nothing: say
 * so. Its subject is read without checking its signature: the servers check that, this only compares.
 */
function checkIssuedFor(jwt: string, subject: string, file: string): void {
  if (claimsOf(jwt).sub !== subject) throw new Error(`${file} was not issued for ${subject} (keys/): remove it`);
}
