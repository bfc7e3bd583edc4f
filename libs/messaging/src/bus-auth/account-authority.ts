import { type Account, decode, encodeAccount } from '@nats-io/jwt';
import type { KeyPair } from '@nats-io/nkeys';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import type { BusPermissions } from '@iren/contracts';
import { readFromCredsDir } from './creds-reader';
import { CREDS_FILES } from './material-layout';
import { nativeKeyFromSeed } from './native-key';
import { parseNatsUrl } from './nats-url';
import { CLAIMS_UPDATE_SUBJECT, REGISTRY_SYSTEM_REPLY_PREFIX } from './user-claims';
import { issueUser, type IssuedUser, type IssueUserOptions } from './user-creds';

/** Unix seconds by user public key: a user whose JWT was issued at or before its time is refused. */
export type Revocations = Record<string, number>;

/** Both lists in one; a user in both is refused up to the later time. */
export function mergeRevocations(a: Revocations, b: Revocations): Revocations {
  const merged = { ...a };
  for (const [user, at] of Object.entries(b)) merged[user] = Math.max(merged[user] ?? at, at);
  return merged;
}

/** The resolver's answer to a claims update. */
interface ClaimsUpdateReply {
  data?: { code?: number; message?: string };
  error?: { code?: number; description?: string };
}

/**
 * The registry's authority over the IREN account, loaded from its creds directory: it issues users
 * (a node's own system) and revokes them by re-signing the account with a revocation list and
 * pushing it to the servers, which then close the revoked users' connections and refuse new ones.
 */
export class NatsAccountAuthority {
  private constructor(
    private readonly accountName: string,
    private readonly claims: Partial<Account>,
    readonly accountPublicKey: string,
    private readonly accountSigningKey: KeyPair,
    private readonly operatorSigningKey: KeyPair,
    private readonly systemCreds: Uint8Array,
    private readonly natsUrl: string,
  ) {}

  /** Reads `iren-account.jwt`, the two signing keys and `registry-system.creds` from `credsDir`. */
  static load(credsDir: string, natsUrl: string): NatsAccountAuthority {
    const read = (name: string) => readFromCredsDir(credsDir, name);
    const base = decode<Account>(read(CREDS_FILES.accountJwt).trim());
    const { type: _type, version: _version, ...claims } = base.nats;
    return new NatsAccountAuthority(
      base.name,
      claims,
      base.sub,
      nativeKeyFromSeed(read(CREDS_FILES.accountSigningKey)),
      nativeKeyFromSeed(read(CREDS_FILES.operatorSigningKey)),
      new TextEncoder().encode(read(CREDS_FILES.registrySystem)),
      natsUrl,
    );
  }

  /** A new user of the account with exactly `permissions`: its creds file (shown once) and public key. */
  issueUser(name: string, permissions: BusPermissions, options?: IssueUserOptions): Promise<IssuedUser> {
    return issueUser({ account: this.accountPublicKey, key: this.accountSigningKey }, name, permissions, options);
  }

  /**
   * The account JWT with `revocations` and every other claim of `iren-account.jwt` (limits,
   * JetStream, signing key, and the revocations of service users' superseded JWTs, which the
   * material owns), signed by the operator's signing key. `revocations` replace the previous ones
   * pushed: pass every revocation still in force. Issued "now", so it supersedes what the servers
   * hold (a full resolver takes a JWT issued in the same second as the one it holds: checked on 2.9.10).
   */
  accountJwt(revocations: Revocations): Promise<string> {
    return encodeAccount(
      this.accountName,
      this.accountPublicKey,
      { ...this.claims, revocations: mergeRevocations(this.claims.revocations ?? {}, revocations) },
      { signer: this.operatorSigningKey },
    );
  }

  /** Pushes an account JWT to the servers' resolvers as the registry's system user; rejects unless applied. */
  async pushAccountJwt(jwt: string, timeoutMs = 5000): Promise<void> {
    const nc = await connect({
      servers: parseNatsUrl(this.natsUrl).servers,
      authenticator: credsAuthenticator(this.systemCreds),
      inboxPrefix: REGISTRY_SYSTEM_REPLY_PREFIX,
      name: 'iren-registry-claims',
      timeout: timeoutMs,
    });
    try {
      const reply = (await nc.request(CLAIMS_UPDATE_SUBJECT, jwt, { timeout: timeoutMs })).json<ClaimsUpdateReply>();
      if (reply.data?.message !== 'jwt updated') {
        throw new Error(`account JWT not applied: ${reply.error?.description ?? JSON.stringify(reply)}`);
      }
    } finally {
      await nc.close();
    }
  }
}
