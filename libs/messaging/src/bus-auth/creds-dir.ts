import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { busPermissions, type ExchangeNames, SERVICES, serviceIdentity } from '@iren/contracts';
import { writeFileAtomically, writeSecret } from './key-files';
import { CREDS_FILES } from './material-layout';
import type { TrustChain } from './trust-chain';
import { FULL_RIGHTS, REGISTRY_SYSTEM_PERMISSIONS } from './user-claims';
import { issueUser } from './user-creds';

/**
 * Writes a creds directory (what `NATS_CREDS_DIR` points at) for one network: a user per service
 * with exactly the permissions the channel catalogue gives it in that namespace, the operators'
 * user, and what the registry needs to issue and revoke node users. Users are issued anew on
 * every call, so a change in the catalogue reaches the services at their next start.
 */
export async function writeCredsDir(chain: TrustChain, names: ExchangeNames, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const service of SERVICES) {
    const permissions = busPermissions(names, serviceIdentity(service));
    const user = await issueUser(chain.account, `${names.namespace}-${service}`, permissions, {
      tags: [`namespace:${names.namespace}`, `service:${service}`],
    });
    writeSecret(join(dir, CREDS_FILES.service(service)), user.creds);
  }
  const ops = await issueUser(chain.account, 'ops', FULL_RIGHTS, { tags: ['ops'] });
  writeSecret(join(dir, CREDS_FILES.ops), ops.creds);
  const registrySystem = await issueUser(chain.systemAccount, 'registry-system', REGISTRY_SYSTEM_PERMISSIONS);
  writeSecret(join(dir, CREDS_FILES.registrySystem), registrySystem.creds);
  writeFileAtomically(join(dir, CREDS_FILES.accountJwt), chain.accountJwt + '\n');
  writeSecret(join(dir, CREDS_FILES.accountSigningKey), seedOf(chain.account.key));
  writeSecret(join(dir, CREDS_FILES.operatorSigningKey), seedOf(chain.operatorSigningKey));
}

function seedOf(key: { getSeed(): Uint8Array }): string {
  return new TextDecoder().decode(key.getSeed()) + '\n';
}
