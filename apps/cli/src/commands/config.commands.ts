import { rootOf } from '@iren/client';
import type { Command } from '../command';
import { CONFIG_KEYS, configPath, readConfig, writeConfig, type ConfigKey } from '../config';
import { ExitCode, UsageError } from '../exit-codes';
import { fields, json } from '../output';

export const configCommands: Command[] = [
  {
    name: 'config set',
    args: '<url|token|node> <value | ->',
    summary: 'store the gateway URL, the token or your node id (`-` reads the value from standard input)',
    options: {},
    arity: [2, 2],
    async run({ io, env, args: [key, given] }) {
      if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
        throw new UsageError(`the key is one of ${CONFIG_KEYS.join(', ')}, not ${JSON.stringify(key)}`);
      }
      // A token typed on the command line stays in the shell's history: `-` reads it from standard input.
      let value = given === '-' ? (await io.readStdin()).trim() : given.trim();
      if (value === '') throw new UsageError(`the value of ${key} is empty`);
      if (key === 'url') value = urlOrUsage(value);
      const path = configPath(env);
      writeConfig(path, key as ConfigKey, value);
      io.out(`${key} saved in ${path}\n`);
      return ExitCode.OK;
    },
  },
  {
    name: 'config show',
    args: '',
    summary: 'show the stored configuration (the token masked) and where it is',
    options: {},
    arity: [0, 0],
    async run({ io, env, json: asJson }) {
      const path = configPath(env);
      const stored = readConfig(path);
      const shown = { path, url: stored.url ?? null, token: mask(stored.token), node: stored.node ?? null };
      io.out(
        asJson
          ? json(shown)
          : fields([
              ['file', path],
              ['url', shown.url ?? '(not set)'],
              ['token', shown.token ?? '(not set)'],
              ['node', shown.node ?? '(not set)'],
            ]),
      );
      return ExitCode.OK;
    },
  },
];

function urlOrUsage(value: string): string {
  try {
    return rootOf(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Enough of a token to tell which one it is, never enough to use it. */
function mask(token: string | undefined): string | null {
  if (token === undefined) return null;
  return token.length <= 12 ? '****' : `${token.slice(0, 6)}…${token.slice(-2)} (${token.length} characters)`;
}
