import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BusPermissions, busPermissions, type ExchangeNames, SERVICES, serviceIdentity } from '@iren/contracts';
import { writeKeptUser } from './kept-user';
import { writeFileAtomically, writeSecret } from './key-files';
import { CREDS_FILES, type MaterialLayout } from './material-layout';
import { revocationsIn, revokeSuperseded, type SupersededUsers, type TrustChain } from './trust-chain';
import { FULL_RIGHTS, REGISTRY_SYSTEM_PERMISSIONS } from './user-claims';
import { type AccountIssuer, issueUser, type IssueUserOptions } from './user-creds';

/** A user the creds directory holds. */
interface DirUser {
  file: string;
  /** The account it belongs to. */
  of: keyof SupersededUsers;
  name: string;
  permissions: BusPermissions;
  options: IssueUserOptions;
}

/**
 * Writes a creds directory (what `NATS_CREDS_DIR` points at) for one network: a user per service
 * with exactly the permissions the channel catalogue gives it in that namespace, the operators'
 * user, and what the registry needs to issue and revoke node users. With `material`, each user
 * keeps its key there: its creds file stays as it is while its claims are unchanged, and a change
 * in the catalogue issues it anew and revokes its earlier JWTs (answered in the chain, for the
 * server configuration). Without, every user is new: a test run's throwaway users. `sites`: the
 * hub's national sites, whose streams the registry lays out.
 */
export async function writeCredsDir(
  chain: TrustChain,
  names: ExchangeNames,
  dir: string,
  material?: MaterialLayout,
  sites: readonly string[] = [],
): Promise<TrustChain> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const superseded: SupersededUsers = { account: {}, systemAccount: {} };
  const revoked = {
    account: revocationsIn(chain.registryAccountJwt),
    systemAccount: revocationsIn(chain.systemAccountJwt),
  };
  for (const user of usersOf(names, sites)) {
    const issuer: AccountIssuer = chain[user.of];
    const creds = join(dir, user.file);
    if (!material) {
      writeSecret(creds, (await issueUser(issuer, user.name, user.permissions, user.options)).creds);
      continue;
    }
    const files = { key: join(material.userKeys, `${user.name}.nk`), creds };
    const added = await writeKeptUser(issuer, user.name, user.permissions, user.options, files, revoked[user.of]);
    Object.assign(superseded[user.of], added);
  }
  const revised = material ? await revokeSuperseded(material, chain, superseded) : chain;
  writeFileAtomically(join(dir, CREDS_FILES.accountJwt), revised.registryAccountJwt + '\n');
  writeSecret(join(dir, CREDS_FILES.accountSigningKey), seedOf(chain.account.key));
  writeSecret(join(dir, CREDS_FILES.operatorSigningKey), seedOf(chain.operatorSigningKey));
  return revised;
}

function usersOf(names: ExchangeNames, sites: readonly string[]): DirUser[] {
  return [
    ...SERVICES.map((service): DirUser => ({
      file: CREDS_FILES.service(service),
      of: 'account',
      name: `${names.namespace}-${service}`,
      permissions: busPermissions(names, serviceIdentity(service), { sites }),
      options: { tags: [`namespace:${names.namespace}`, `service:${service}`] },
    })),
    { file: CREDS_FILES.ops, of: 'account', name: 'ops', permissions: FULL_RIGHTS, options: { tags: ['ops'] } },
    {
      file: CREDS_FILES.registrySystem,
      of: 'systemAccount',
      name: 'registry-system',
      permissions: REGISTRY_SYSTEM_PERMISSIONS,
      options: {},
    },
  ];
}

function seedOf(key: { getSeed(): Uint8Array }): string {
  return new TextDecoder().decode(key.getSeed()) + '\n';
}
