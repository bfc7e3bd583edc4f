import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SITE_APPS } from '@iren/contracts';
import { CREDS_FILES, hubServerConf, REGISTRY_AUTHORITY_FILES } from '@iren/messaging';
import { ENVIRONMENT_VARIABLES, loadGatewayConfig, loadRegistryConfig, type EnvironmentVariable } from '@iren/platform';
import {
  type App,
  appInstancesIn,
  APPS,
  bindMounts,
  compose,
  composedEnv,
  type ComposeService,
  containerPort,
  environmentOf,
  hubServersIn,
  instancesAt,
  LOAD_CONFIG,
  MATERIAL,
  natsBlock,
  natsConfigOf,
  natsConfText,
  natsIncludes,
  natsSetting,
  type Profile,
  PROFILES,
  root,
  SAMPLE_SECRETS,
  servicesIn,
  setUpStepsIn,
  sitesIn,
  words,
} from './support/compose-file';

/** A service mounts its app's own credentials file read-only, the registry's authority files too, and nothing else. */
function expectOwnCredentials(service: ComposeService, app: App): void {
  const credsDir = environmentOf(service).NATS_CREDS_DIR;
  expect(credsDir).toMatch(/^\//);
  const mounts = bindMounts(service);
  expect(mounts).toContainEqual({
    source: `${MATERIAL}/creds/${CREDS_FILES.service(app)}`,
    target: `${credsDir}/${CREDS_FILES.service(app)}`,
    mode: 'ro',
  });
  const files = mounts
    .filter((m) => m.target.startsWith(`${credsDir}/`))
    .map((m) => m.target.slice(credsDir.length + 1));
  const allowed = [CREDS_FILES.service(app), ...(app === 'registry' ? REGISTRY_AUTHORITY_FILES : [])];
  expect(files.sort()).toEqual([...allowed].sort());
  for (const mount of mounts.filter((m) => m.target.startsWith(`${credsDir}/`))) {
    expect(mount).toMatchObject({ source: `${MATERIAL}/creds/${mount.target.slice(credsDir.length + 1)}`, mode: 'ro' });
  }
  expect(files).not.toContain(CREDS_FILES.ops);
}

function dockerCompose(): { available: true } | { available: false; reason: string } {
  const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8', timeout: 15_000 });
  if (probe.error) return { available: false, reason: `docker CLI not runnable (${probe.error.message})` };
  if (probe.status !== 0) return { available: false, reason: 'the docker CLI has no compose plugin' };
  return { available: true };
}

describe('docker-compose.yml', () => {
  const services = compose.services;

  it('defines nats, postgres and the four apps', () => {
    expect(Object.keys(services).sort()).toEqual(expect.arrayContaining(['nats', 'postgres', ...APPS]));
  });

  it.each(APPS)('%s sets only variables the apps read (ENVIRONMENT_VARIABLES)', (app) => {
    const unknown = Object.keys(environmentOf(services[app])).filter((name) => !(name in ENVIRONMENT_VARIABLES));
    expect(unknown).toEqual([]);
  });

  it.each(['gateway', 'registry'] as const)('%s sets every variable that has no default', (app) => {
    const env = environmentOf(services[app]);
    const required = (Object.keys(ENVIRONMENT_VARIABLES) as EnvironmentVariable[]).filter(
      (name) => ENVIRONMENT_VARIABLES[name] === undefined,
    );
    expect(required).toContain('IREN_ADMIN_TOKEN');
    for (const name of required) expect(env[name]).toMatch(/\S/);
  });

  it.each(APPS)('%s gets a configuration its app accepts at boot', (app) => {
    const env = composedEnv(services[app], SAMPLE_SECRETS);
    expect(() => LOAD_CONFIG[app](env)).not.toThrow();
    expect(env.NATS_URL).toBe('nats://nats:4222');
    expect(new URL(env.DATABASE_URL).host).toBe('postgres:5432');
  });

  it('seeds no demo region unless IREN_SEED_DEMO asks for one', () => {
    const registry = (given: Record<string, string>) => loadRegistryConfig(composedEnv(services.registry, given));
    expect(environmentOf(services.registry).IREN_SEED_DEMO).toBeDefined();
    expect(registry(SAMPLE_SECRETS).seedDemo).toBe(false);
    expect(registry({ ...SAMPLE_SECRETS, IREN_SEED_DEMO: '0' }).seedDemo).toBe(false);
    expect(registry({ ...SAMPLE_SECRETS, IREN_SEED_DEMO: 'yes' }).seedDemo).toBe(true);
  });

  it('keeps CORS closed unless IREN_CORS_ORIGINS lists origins', () => {
    const gateway = (given: Record<string, string>) => loadGatewayConfig(composedEnv(services.gateway, given));
    expect(gateway(SAMPLE_SECRETS).corsOrigins).toEqual([]);
    expect(gateway({ ...SAMPLE_SECRETS, IREN_CORS_ORIGINS: 'https://console.example.org' }).corsOrigins).toEqual([
      'https://console.example.org',
    ]);
  });

  it.each(APPS)('%s runs its own entry file, built from its main.ts', (app) => {
    expect(words(services[app].command)).toContain(`dist/apps/${app}/src/main.js`);
    expect(existsSync(join(root, 'apps', app, 'src', 'main.ts'))).toBe(true);
  });

  it.each(APPS)('%s is built from the one Dockerfile', (app) => {
    expect(services[app].build).toBeDefined();
    expect(services[app].image).toBe(services.gateway.image);
  });

  it.each(APPS)('%s starts only once nats and postgres are healthy', (app) => {
    expect(services[app].depends_on).toMatchObject({
      nats: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
    });
  });

  it.each(APPS)('%s is healthy only when its /health answers', (app) => {
    expect(words(services[app].healthcheck?.test).join(' ')).toContain('/health');
  });

  it('publishes the port the gateway listens on', () => {
    const port = environmentOf(services.gateway).PORT;
    expect(port).toBe('3000');
    const published = (services.gateway.ports ?? []).map(containerPort).filter((mapping) => mapping.published);
    expect(published.map((mapping) => mapping.port)).toContain(port);
  });

  it('runs NATS from the committed configuration, with JetStream and the resolver on a named volume', () => {
    const nats = services.nats;
    expect(nats.image).toMatch(/^nats:2\.(1\d|[2-9]\d)/);
    const command = words(nats.command);
    const config = command[command.indexOf('-c') + 1];
    const mounts = bindMounts(nats);
    const committed = mounts.find((m) => m.target === config);
    expect(committed).toMatchObject({ source: './deploy/nats/compose.conf', mode: 'ro' });
    const text = readFileSync(join(root, committed!.source), 'utf8');
    const storeDir = /store_dir:\s*"([^"]+)"/.exec(text)?.[1];
    const resolver = /resolver:\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
    const volume = mounts.find((m) => m.source === 'nats-data');
    expect(volume).toBeDefined();
    expect(storeDir?.startsWith(`${volume!.target}/`)).toBe(true);
    expect(resolver).toMatch(/type:\s*full/);
    expect(resolver).toMatch(/allow_delete:\s*false/);
    expect(/dir:\s*"([^"]+)"/.exec(resolver)?.[1]?.startsWith(`${volume!.target}/`)).toBe(true);
    expect(words(nats.healthcheck?.test).join(' ')).toContain('/healthz?js-enabled-only=true');
    expect(text).toMatch(/http:\s*127\.0\.0\.1:8222/);
  });

  it('closes the bus: NATS includes the generated auth.conf, mounted from the material directory', () => {
    const nats = services.nats;
    const command = words(nats.command);
    const configDir = command[command.indexOf('-c') + 1].replace(/\/[^/]+$/, '');
    const text = readFileSync(join(root, 'deploy/nats/compose.conf'), 'utf8');
    const included = /^include\s+(\S+)/m.exec(text)?.[1];
    expect(included?.replace(/^\.\//, '')).toBe('auth.conf');
    expect(bindMounts(nats)).toContainEqual({
      source: `${MATERIAL}/auth.conf`,
      target: `${configDir}/auth.conf`,
      mode: 'ro',
    });
    expect(text).not.toMatch(/authorization|accounts\s*\{|no_auth_user/);
  });

  it.each(APPS)('%s reads its own credentials file, and no other service’s or the operators’', (app) => {
    expectOwnCredentials(services[app], app);
  });

  it('puts every service in the single profile, the cluster profile, or both', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, profiles: service.profiles?.filter((p) => !PROFILES.includes(p as Profile)) }).toEqual({
        name,
        profiles: [],
      });
    }
  });

  it('profile single starts one NATS, PostgreSQL and one of each app', () => {
    expect(servicesIn('single').sort()).toEqual(['nats', 'postgres', ...APPS].sort());
    expect(
      appInstancesIn('single')
        .map(([, app]) => app)
        .sort(),
    ).toEqual([...APPS].sort());
  });

  it('profile cluster starts three hub NATS servers, PostgreSQL, two instances of each app and one national site', () => {
    expect(hubServersIn('cluster')).toHaveLength(3);
    expect(servicesIn('cluster')).toContain('postgres');
    const instances = instancesAt('cluster', undefined).map(([, app]) => app);
    for (const app of APPS)
      expect({ app, instances: instances.filter((a) => a === app).length }).toEqual({ app, instances: 2 });
    expect(sitesIn('cluster')).toEqual(['KZ']);
    // The site: its server, its database, its set-up step, one gateway and one router.
    expect(servicesIn('cluster').length).toBe(3 + 1 + 2 * APPS.length + 3 + SITE_APPS.length);
    expect(sitesIn('single')).toEqual([]);
  });

  describe('profile cluster', () => {
    const hubServers = hubServersIn('cluster');
    const instances = appInstancesIn('cluster');
    const hubInstances = instancesAt('cluster', undefined);

    it.each(instances)('%s (%s) sets only variables the apps read, and its app accepts them at boot', (name, app) => {
      const unknown = Object.keys(environmentOf(services[name])).filter((v) => !(v in ENVIRONMENT_VARIABLES));
      expect(unknown).toEqual([]);
      expect(() => LOAD_CONFIG[app](composedEnv(services[name], SAMPLE_SECRETS))).not.toThrow();
    });

    it.each(hubInstances)(
      '%s (%s) is given every hub server, keeps every stream on all of them, and exchanges with the national site',
      (name, app) => {
        const config = LOAD_CONFIG[app](composedEnv(services[name], SAMPLE_SECRETS));
        expect(config.natsUrl).toBe(hubServers.map((server) => `nats://${server}:4222`).join(','));
        expect(config.streamReplicas).toBe(hubServers.length);
        expect(config.placement).toEqual({ at: 'hub', sites: sitesIn('cluster') });
        expect(services[name].depends_on).toEqual(
          Object.fromEntries([...hubServers, 'postgres'].map((s) => [s, { condition: 'service_healthy' }])),
        );
      },
    );

    it.each(instances)(
      '%s (%s) reads its own credentials file, and no other service’s or the operators’',
      (name, app) => {
        expectOwnCredentials(services[name], app);
      },
    );

    it.each(instances)('%s (%s) is built from the one Dockerfile and healthy only when its /health answers', (name) => {
      expect(services[name].image).toBe(services.gateway.image);
      expect(words(services[name].healthcheck?.test).join(' ')).toContain('/health');
    });

    it('publishes each gateway on a port of its own', () => {
      const gateways = instances.filter(([, app]) => app === 'gateway').map(([name]) => name);
      const published = gateways.flatMap((name) => (services[name].ports ?? []).map((mapping) => String(mapping)));
      expect(published).toHaveLength(gateways.length);
      expect(new Set(published.map((mapping) => mapping.split(':')[0])).size).toBe(gateways.length);
    });

    it.each(hubServers)(
      '%s runs the generated hub configuration under its own name, with its own volume, closed by auth.conf',
      (name) => {
        const server = services[name];
        const { source, dir: configDir, text } = natsConfigOf(server);
        expect(source).toBe('./deploy/nats/compose-hub-sites.conf');
        expect(natsIncludes(text)).toEqual(['compose-hub.conf']);
        const mounts = bindMounts(server);
        expect(mounts).toContainEqual({
          source: './deploy/nats/compose-hub.conf',
          target: `${configDir}/compose-hub.conf`,
          mode: 'ro',
        });
        expect(mounts).toContainEqual({
          source: `${MATERIAL}/auth.conf`,
          target: `${configDir}/auth.conf`,
          mode: 'ro',
        });
        const volume = mounts.find((m) => m.source === `${name}-data`);
        expect(volume?.target).toBe('/data');
        expect(Object.keys(compose.volumes ?? {})).toContain(`${name}-data`);
        expect(environmentOf(server).IREN_SERVER_NAME).toBe(name);
        expect(words(server.healthcheck?.test).join(' ')).toContain('/healthz?js-enabled-only=true');
      },
    );

    it.each(hubServers)(
      '%s listens for the national site’s leaf connections, advertising the address the site dials for it',
      (name) => {
        const leafnodes = natsBlock(natsConfigOf(services[name]).text, 'leafnodes') ?? '';
        const port = natsSetting(leafnodes, 'listen')?.split(':')[1];
        expect(natsSetting(leafnodes, 'listen')).toBe(`0.0.0.0:${port}`);
        expect(natsSetting(leafnodes, 'advertise')).toBe('$IREN_LEAF_ADVERTISE');
        expect(environmentOf(services[name]).IREN_LEAF_ADVERTISE).toBe(`${name}:${port}`);
        // hubServerConf writes no leafnodes: the block lives in compose-hub-sites.conf only.
        expect(natsBlock(natsConfText('./deploy/nats/compose-hub.conf'), 'leafnodes')).toBeUndefined();
      },
    );

    it('deploy/nats/compose-hub.conf is what hubServerConf generates for the three servers', () => {
      const text = readFileSync(join(root, 'deploy/nats/compose-hub.conf'), 'utf8');
      const generated = hubServerConf({
        name: '$IREN_SERVER_NAME',
        listen: '0.0.0.0:4222',
        routeListen: '0.0.0.0:6222',
        routes: hubServers.map((server) => `${server}:6222`),
        storeDir: '/data/jetstream',
        resolverDir: '/data/resolver',
        monitor: '127.0.0.1:8222',
      });
      expect(text.endsWith(`\n\n${generated}`)).toBe(true);
    });
  });

  it('mounts the operators’ credentials into the set-up steps only, never into an app or a server', () => {
    const steps = new Set(PROFILES.flatMap((profile) => setUpStepsIn(profile).map(([name]) => name)));
    const mounting = Object.keys(services).filter((name) =>
      bindMounts(services[name]).some((m) => m.source === `${MATERIAL}/creds/${CREDS_FILES.ops}`),
    );
    expect(mounting).toEqual([...steps]);
  });

  it('keeps PostgreSQL on a named volume with a readiness healthcheck', () => {
    expect(services.postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(words(services.postgres.healthcheck?.test)).toContain('pg_isready');
  });

  it('declares the named volumes', () => {
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(['nats-data', 'postgres-data']));
  });

  const docker = dockerCompose();
  const skipped = docker.available ? '' : ` (skipped: ${docker.reason})`;
  (docker.available ? it.each(PROFILES) : it.skip.each(PROFILES))(
    `passes \`docker compose --profile %s config -q\`${skipped}`,
    (profile) => {
      const result = spawnSync(
        'docker',
        ['compose', '-f', 'docker-compose.yml', '--profile', profile, 'config', '-q'],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 30_000,
          env: { ...process.env, ...SAMPLE_SECRETS },
        },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
  );
});

describe('Dockerfile', () => {
  const lines = readFileSync(join(root, 'Dockerfile'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const runtime = lines.slice(lines.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true));

  it('builds on Node 20 (Debian bookworm)', () => {
    expect(lines.filter((line) => /^FROM\s/i.test(line)).every((line) => line.includes('node:20-bookworm-slim'))).toBe(
      true,
    );
  });

  it('ships the contract reference data in its runtime stage', () => {
    expect(runtime.some((line) => /^COPY\s.*libs\/contracts\/data/i.test(line))).toBe(true);
  });

  it('runs as a user other than root', () => {
    const user = runtime.filter((line) => /^USER\s/i.test(line)).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/i);
  });
});
