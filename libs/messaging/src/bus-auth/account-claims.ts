import type { Account, OperatorLimits } from '@nats-io/jwt';

/**
 * Every account limit, each set explicitly: `@nats-io/jwt` leaves a limit it is not given at 0,
 * and the server reads 0 as "none allowed" (an account without `conn` refuses every connection
 * with "maximum account active connections exceeded"). -1 is unlimited.
 */
const UNLIMITED_CORE: OperatorLimits = {
  subs: -1,
  data: -1,
  payload: -1,
  imports: -1,
  exports: -1,
  wildcards: true,
  conn: -1,
  leaf: -1,
};

/** JetStream on, without limits: storage is bounded by the streams' own limits (libs/messaging/src/streams.ts). */
const UNLIMITED_JETSTREAM: OperatorLimits = {
  mem_storage: -1,
  disk_storage: -1,
  streams: -1,
  consumer: -1,
};

/** The IREN account: the services' and nodes' users, JetStream enabled, users issued by its signing key. */
export function exchangeAccountClaims(signingKey: string): Partial<Account> {
  return {
    description: 'IREN Exchange: the services and the nodes that integrate machine-to-machine',
    limits: { ...UNLIMITED_CORE, ...UNLIMITED_JETSTREAM },
    signing_keys: [signingKey],
  };
}

/** The system account: the servers' own traffic and claim updates. No JetStream (its storage limits stay 0). */
export function systemAccountClaims(): Partial<Account> {
  return { description: 'NATS system account', limits: { ...UNLIMITED_CORE } };
}
