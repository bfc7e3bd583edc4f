import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, runCli } from './cli';
import { plaintextWarning } from './command';
import { ExitCode, UsageError } from './exit-codes';
import type { CliIo } from './output';

function capture(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    readStdin: async () => stdin,
    errIsTty: false,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe(parseCommandLine.name, () => {
  it("finds the command's words with options anywhere, and its arguments", () => {
    const parsed = parseCommandLine(['--json', 'inbox', 'ack', '--url', 'http://gw', 'm-1', 'ACTIONED']);
    expect(parsed).toMatchObject({
      command: { name: 'inbox ack' },
      options: { json: true, url: 'http://gw' },
      args: ['m-1', 'ACTIONED'],
    });
  });

  it('refuses an unknown command, an incomplete one, an option of another command and a wrong arity', () => {
    expect(() => parseCommandLine(['frobnicate'])).toThrow('unknown command "frobnicate"; run iren help');
    expect(() => parseCommandLine(['audit'])).toThrow(
      'audit: say which, one of: audit events, audit export, audit verify',
    );
    expect(() => parseCommandLine(['inbox', 'list', '--proof', 'x'])).toThrow(/inbox list: Unknown option '--proof'/);
    expect(() => parseCommandLine(['inbox', 'ack'])).toThrow(
      new UsageError('usage: iren inbox ack <messageId> [RECEIVED|ACTIONED]'),
    );
    expect(() => parseCommandLine(['nodes', 'list', 'extra'])).toThrow(/usage: iren nodes list/);
    expect(() => parseCommandLine(['inbox', 'list', '--limit'])).toThrow(/argument missing/);
  });

  it('answers help for help, --help and nothing', () => {
    expect(parseCommandLine(['help'])).toBe('help');
    expect(parseCommandLine(['publish', '--help'])).toBe('help');
    expect(parseCommandLine([])).toBe('help');
  });
});

describe(runCli.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iren-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 with a message on standard error for a usage mistake, and prints help on nothing', async () => {
    const run = capture();
    expect(await runCli(['inbox', 'ack', 'x', 'MAYBE', '--url', 'http://gw', '--token', 't'], run.io, {})).toBe(
      ExitCode.USAGE,
    );
    expect(run.err()).toBe('iren inbox ack: the status is RECEIVED or ACTIONED, not "MAYBE"\n');
    const empty = capture();
    expect(await runCli([], empty.io, {})).toBe(ExitCode.USAGE);
    expect(empty.err()).toMatch(/^usage: iren <command>/);
    const help = capture();
    expect(await runCli(['help', 'audit'], help.io, {})).toBe(ExitCode.OK);
    expect(help.out()).toContain('iren audit verify');
    expect(help.out()).not.toContain('iren inbox list');
  });

  it('exits 3 before any request when no token is configured, 4 when the API cannot be reached', async () => {
    const env = { XDG_CONFIG_HOME: dir, IREN_URL: 'http://127.0.0.1:1' };
    const noToken = capture();
    expect(await runCli(['nodes', 'list'], noToken.io, env)).toBe(ExitCode.AUTH);
    expect(noToken.err()).toMatch(/no token: run `iren config set token -`/);
    const unreachable = capture();
    expect(await runCli(['nodes', 'list', '--token', 't'], unreachable.io, env)).toBe(ExitCode.UNAVAILABLE);
    expect(unreachable.err()).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1/);
  });

  it('stores the token from standard input, never showing it back whole', async () => {
    const env = { XDG_CONFIG_HOME: dir };
    expect(await runCli(['config', 'set', 'token', '-'], capture('irn_0123456789abcdef\n').io, env)).toBe(ExitCode.OK);
    expect(await runCli(['config', 'set', 'url', 'https://iren.example.org/api/v1/'], capture().io, env)).toBe(
      ExitCode.OK,
    );
    expect(statSync(join(dir, 'iren', 'config.json')).mode & 0o777).toBe(0o600);
    const shown = capture();
    await runCli(['config', 'show', '--json'], shown.io, env);
    expect(JSON.parse(shown.out())).toEqual({
      path: join(dir, 'iren', 'config.json'),
      url: 'https://iren.example.org',
      token: 'irn_01…ef (20 characters)',
      node: null,
    });
    expect(await runCli(['config', 'set', 'colour', 'red'], capture().io, env)).toBe(ExitCode.USAGE);
    expect(await runCli(['config', 'set', 'url', 'ftp://x'], capture().io, env)).toBe(ExitCode.USAGE);
  });

  it('refuses a publish file it cannot read, or whose header is wrong, with exit 1 and the reason', async () => {
    const env = { IREN_URL: 'http://127.0.0.1:1', IREN_TOKEN: 't' };
    const missing = capture();
    expect(await runCli(['publish', join(dir, 'none.csv')], missing.io, env)).toBe(ExitCode.USAGE);
    expect(missing.err()).toMatch(/cannot read .*none\.csv: ENOENT/);
    const wrongKind = capture();
    expect(await runCli(['publish', join(dir, 'alerts.xlsx')], wrongKind.io, env)).toBe(ExitCode.USAGE);
  });
});

describe(plaintextWarning.name, () => {
  it('warns of a token sent in clear text over a network, not to this machine or over https', () => {
    expect(plaintextWarning('http://iren.example.org')).toBe(
      'warning: http://iren.example.org is plain http: the token crosses the network unencrypted; use https',
    );
    expect(plaintextWarning('https://iren.example.org')).toBeUndefined();
    expect(plaintextWarning('http://127.0.0.1:3000')).toBeUndefined();
    expect(plaintextWarning('http://localhost:3000')).toBeUndefined();
    expect(plaintextWarning('http://[::1]:3000')).toBeUndefined();
  });
});
