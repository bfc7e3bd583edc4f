import { createIrenClient, type IrenApi } from '@iren/client';
import { configPath, readConfig, resolveConnection, type Connection } from './config';
import type { ExitCode } from './exit-codes';
import type { CliIo } from './output';

/** An option of a command, as `node:util` parseArgs declares it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** One line for `iren help`. */
  help: string;
}

/** What a command is given: its parsed options and arguments, where to write, and how to reach the API. */
export interface CommandContext {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  options: Record<string, string | boolean | undefined>;
  args: string[];
  /** `--json`: answers as JSON for scripts instead of tables. */
  json: boolean;
  /** The URL, token and node from the flags, the environment or the configuration file. */
  connection(): Connection;
  /** The typed client on {@link connection}. */
  api(): IrenApi;
}

/** One command of `iren`: its words (`inbox list`), arguments, options and what it does. */
export interface Command {
  name: string;
  /** The arguments after the command's words, as help shows them: `<messageId> [RECEIVED|ACTIONED]`. */
  args: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /** How many positional arguments it takes, at least and at most. */
  arity: [number, number];
  run(context: CommandContext): Promise<ExitCode>;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  url: { type: 'string', help: 'the gateway, like https://iren.example.org (else IREN_URL, else the configuration)' },
  token: { type: 'string', help: 'the bearer token (else IREN_TOKEN, else the configuration)' },
  json: { type: 'boolean', help: 'print JSON for scripts instead of tables' },
  help: { type: 'boolean', short: 'h', help: 'show the help of the command' },
};

export function commandContext(
  io: CliIo,
  env: NodeJS.ProcessEnv,
  options: CommandContext['options'],
  args: string[],
): CommandContext {
  let connection: Connection | undefined;
  const context: CommandContext = {
    io,
    env,
    options,
    args,
    json: options.json === true,
    connection() {
      if (connection) return connection;
      connection = resolveConnection(
        { url: str(options.url), token: str(options.token), node: str(options.node) },
        env,
        readConfig(configPath(env)),
      );
      const warning = plaintextWarning(connection.url);
      if (warning) io.err(`${warning}\n`);
      return connection;
    },
    api() {
      const { url, token } = context.connection();
      return createIrenClient({ baseUrl: url, token });
    },
  };
  return context;
}

/** A string option's value; undefined when absent. */
export function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A warning when the token would cross a network in clear text: plain http to a host other than
 * this machine. Not refused (a test network, a TLS-terminating proxy on the same host), but said.
 */
export function plaintextWarning(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // the client refuses it, naming it
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname) || parsed.hostname.startsWith('127.');
  return parsed.protocol === 'http:' && !loopback
    ? `warning: ${parsed.origin} is plain http: the token crosses the network unencrypted; use https`
    : undefined;
}
