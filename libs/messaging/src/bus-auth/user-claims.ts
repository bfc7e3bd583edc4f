import type { User } from '@nats-io/jwt';
import { type BusPermissions, serviceKeyPattern } from '@iren/contracts';

/**
 * A user's JWT claims from its permissions. `resp` is written only for a user that answers
 * requests: the server reads any `resp` claim, even `{max: 0}`, as "may answer" (and fills in its
 * defaults: one reply within two minutes), so leaving it out is the only way to say no.
 */
export function userClaims(permissions: BusPermissions): Partial<User> {
  return {
    pub: { ...only(permissions.publish), ...(permissions.publishDenied && { deny: [...permissions.publishDenied] }) },
    sub: only(permissions.subscribe),
    ...(permissions.allowResponses && { resp: { max: 1, ttl: 0 } }),
    subs: -1,
    data: -1,
    payload: -1,
  };
}

/** An empty allow list is no restriction at all to the server: "nothing" has to be said as deny-all. */
function only(subjects: string[]): { allow: string[] } | { deny: string[] } {
  return subjects.length > 0 ? { allow: [...subjects] } : { deny: ['>'] };
}

/**
 * Everything in the account but one thing: the operators' user (`ops.creds`), for the `nats` CLI
 * and test plumbing. It may not register a service's signing key: on the closed bus the registry
 * believes a key registered on a service's own subject because only that service may publish
 * there (any namespace's: `*.rpc.registry.services.*.key`), so whoever held `ops.creds` could
 * otherwise sign as any service.
 */
export const FULL_RIGHTS: BusPermissions = {
  publish: ['>'],
  publishDenied: [`*.rpc.${serviceKeyPattern('*')}`],
  subscribe: ['>'],
  allowResponses: true,
};

/** Where the registry's system user receives the resolver's answers. */
export const REGISTRY_SYSTEM_REPLY_PREFIX = '_INBOX.registry_system';

/** The subject on which an account JWT is pushed to the servers' resolvers (system account). */
export const CLAIMS_UPDATE_SUBJECT = '$SYS.REQ.CLAIMS.UPDATE';

/** The registry's system user: push account JWTs, read the answers, nothing else in the system account. */
export const REGISTRY_SYSTEM_PERMISSIONS: BusPermissions = {
  publish: [CLAIMS_UPDATE_SUBJECT],
  subscribe: [`${REGISTRY_SYSTEM_REPLY_PREFIX}.>`],
  allowResponses: false,
};

/**
 * A national site's leaf connection into the system account: it receives the account JWTs the
 * registry pushes, so that the site's server closes a revoked node's connection too (checked on
 * nats-server 2.9.10: the site's cache resolver applies them within milliseconds). It may send
 * nothing: it cannot push claims or query the servers.
 */
export const SITE_SYSTEM_PERMISSIONS: BusPermissions = {
  publish: [],
  subscribe: [CLAIMS_UPDATE_SUBJECT],
  allowResponses: false,
};
