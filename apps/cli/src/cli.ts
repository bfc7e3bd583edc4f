import { parseArgs } from 'node:util';
import { IrenApiError } from '@iren/client';
import { commandContext, GLOBAL_OPTIONS, type Command, type OptionSpec } from './command';
import { auditCommands } from './commands/audit.commands';
import { configCommands } from './commands/config.commands';
import { inboxCommands } from './commands/inbox.commands';
import { nodesCommands } from './commands/nodes.commands';
import { publishCommand } from './commands/publish.command';
import { reportCommands } from './commands/report.commands';
import { subscriptionCommands } from './commands/subscription.commands';
import { ExitCode, exitCodeFor, UsageError } from './exit-codes';
import { printable, type CliIo } from './output';

/** Every command of `iren`, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  ...configCommands,
  publishCommand,
  ...inboxCommands,
  ...subscriptionCommands,
  ...auditCommands,
  ...reportCommands,
  ...nodesCommands,
];

/** A parsed command line: the command, its options and its arguments. */
export interface Invocation {
  command: Command;
  options: Record<string, string | boolean | undefined>;
  args: string[];
}

/**
 * Reads the command line: the command's words first (`inbox list`), options anywhere. Throws
 * {@link UsageError} on an unknown command or option, a missing value or a wrong number of arguments.
 */
export function parseCommandLine(argv: readonly string[]): Invocation | 'help' {
  // A first, lenient pass that knows which options take a value, only to find the command's words.
  const everyOption = Object.assign({}, GLOBAL_OPTIONS, ...COMMANDS.map((c) => c.options)) as Record<
    string,
    OptionSpec
  >;
  const { positionals, values } = parseArgs({
    args: [...argv],
    options: specs(everyOption),
    strict: false,
    allowPositionals: true,
  });
  const command = [...COMMANDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => c.name.split(' ').every((word, i) => positionals[i] === word));
  if (!command) {
    if (positionals.length === 0 || positionals[0] === 'help') return 'help';
    const group = COMMANDS.filter((c) => c.name.startsWith(`${positionals[0]} `)).map((c) => c.name);
    throw new UsageError(
      group.length
        ? `${positionals[0]}: say which, one of: ${group.join(', ')}`
        : `unknown command ${JSON.stringify(positionals.slice(0, 2).join(' '))}; run iren help`,
    );
  }
  if (values.help === true) return 'help';
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: specs({ ...GLOBAL_OPTIONS, ...command.options }),
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(`${command.name}: ${(error as Error).message}`);
  }
  const args = parsed.positionals.slice(command.name.split(' ').length);
  const [least, most] = command.arity;
  if (args.length < least || args.length > most) {
    throw new UsageError(`usage: iren ${command.name}${command.args ? ` ${command.args}` : ''}`);
  }
  return { command, options: parsed.values as Invocation['options'], args };
}

/** Runs `iren` on a command line; answers the exit code (exit-codes.ts). */
export async function runCli(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  let invocation: Invocation | 'help';
  try {
    invocation = parseCommandLine(argv);
  } catch (error) {
    io.err(`iren: ${(error as Error).message}\n`);
    return ExitCode.USAGE;
  }
  if (invocation === 'help') {
    // Asked for (`iren help`, `--help`): standard output, success. No command at all: a usage error.
    if (argv.length === 0) {
      io.err(helpText(argv));
      return ExitCode.USAGE;
    }
    io.out(helpText(argv));
    return ExitCode.OK;
  }
  const { command, options, args } = invocation;
  try {
    return await command.run(commandContext(io, env, options, args));
  } catch (error) {
    const code = exitCodeFor(error);
    io.err(`iren ${command.name}: ${describe(error)}\n`);
    return code;
  }
}

function describe(error: unknown): string {
  if (error instanceof IrenApiError) {
    const detail = printable(error.describe()).replace(/\uFFFD/g, ' ');
    const hints = [
      error.status === 401 && 'the token was not accepted: check iren config show, IREN_TOKEN or --token',
      error.status === 403 && 'your token does not allow this',
      error.retryAfterSeconds !== undefined && `retry after ${error.retryAfterSeconds} s`,
      error.correlationId && `correlation id ${error.correlationId}`,
    ].filter(Boolean);
    return `${error.status}: ${detail}${hints.length ? ` (${hints.join('; ')})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function specs(options: Record<string, OptionSpec>) {
  return Object.fromEntries(
    Object.entries(options).map(([name, { type, short }]) => [name, { type, ...(short && { short }) }]),
  );
}

/** The help of every command, or of the commands named on the command line. */
export function helpText(argv: readonly string[]): string {
  const words = argv.filter((a) => !a.startsWith('-') && a !== 'help');
  const chosen = COMMANDS.filter((c) => words.length === 0 || c.name.startsWith(words.join(' ')));
  const shown = chosen.length > 0 ? chosen : COMMANDS;
  const lines = ['usage: iren <command> [arguments] [options]', ''];
  for (const c of shown) {
    lines.push(`  iren ${c.name}${c.args ? ` ${c.args}` : ''}`, `      ${c.summary}`);
    if (shown.length <= 2) for (const [name, o] of Object.entries(c.options)) lines.push(optionLine(name, o));
  }
  lines.push('', 'options of every command:');
  for (const [name, o] of Object.entries(GLOBAL_OPTIONS)) lines.push(optionLine(name, o));
  lines.push(
    '',
    'exit codes: 0 done, 1 usage or input file, 2 refused by the API, 3 authentication,',
    '            4 unreachable or unavailable, 5 verification failed',
    'configuration: $XDG_CONFIG_HOME/iren/config.json (iren config set); IREN_URL, IREN_TOKEN, IREN_NODE override it',
    '',
  );
  return lines.join('\n');
}

function optionLine(name: string, option: OptionSpec): string {
  const flag = `--${name}${option.type === 'string' ? ' <value>' : ''}${option.short ? `, -${option.short}` : ''}`;
  return `      ${flag.padEnd(24)} ${option.help}`;
}
