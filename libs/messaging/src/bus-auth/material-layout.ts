import { join } from 'node:path';
import type { ServiceName } from '@iren/contracts';

/**
 * Where each piece of the bus's authentication material lives under a material directory. The
 * keys are made once and kept, the service users' too; everything else is derived from them, the
 * channel catalogue and the revocations of the service users' superseded JWTs.
 */
export function materialLayout(dir: string) {
  const keys = join(dir, 'keys');
  return {
    dir,
    /** Seeds (private keys), mode 0600: never copied anywhere but the creds directories that need them. */
    keys,
    operatorKey: join(keys, 'operator.nk'),
    operatorSigningKey: join(keys, 'operator-signing.nk'),
    systemAccountKey: join(keys, 'sys-account.nk'),
    accountKey: join(keys, 'iren-account.nk'),
    accountSigningKey: join(keys, 'iren-account-signing.nk'),
    /**
     * One seed per service user (`iren-gateway.nk`, `ops.nk`, `registry-system.nk`): a user keeps its
     * key, so that a JWT issued for it again can supersede the earlier ones by revocation.
     */
    userKeys: join(keys, 'users'),
    operatorJwt: join(dir, 'operator.jwt'),
    systemAccountJwt: join(dir, 'accounts', 'SYS.jwt'),
    accountJwt: join(dir, 'accounts', 'IREN.jwt'),
    /**
     * The IREN account re-signed with the revocations of service users' superseded JWTs: what the
     * registry's pushes start from. Absent until a service user is first issued anew. The servers'
     * starting point stays IREN.jwt (see ensureTrustChain).
     */
    registryAccountJwt: join(dir, 'accounts', 'IREN.registry.jwt'),
    /** Operator, system account and the accounts' JWTs, without paths: other configurations include it. */
    authConf: join(dir, 'auth.conf'),
    /** The accounts' public keys as configuration variables (`$IREN_ACCOUNT`, `$SYS_ACCOUNT`), for leaf remotes. */
    accountsConf: join(dir, 'accounts.conf'),
    /** A server on this machine: listen address, JetStream store, full resolver. */
    natsConf: join(dir, 'nats.conf'),
    resolver: join(dir, 'resolver'),
    jetstream: join(dir, 'jetstream'),
    /** What `NATS_CREDS_DIR` points at, for the namespace the material was made for. */
    creds: join(dir, 'creds'),
    /** One directory per national site (`sites/kz/`), with its leaf connection's credentials. */
    sites: join(dir, 'sites'),
    /** Shell variables for scripts (NATS_URL, NATS_CREDS_DIR, IREN_NATS_DIR). */
    env: join(dir, 'nats.env'),
    /**
     * Server `index` (1, 2, 3) of a hub cluster on this machine (`--cluster`): its configuration
     * `hub-<index>.conf`, and its own JetStream store and resolver under `hub-<index>/`.
     */
    hubServer: (index: number) => ({
      name: `hub-${index}`,
      conf: join(dir, `hub-${index}.conf`),
      jetstream: join(dir, `hub-${index}`, 'jetstream'),
      resolver: join(dir, `hub-${index}`, 'resolver'),
    }),
  };
}

export type MaterialLayout = ReturnType<typeof materialLayout>;

/** The files of a creds directory (`NATS_CREDS_DIR`). */
export const CREDS_FILES = {
  /** Each service's user: the app reads `<NATS_CREDS_DIR>/<service>.creds`. */
  service: (service: ServiceName) => `${service}.creds`,
  /** Full rights in the IREN account, for the `nats` CLI and test plumbing: keep it off the service hosts. */
  ops: 'ops.creds',
  // What the registry needs to issue and revoke node users (NatsAccountAuthority):
  /**
   * The IREN account's claims as the registry pushes them before adding its own revocations: as
   * first issued, with the revocations of the service users' superseded JWTs (its public key is the `sub`).
   */
  accountJwt: 'iren-account.jwt',
  accountSigningKey: 'iren-account-signing.nk',
  operatorSigningKey: 'operator-signing.nk',
  /** A system-account user that may only push account JWTs (`$SYS.REQ.CLAIMS.UPDATE`). */
  registrySystem: 'registry-system.creds',
} as const;

/** The files only the registry needs; the other services' hosts get their own `.creds` file alone. */
export const REGISTRY_AUTHORITY_FILES = [
  CREDS_FILES.accountJwt,
  CREDS_FILES.accountSigningKey,
  CREDS_FILES.operatorSigningKey,
  CREDS_FILES.registrySystem,
] as const;
