import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { MissingTokenError, UsageError } from './exit-codes';

/** What `iren config set` stores: the gateway, the token, and the caller's node for commands about it. */
export interface StoredConfig {
  url?: string;
  token?: string;
  node?: string;
}

export const CONFIG_KEYS = ['url', 'token', 'node'] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** Where the configuration lives: `$XDG_CONFIG_HOME/iren/config.json`, `~/.config/iren/config.json` without it. */
export function configPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : undefined;
  return join(base ?? join(env.HOME || homedir(), '.config'), 'iren', 'config.json');
}

/** The stored configuration; empty when there is none. A file that is not ours is an error naming it. */
export function readConfig(path: string): StoredConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON; fix it or remove it and run iren config set again`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${path} should hold a JSON object`);
  }
  const config: StoredConfig = {};
  for (const key of CONFIG_KEYS) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === 'string') config[key] = value;
  }
  return config;
}

/**
 * Stores one setting. The file holds a bearer token: it is written readable by its owner only
 * (0600, in a 0700 directory), through a temporary file renamed over it, so that no moment
 * exists where it is readable by others or half written.
 */
export function writeConfig(path: string, key: ConfigKey, value: string | undefined): StoredConfig {
  const config = readConfig(path);
  if (value === undefined) delete config[key];
  else config[key] = value;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return config;
}

/** Where a command sends its requests and with which token: flags, then environment, then the file. */
export interface Connection {
  url: string;
  token: string;
  node?: string;
}

export interface ConnectionFlags {
  url?: string;
  token?: string;
  node?: string;
}

/** The connection a command uses; throws when the URL or the token is not set anywhere. */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv, stored: StoredConfig): Connection {
  const url = flags.url ?? nonEmpty(env.IREN_URL) ?? stored.url;
  const token = flags.token ?? nonEmpty(env.IREN_TOKEN) ?? stored.token;
  const node = flags.node ?? nonEmpty(env.IREN_NODE) ?? stored.node;
  if (!url) throw new UsageError('no API URL: run `iren config set url https://...`, set IREN_URL or pass --url');
  if (!token) throw new MissingTokenError('no token: run `iren config set token -`, set IREN_TOKEN or pass --token');
  return { url, token, ...(node && { node }) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
