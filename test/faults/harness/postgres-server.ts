import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's PostgreSQL binaries (the newest installed version), or `IREN_PG_BIN`. */
export function findPostgresBin(): string {
  const override = process.env.IREN_PG_BIN;
  if (override) return override;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) throw new Error(`no PostgreSQL under ${root}; set IREN_PG_BIN to the directory of pg_ctl`);
  return join(root, versions[0], 'bin');
}

/**
 * A PostgreSQL cluster of its own for one harness: `initdb` in `dir`, trust authentication on the
 * loopback, a spare port. PostgreSQL refuses to run as root, so when we are root its files and
 * processes belong to the `postgres` user (commands go through `runuser`). `pg_ctl` starts the
 * postmaster in a session of its own, so its process group holds every PostgreSQL process.
 */
export class PostgresServer {
  private readonly bin = findPostgresBin();
  private readonly data: string;
  private readonly owner?: { uid: number; gid: number };

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.data = join(dir, 'data');
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
      this.owner = { uid: id('-u'), gid: id('-g') };
    }
  }

  /** Makes the cluster in `dir` (created here; its parent must be traversable by `postgres`). */
  static async create(dir: string, port: number): Promise<PostgresServer> {
    const server = new PostgresServer(dir, port);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (server.owner) chownSync(dir, server.owner.uid, server.owner.gid);
    await server.command('initdb', ['-D', server.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    return server;
  }

  /** A connection URL for `database`, straight to the server (not through any proxy). */
  url(database: string, port = this.port): string {
    return `postgres://postgres@127.0.0.1:${port}/${database}`;
  }

  get running(): boolean {
    return this.postmasterPid() !== undefined;
  }

  /** The postmaster's pid while it runs. */
  get pid(): number | undefined {
    return this.postmasterPid();
  }

  /** `pg_ctl start`, waiting until it accepts connections. */
  async start(): Promise<void> {
    const options = [`-p ${this.port}`, `-k ${this.dir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=200'];
    await this.command(
      'pg_ctl',
      ['-D', this.data, '-l', join(this.dir, 'server.log'), '-w', '-t', '60'].concat([
        '-o',
        options.join(' '),
        'start',
      ]),
    );
  }

  /**
   * `pg_ctl stop`: `fast` disconnects clients and shuts down cleanly; `immediate` kills every
   * process at once, as a crash would (recovery replays the WAL at the next start).
   */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!this.running) return;
    this.resume();
    await this.command('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  /** SIGSTOP to every PostgreSQL process: connections stay open and nothing answers. */
  pause(): void {
    this.signalAll('SIGSTOP');
  }

  resume(): void {
    this.signalAll('SIGCONT');
  }

  /** Synchronous last resort for an exiting parent: an immediate stop, no waiting for async work. */
  stopNow(): void {
    if (!this.running) return;
    this.signalAll('SIGCONT');
    const [file, args] = this.invocation('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    spawnSync(file, args, { stdio: 'ignore' });
  }

  /** The server's log, for a test that failed. */
  log(): string {
    const file = join(this.dir, 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  private postmasterPid(): number | undefined {
    const file = join(this.data, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  private signalAll(signal: NodeJS.Signals): void {
    const pid = this.postmasterPid();
    if (pid !== undefined) process.kill(-pid, signal);
  }

  private async command(tool: string, args: string[]): Promise<void> {
    const [file, argv] = this.invocation(tool, args);
    try {
      await run(file, argv, { timeout: 120_000 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`${tool} ${args.at(-1)} failed: ${stderr || stdout || (error as Error).message}`);
    }
  }

  private invocation(tool: string, args: string[]): [string, string[]] {
    const binary = join(this.bin, tool);
    return this.owner ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  }
}
