import { credsAuthenticator, type ConnectionOptions } from '@nats-io/transport-node';
import { join } from 'node:path';
import { ExchangeNames, type ServiceName, serviceIdentity } from '@iren/contracts';
import { ConfigError } from '@iren/platform';
import { readFromCredsDir } from './creds-reader';
import { CREDS_FILES } from './material-layout';
import { parseNatsUrl } from './nats-url';

/** Who a service is on the bus and how it proves it: the same for each of its connections. */
export interface BusLogin {
  /** `NATS_URL`; a user and password in it are used to log in. */
  url: string;
  service: ServiceName;
  namespace: string;
  /** `NATS_CREDS_DIR`: the service presents `<credsDir>/<service>.creds`. */
  credsDir?: string;
}

/**
 * The connection options every connection of a service uses (its main connection, its RPC
 * server, its RPC client): its servers, its credentials, and its own reply prefix — the only
 * `_INBOX` subjects its user may subscribe to.
 */
export function busConnectionOptions(login: BusLogin): ConnectionOptions {
  const { servers, user, pass } = parseNatsUrl(login.url);
  const names = new ExchangeNames(login.namespace);
  return {
    servers,
    ...(user !== undefined && { user, pass }),
    ...(login.credsDir !== undefined && { authenticator: credsAuthenticator(readServiceCreds(login)) }),
    inboxPrefix: names.replyPrefix(serviceIdentity(login.service)),
  };
}

const CREDS_BLOCKS = /-----BEGIN NATS USER JWT-----[\s\S]+-----BEGIN USER NKEY SEED-----/;

/** The service's credentials file, read at start: a missing or broken one stops the app, naming it. */
function readServiceCreds(login: BusLogin): Uint8Array {
  const name = CREDS_FILES.service(login.service);
  const text = readFromCredsDir(login.credsDir!, name);
  if (!CREDS_BLOCKS.test(text)) {
    throw new ConfigError('NATS_CREDS_DIR', `${join(login.credsDir!, name)} is not a NATS credentials file`);
  }
  return new TextEncoder().encode(text);
}
