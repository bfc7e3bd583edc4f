/**
 * `docker-compose.yml` read as Compose reads it: merge keys resolved, environments, bind mounts,
 * `${VAR:-default}` interpolation, the services each profile starts and the app each runs, which
 * belong to the hub and which to a national site (its apps' `IREN_SITE`, the server their
 * `NATS_URL` names), the set-up steps; and the committed NATS configuration a server service runs,
 * read as far as the checks need (blocks, settings, includes). For `test/docker-compose.spec.ts`,
 * which checks the file against the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  type BaseConfig,
  loadAuditConfig,
  loadGatewayConfig,
  loadRegistryConfig,
  loadRouterConfig,
} from '@iren/platform';

/** The repository's root. */
export const root = join(__dirname, '..', '..');
export const APPS = ['gateway', 'registry', 'router', 'audit'] as const;
export type App = (typeof APPS)[number];

/** How each app reads its configuration at boot: what a service's composed environment must satisfy. */
export const LOAD_CONFIG: Record<App, (env: Record<string, string>) => BaseConfig> = {
  gateway: loadGatewayConfig,
  registry: loadRegistryConfig,
  router: loadRouterConfig,
  audit: loadAuditConfig,
};

/** The secrets an operator exports before `docker compose up`, as the specs give them. */
export const SAMPLE_SECRETS = { IREN_ADMIN_TOKEN: 'a'.repeat(32), POSTGRES_PASSWORD: 'compose-test-password' };

export interface ComposeService {
  image?: string;
  profiles?: string[];
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number | string; published?: number | string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | { type?: string; source?: string; target: string })[];
  healthcheck?: { test?: string | string[] };
  restart?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

// `merge: true` resolves the `<<: *app` / `<<: *env` merge keys as Compose does.
export const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;

export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

/** A bind mount's `source:target[:mode]`, sources and targets as written (with `${VAR:-default}`). */
export function bindMounts(service: ComposeService): { source: string; target: string; mode?: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'object') return { source: volume.source ?? '', target: volume.target };
    // The source may hold `${VAR:-./path}`: split at the colons that follow it.
    const match = /^(\$\{[^}]*\}[^:]*|[^:]+):([^:]+)(?::(\w+))?$/.exec(volume);
    if (!match) throw new Error(`unreadable volume "${volume}"`);
    return { source: match[1], target: match[2], ...(match[3] && { mode: match[3] }) };
  });
}

/** The generated material's directory as compose names it, and where a file of it comes from. */
export const MATERIAL = '${IREN_NATS_DIR:-./.iren/nats}';

export function words(command: string | string[] | undefined): string[] {
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
export function composedEnv(service: ComposeService, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environmentOf(service)).map(([name, value]) => [name, interpolate(value, given)]),
  );
}

export function containerPort(mapping: NonNullable<ComposeService['ports']>[number]): {
  published: boolean;
  port: string;
} {
  if (typeof mapping === 'object') return { published: mapping.published !== undefined, port: String(mapping.target) };
  const parts = String(mapping).split('/')[0].split(':');
  return { published: parts.length > 1, port: parts[parts.length - 1] };
}

export const PROFILES = ['single', 'cluster'] as const;
export type Profile = (typeof PROFILES)[number];

/** The services `docker compose --profile <profile> up` starts. */
export function servicesIn(profile: Profile): string[] {
  return Object.keys(compose.services).filter((name) => compose.services[name].profiles?.includes(profile));
}

/** The NATS servers of a profile: the services that run the NATS image. */
export function natsServersIn(profile: Profile): string[] {
  return servicesIn(profile).filter((name) => compose.services[name].image?.startsWith('nats:'));
}

/** The app a service runs, from its entry file (`dist/apps/<app>/src/main.js`); undefined for a server. */
function appOf(service: ComposeService): App | undefined {
  return APPS.find((app) => words(service.command).includes(`dist/apps/${app}/src/main.js`));
}

/** The instances of each app a profile starts, by service name. */
export function appInstancesIn(profile: Profile): [string, App][] {
  return servicesIn(profile).flatMap((name) => {
    const app = appOf(compose.services[name]);
    return app ? [[name, app] as [string, App]] : [];
  });
}

/** The national site a service's app serves, its `IREN_SITE`; undefined for an app of the hub. */
export function siteOf(service: ComposeService): string | undefined {
  return environmentOf(service).IREN_SITE || undefined;
}

