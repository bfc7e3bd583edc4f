import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CREDS_FILES, REGISTRY_AUTHORITY_FILES } from '@iren/messaging';
import {
  ENVIRONMENT_VARIABLES,
  loadGatewayConfig,
  loadAuditConfig,
  loadRegistryConfig,
  loadRouterConfig,
  type EnvironmentVariable,
} from '@iren/platform';

const root = join(__dirname, '..');
const APPS = ['gateway', 'registry', 'router', 'audit'] as const;
type App = (typeof APPS)[number];

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number | string; published?: number | string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | { type?: string; source?: string; target: string })[];
  healthcheck?: { test?: string | string[] };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

// `merge: true` resolves the `<<: *app` / `<<: *env` merge keys as Compose does.
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

/** A bind mount's `source:target[:mode]`, sources and targets as written (with `${VAR:-default}`). */
function bindMounts(service: ComposeService): { source: string; target: string; mode?: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'object') return { source: volume.source ?? '', target: volume.target };
    // The source may hold `${VAR:-./path}`: split at the colons that follow it.
    const match = /^(\$\{[^}]*\}[^:]*|[^:]+):([^:]+)(?::(\w+))?$/.exec(volume);
    if (!match) throw new Error(`unreadable volume "${volume}"`);
    return { source: match[1], target: match[2], ...(match[3] && { mode: match[3] }) };
  });
}

/** The generated material's directory as compose names it, and where a file of it comes from. */
const MATERIAL = '${IREN_NATS_DIR:-./.iren/nats}';

function words(command: string | string[] | undefined): string[] {
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.split(/\s+/);
}

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?message}`, from `given` or the default. */
function interpolate(value: string, given: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_match, name: string, operator?: string, rest?: string) => {
    if (given[name] !== undefined) return given[name];
    if (operator === '-') return rest ?? '';
    throw new Error(`\${${name}} is not set and has no default`);
  });
}

/** A service's environment as Compose hands it to the app, with `given` set in the shell. */
function composedEnv(service: ComposeService, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environmentOf(service)).map(([name, value]) => [name, interpolate(value, given)]),
  );
}

function containerPort(mapping: NonNullable<ComposeService['ports']>[number]): { published: boolean; port: string } {
  if (typeof mapping === 'object') return { published: mapping.published !== undefined, port: String(mapping.target) };
  const parts = String(mapping).split('/')[0].split(':');
  return { published: parts.length > 1, port: parts[parts.length - 1] };
}

function dockerCompose(): { available: true } | { available: false; reason: string } {
  const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8', timeout: 15_000 });
  if (probe.error) return { available: false, reason: `docker CLI not runnable (${probe.error.message})` };
  if (probe.status !== 0) return { available: false, reason: 'the docker CLI has no compose plugin' };
  return { available: true };
}

describe('docker-compose.yml', () => {
  const services = compose.services;
  const sampleSecrets = { IREN_ADMIN_TOKEN: 'a'.repeat(32), POSTGRES_PASSWORD: 'compose-test-password' };

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
    const env = composedEnv(services[app], sampleSecrets);
    const load: Record<App, (env: Record<string, string>) => unknown> = {
      gateway: loadGatewayConfig,
      registry: loadRegistryConfig,
      router: loadRouterConfig,
      audit: loadAuditConfig,
    };
    expect(() => load[app](env)).not.toThrow();
    expect(env.NATS_URL).toBe('nats://nats:4222');
    expect(new URL(env.DATABASE_URL).host).toBe('postgres:5432');
  });

  it('seeds no demo region unless IREN_SEED_DEMO asks for one', () => {
    const registry = (given: Record<string, string>) => loadRegistryConfig(composedEnv(services.registry, given));
    expect(environmentOf(services.registry).IREN_SEED_DEMO).toBeDefined();
    expect(registry(sampleSecrets).seedDemo).toBe(false);
    expect(registry({ ...sampleSecrets, IREN_SEED_DEMO: '0' }).seedDemo).toBe(false);
    expect(registry({ ...sampleSecrets, IREN_SEED_DEMO: 'yes' }).seedDemo).toBe(true);
  });

  it('keeps CORS closed unless IREN_CORS_ORIGINS lists origins', () => {
    const gateway = (given: Record<string, string>) => loadGatewayConfig(composedEnv(services.gateway, given));
    expect(gateway(sampleSecrets).corsOrigins).toEqual([]);
    expect(gateway({ ...sampleSecrets, IREN_CORS_ORIGINS: 'https://console.example.org' }).corsOrigins).toEqual([
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
    const credsDir = environmentOf(services[app]).NATS_CREDS_DIR;
    expect(credsDir).toMatch(/^\//);
    const mounts = bindMounts(services[app]);
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
      expect(mount).toMatchObject({
        source: `${MATERIAL}/creds/${mount.target.slice(credsDir.length + 1)}`,
        mode: 'ro',
      });
    }
    expect(files).not.toContain(CREDS_FILES.ops);
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
  (docker.available ? it : it.skip)(`passes \`docker compose config -q\`${skipped}`, () => {
    const result = spawnSync('docker', ['compose', '-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, ...sampleSecrets },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
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
