/**
 * `npm run site:streams -- --site KZ`: lays out JetStream at a national site, on the site's own
 * nats-server (deploy/nats/leaf-kz.conf): EXCHANGE, INBOX, EVENTS and DLQ as at the hub,
 * `<ns>_FROM_HUB` sourcing the hub's `<ns>_SITE_<CC>`, and the read-only mirror of the registry
 * bucket (`ensureSiteStreams`). Creates what is missing and brings the rest up to date, so it is
 * run once at set-up and again after an upgrade. Reads from the environment, as the apps do:
 *
 *   NATS_URL               the site's server (not the hub's)
 *   NATS_CREDS_DIR         logs in as the operators' user, <dir>/ops.creds; unset: no authentication
 *   IREN_NAMESPACE, IREN_STREAM_REPLICAS, IREN_STREAM_MAX_BYTES   as for the hub's apps
 *
 * Prints the streams it made or updated. Exit codes: 0 done, 1 failed (the reason printed), 2 usage.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ExchangeNames, siteJetStreamDomain } from '@iren/contracts';
import { CREDS_FILES, ensureSiteStreams, parseNatsUrl } from '@iren/messaging';
import { type BaseConfig, ConfigError, loadBaseConfig } from '@iren/platform';

/** Where the CLI writes; a test passes its own. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const USAGE =
  'usage: site-streams --site <CC> (NATS_URL, NATS_CREDS_DIR, IREN_NAMESPACE, IREN_STREAM_* from the environment)';

class UsageError extends Error {}

export interface SiteStreamsOptions {
  country: string;
  config: BaseConfig;
}

/** The command line and the environment, checked; a `UsageError` or `ConfigError` names what is wrong. */
export function siteStreamsOptions(argv: string[], env: NodeJS.ProcessEnv): SiteStreamsOptions {
  let site: string | undefined;
  try {
    ({ site } = parseArgs({ args: argv, options: { site: { type: 'string' } } }).values);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (site === undefined) throw new UsageError('--site is required');
  const country = site.trim().toUpperCase();
  try {
    siteJetStreamDomain(country);
  } catch (error) {
    throw new UsageError(`--site: ${(error as Error).message}`);
  }
  const config = loadBaseConfig(env);
  if (config.placement.at === 'site' && config.placement.country !== country) {
    throw new UsageError(`--site ${country} but IREN_SITE is ${config.placement.country}: run it for one site`);
  }
  if (config.placement.at === 'hub' && config.placement.sites.length > 0) {
    throw new UsageError('IREN_SITES is set: that is the hub’s list; run this against a site’s server');
  }
  return { country, config };
}

/** The operators' credentials: laying out streams is beyond every service's user. */
function opsCreds(credsDir: string): Uint8Array {
  const file = join(credsDir, CREDS_FILES.ops);
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError('NATS_CREDS_DIR', `cannot read the operators' credentials ${file} (${reason})`);
  }
}

/** Connects once, without retrying: a set-up step that cannot reach its server says so and stops. */
function connectToSite(config: BaseConfig): Promise<NatsConnection> {
  const { servers, user, pass } = parseNatsUrl(config.natsUrl);
  const ops = config.natsCredsDir === undefined ? undefined : opsCreds(config.natsCredsDir);
  return connect({
    servers,
    ...(ops ? { authenticator: credsAuthenticator(ops) } : user !== undefined && { user, pass }),
    name: 'iren-site-streams',
    reconnect: false,
  });
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliOutput = { out: console.log, err: console.error },
): Promise<number> {
  let opts: SiteStreamsOptions;
  try {
    opts = siteStreamsOptions(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ConfigError)) throw error;
    io.err(`site-streams: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { country, config } = opts;
  let nc: NatsConnection;
  try {
    nc = await connectToSite(config);
  } catch (error) {
    const why =
      error instanceof ConfigError ? error.message : `cannot connect to ${config.natsUrl}: ${(error as Error).message}`;
    io.err(`site-streams: ${why}`);
    return 1;
  }
  try {
    const jsm = await jetstreamManager(nc);
    const { domain } = await jsm.getAccountInfo();
    const expected = siteJetStreamDomain(country);
    if (domain !== expected) {
      io.err(
        `site-streams: ${config.natsUrl} is in JetStream domain "${domain ?? ''}", not the site's "${expected}": is NATS_URL the site's server?`,
      );
      return 1;
    }
    const names = new ExchangeNames(config.namespace);
    const settings = { replicas: config.streamReplicas, maxBytes: config.streamMaxBytes };
    const streams = await ensureSiteStreams(jsm, names, country, settings);
    io.out(`site ${country} (JetStream domain ${domain}, ${config.natsUrl}): streams made or brought up to date`);
    for (const stream of streams) io.out(`  ${stream}`);
    return 0;
  } catch (error) {
    io.err(`site-streams: ${(error as Error).message}`);
    return 1;
  } finally {
    await nc.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`site-streams: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
