import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT_VARIABLES } from '@iren/platform';
import { SITE_APPS, siteJetStreamDomain } from '@iren/contracts';
import { CREDS_FILES, SITE_FILES } from '@iren/messaging';
import { siteStreamsOptions } from '../scripts/site-streams';
import {
  bindMounts,
  compose,
  composedEnv,
  environmentOf,
  hostsOf,
  hubServersIn,
  instancesAt,
  LOAD_CONFIG,
  MATERIAL,
  natsBlock,
  natsConfigOf,
  natsIncludes,
  natsObjects,
  natsServersIn,
  natsSetting,
  root,
  SAMPLE_SECRETS,
  setUpStepsIn,
  siteServersIn,
  sitesIn,
  words,
} from './support/compose-file';

/** docker-compose.yml's national sites (profile cluster), checked against the code as test/docker-compose.spec.ts checks the rest. */
const services = compose.services;

describe.each(sitesIn('cluster'))('profile cluster, national site %s', (site) => {
  const hubServers = hubServersIn('cluster');
  const siteInstances = instancesAt('cluster', site);
  const [server] = siteServersIn('cluster', site);
  const siteEnv = (name: string) => composedEnv(services[name], SAMPLE_SECRETS);
  const [database] = new Set(siteInstances.map(([name]) => new URL(siteEnv(name).DATABASE_URL).hostname));
  const setUp = setUpStepsIn('cluster').filter(([name, script]) => {
    const command = words(services[name].command);
    return script === 'site-streams' && command[command.indexOf('--site') + 1] === site;
  });
  const remotes = () =>
    natsObjects(natsBlock(natsBlock(natsConfigOf(services[server]).text, 'leafnodes') ?? '', 'remotes') ?? '');

  it('runs the apps a site runs (a gateway and a router), one each, on one server and one database of its own', () => {
    expect(siteInstances.map(([, app]) => app).sort()).toEqual([...SITE_APPS].sort());
    expect(siteServersIn('cluster', site)).toEqual([server]);
    expect(natsServersIn('cluster')).toContain(server);
    expect(hubServers).not.toContain(server);
    expect(new Set(siteInstances.map(([name]) => new URL(siteEnv(name).DATABASE_URL).hostname)).size).toBe(1);
    const [[hubApp]] = instancesAt('cluster', undefined);
    expect(database).not.toBe(new URL(siteEnv(hubApp).DATABASE_URL).hostname);
    expect(setUp).toHaveLength(1);
  });

  it.each(siteInstances)('%s (%s) serves the site’s nodes, on the site’s server and database only', (name, app) => {
    const config = LOAD_CONFIG[app](siteEnv(name));
    expect(config.placement).toEqual({ at: 'site', country: site });
    expect(hostsOf(config.natsUrl)).toEqual([server]);
    expect(new URL(config.databaseUrl).hostname).toBe(database);
    // Nothing of the hub's: a site is meant to work while its link to the hub is down. After its streams.
    expect(services[name].depends_on).toEqual({
      [server]: { condition: 'service_healthy' },
      [database]: { condition: 'service_healthy' },
      [setUp[0][0]]: { condition: 'service_completed_successfully' },
    });
  });

  it('runs its own server: JetStream in the site’s domain on its own volume, a leaf node of every hub server', () => {
    const { source, text } = natsConfigOf(services[server]);
    expect(source).toBe(`./deploy/nats/compose-site-${site.toLowerCase()}.conf`);
    expect(environmentOf(services[server]).IREN_SERVER_NAME).toBe(server);
    const volume = bindMounts(services[server]).find((m) => m.source === `${server}-data`);
    expect(Object.keys(compose.volumes ?? {})).toContain(`${server}-data`);
    const jetstream = natsBlock(text, 'jetstream') ?? '';
    expect(natsSetting(jetstream, 'domain')).toBe(siteJetStreamDomain(site));
    expect(natsSetting(jetstream, 'store_dir')?.startsWith(`${volume?.target}/`)).toBe(true);
    const resolver = natsBlock(text, 'resolver') ?? '';
    expect(natsSetting(resolver, 'type')).toBe('cache');
    expect(natsSetting(resolver, 'dir')?.startsWith(`${volume?.target}/`)).toBe(true);
    const hubLeafnodes = natsBlock(natsConfigOf(services[hubServers[0]]).text, 'leafnodes') ?? '';
    const hubLeafPort = natsSetting(hubLeafnodes, 'listen')?.split(':')[1];
    expect(remotes().map((remote) => natsSetting(remote, 'account'))).toEqual(['$IREN_ACCOUNT', '$SYS_ACCOUNT']);
    for (const remote of remotes()) {
      const urls = (natsBlock(remote, 'urls') ?? '').split(',').map((url) => url.trim());
      expect(urls).toEqual(hubServers.map((hub) => `nats-leaf://${hub}:${hubLeafPort}`));
      // The hub's leaf listener takes no TLS on the compose network: a TLS remote would never connect.
      expect(natsBlock(remote, 'tls')).toBeUndefined();
    }
    expect(words(services[server].healthcheck?.test).join(' ')).toContain('/healthz?js-enabled-only=true');
  });

  it('closes the site’s server with the site’s files from the material (sites/<cc>/), and nothing else', () => {
    const { dir, text } = natsConfigOf(services[server]);
    const includes = natsIncludes(text);
    expect(includes.sort()).toEqual([SITE_FILES.authConf, SITE_FILES.accountsConf].sort());
    const credentials = remotes().map((remote) => natsSetting(remote, 'credentials'));
    expect(credentials).toEqual([`${dir}/${SITE_FILES.leafCreds}`, `${dir}/${SITE_FILES.leafSystemCreds}`]);
    const fromMaterial = bindMounts(services[server]).filter((m) => m.source.startsWith(MATERIAL));
    const siteFiles = [...includes, SITE_FILES.leafCreds, SITE_FILES.leafSystemCreds];
    expect(fromMaterial.sort((a, b) => a.target.localeCompare(b.target))).toEqual(
      siteFiles
        .map((file) => ({
          source: `${MATERIAL}/sites/${site.toLowerCase()}/${file}`,
          target: `${dir}/${file}`,
          mode: 'ro',
        }))
        .sort((a, b) => a.target.localeCompare(b.target)),
    );
    expect(text).not.toMatch(/authorization|accounts\s*\{|no_auth_user/);
  });

  it('keeps the site’s database on a PostgreSQL server and named volume of its own', () => {
    const db = services[database];
    expect(db.image).toBe(services.postgres.image);
    expect(db.profiles).toEqual(['cluster']);
    expect(db.volumes).toContain(`${database}-data:/var/lib/postgresql/data`);
    expect(Object.keys(compose.volumes ?? {})).toContain(`${database}-data`);
    expect(words(db.healthcheck?.test)).toContain('pg_isready');
    const url = new URL(siteEnv(siteInstances[0][0]).DATABASE_URL);
    expect(environmentOf(db)).toMatchObject({ POSTGRES_USER: url.username, POSTGRES_DB: url.pathname.slice(1) });
  });

  it('lays out the site’s streams on its server before its apps start, once, as the operators’ user', () => {
    const [name] = setUp[0];
    const step = services[name];
    const command = words(step.command);
    expect(command.slice(0, 2)).toEqual(['node', 'dist/scripts/site-streams.js']);
    expect(existsSync(join(root, 'scripts', 'site-streams.ts'))).toBe(true);
    const env = composedEnv(step, SAMPLE_SECRETS);
    expect(Object.keys(env).filter((v) => !(v in ENVIRONMENT_VARIABLES))).toEqual([]);
    const { country, config } = siteStreamsOptions(command.slice(2), env);
    expect(country).toBe(site);
    expect(hostsOf(config.natsUrl)).toEqual([server]);
    expect(config.namespace).toBe(LOAD_CONFIG.gateway(siteEnv(siteInstances[0][0])).namespace);
    expect(config.streamReplicas).toBe(siteServersIn('cluster', site).length);
    expect(step.depends_on).toEqual({ [server]: { condition: 'service_healthy' } });
    expect(step.restart).toBe('no');
    expect(step.healthcheck).toBeUndefined();
    expect(step.image).toBe(services.gateway.image);
    expect(step.build).toEqual(services.gateway.build);
    const credsDir = env.NATS_CREDS_DIR;
    expect(bindMounts(step).filter((m) => m.target.startsWith(`${credsDir}/`))).toEqual([
      { source: `${MATERIAL}/creds/${CREDS_FILES.ops}`, target: `${credsDir}/${CREDS_FILES.ops}`, mode: 'ro' },
    ]);
  });
});