/** The services a server list names (`nats://nats-1:4222,nats://nats-2:4222`: nats-1, nats-2). */
export function hostsOf(urls: string): string[] {
  return urls.split(',').map((url) => new URL(url.trim()).hostname);
}

/** The national sites a profile runs: the countries its apps' `IREN_SITE` names. */
export function sitesIn(profile: Profile): string[] {
  const sites = appInstancesIn(profile).map(([name]) => siteOf(compose.services[name]));
  return [...new Set(sites.filter((site): site is string => site !== undefined))];
}

/** The app instances of the hub (`site` undefined) or of one national site. */
export function instancesAt(profile: Profile, site: string | undefined): [string, App][] {
  return appInstancesIn(profile).filter(([name]) => siteOf(compose.services[name]) === site);
}

/** A national site's NATS servers: those its apps' `NATS_URL` names. */
export function siteServersIn(profile: Profile, site: string): string[] {
  const named = instancesAt(profile, site).flatMap(([name]) => hostsOf(environmentOf(compose.services[name]).NATS_URL));
  return [...new Set(named)];
}

/** The hub's NATS servers: the profile's servers that belong to no national site. */
export function hubServersIn(profile: Profile): string[] {
  const atSites = sitesIn(profile).flatMap((site) => siteServersIn(profile, site));
  return natsServersIn(profile).filter((name) => !atSites.includes(name));
}

/** The one-shot set-up steps of a profile: the services that run a script (`dist/scripts/<script>.js`). */
export function setUpStepsIn(profile: Profile): [string, string][] {
  return servicesIn(profile).flatMap((name) => {
    const script = words(compose.services[name].command)
      .map((word) => /^dist\/scripts\/([\w-]+)\.js$/.exec(word)?.[1])
      .find((found) => found !== undefined);
    return script ? [[name, script] as [string, string]] : [];
  });
}

/**
 * The NATS configuration a server service runs: the committed file mounted where its `-c` points,
 * with comments dropped, and the directory its `include`s are read from.
 */
export function natsConfigOf(service: ComposeService): { source: string; dir: string; text: string } {
  const command = words(service.command);
  const target = command[command.indexOf('-c') + 1];
  const mount = bindMounts(service).find((m) => m.target === target);
  if (!mount) throw new Error(`nothing is mounted at ${target}, the configuration file`);
  return { source: mount.source, dir: target.replace(/\/[^/]+$/, ''), text: natsConfText(mount.source) };
}

/** A committed NATS configuration file (`./deploy/nats/...`) without its comments. */
export function natsConfText(source: string): string {
  return readFileSync(join(root, source), 'utf8').replace(/#.*$/gm, '');
}

/** The bodies of the `{ ... }` at the top level of `text`, in order (a remote list's entries). */
export function natsObjects(text: string): string[] {
  const bodies: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{' && depth++ === 0) start = i + 1;
    if (text[i] === '}' && --depth === 0) bodies.push(text.slice(start, i));
  }
  return bodies;
}

/** The body of the block `key { ... }` (or `key: { ... }`, `key: [ ... ]`) in `text`; undefined without one. */
export function natsBlock(text: string, key: string): string | undefined {
  const opening = new RegExp(`(^|\\s)${key}\\s*:?\\s*([{[])`).exec(text);
  if (!opening) return undefined;
  const [open, close] = opening[2] === '{' ? ['{', '}'] : ['[', ']'];
  let depth = 0;
  const from = opening.index + opening[0].length;
  for (let i = from; i < text.length; i++) {
    if (text[i] === open) depth++;
    if (text[i] === close && depth-- === 0) return text.slice(from, i);
  }
  throw new Error(`unclosed ${key} block`);
}

/** The value of `key: value` (or `key value`, up to a comma) in `text`, unquoted; undefined without one. */
export function natsSetting(text: string, key: string): string | undefined {
  const value = new RegExp(`(^|\\s)${key}\\s*[:=]?\\s*([^\\s{[,][^\\n,]*?)\\s*(,|$)`, 'm').exec(text)?.[2];
  return value?.replace(/^"(.*)"$/, '$1');
}

/** The files `text` includes, as named (`./auth.conf` as `auth.conf`). */
export function natsIncludes(text: string): string[] {
  return [...text.matchAll(/^\s*include\s+(\S+)/gm)].map((match) => match[1].replace(/^\.\//, ''));
}
