/**
 * The four apps as child processes of the built `dist/` (`npm run build` first), as production
 * runs them: for the benchmarks, the fault harness and the soak, which must be able to kill -9,
 * pause and restart one. Kept free of jest so that the benchmarks and the soak, which tsc builds
 * into `dist/` through their imports, can use it too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';

export const APP_NAMES = ['registry', 'audit', 'router', 'gateway'] as const;
export type AppName = (typeof APP_NAMES)[number];

/** Where an app's output goes: appended to a file, stderr shown on ours, or nowhere. */
export type AppOutput = { file: string } | 'stderr' | 'ignore';

export interface AppProcessOptions {
  app: AppName;
  /** The app's whole environment; `PORT` is set from `port`. */
  env: NodeJS.ProcessEnv;
  port: number;
  output?: AppOutput;
}

/** The repository's root: the nearest directory above this file with a package.json (from test/ or dist/test/). */
export function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The built entry point of `app`; an error naming `npm run build` when it is missing. */
export function appEntry(app: AppName): string {
  const entry = join(projectRoot(), 'dist', 'apps', app, 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  return entry;
}

/** Resident memory of a process in KiB (VmRSS of /proc/<pid>/status); undefined once it is gone. */
export function residentKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves once `GET /health` on the loopback `port` answers 2xx; rejects after `timeoutMs`. */
export async function waitHealthy(port: number, timeoutMs = 90_000, what = `app on port ${port}`): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const healthy = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5000) }).then(
      async (r) => {
        await r.arrayBuffer();
        return r.ok;
      },
      () => false,
    );
    if (healthy) return;
    if (Date.now() > deadline) throw new Error(`${what} did not become healthy within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * One app as a child process: started, killed (any signal), paused (SIGSTOP) and resumed
 * (SIGCONT), stopped, and started again with the same environment and port.
 */
export class AppProcess {
  child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private log?: WriteStream;
  private paused = false;
  /** How many times it was started. */
  starts = 0;

  constructor(private readonly options: AppProcessOptions) {}

  get app(): AppName {
    return this.options.app;
  }

  get port(): number {
    return this.options.port;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get isPaused(): boolean {
    return this.paused && this.running;
  }

  /** Spawns the app and, unless told not to, waits until its `/health` answers 2xx. */
  async start(options: { waitHealthy?: boolean; timeoutMs?: number } = {}): Promise<void> {
    if (this.running) throw new Error(`${this.app} is already running (pid ${this.child!.pid})`);
    const output = this.options.output ?? 'stderr';
    if (typeof output === 'object') this.log ??= createWriteStream(output.file, { flags: 'a' });
    // Node flags NODE_OPTIONS refuses (`--cpu-prof --cpu-prof-dir=...`), for profiling the apps under a benchmark.
    const nodeFlags = this.options.env.IREN_APP_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeFlags, appEntry(this.app)], {
      env: { ...this.options.env, PORT: String(this.port) },
      stdio: ['ignore', this.log ? 'pipe' : 'ignore', this.log ? 'pipe' : output === 'stderr' ? 'inherit' : 'ignore'],
    });
    if (this.log) {
      child.stdout?.pipe(this.log, { end: false });
      child.stderr?.pipe(this.log, { end: false });
    }
    this.child = child;
    this.paused = false;
    this.starts += 1;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    if (options.waitHealthy === false) return;
    const died = this.exited.then(() => {
      throw new Error(`${this.app} exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    });
    await Promise.race([waitHealthy(this.port, options.timeoutMs, this.app), died]);
  }

  /** Sends `signal` (SIGKILL by default: a crash) and waits until the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child!.kill(signal);
    await this.exited;
  }

  /** SIGSTOP: the process holds its sockets and does nothing until `resume`. */
  pause(): void {
    if (!this.running) return;
    this.child!.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    if (!this.running) return;
    this.child!.kill('SIGCONT');
    this.paused = false;
  }

  /** SIGTERM (its shutdown hooks drain NATS and close the database), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    // A stopped process would hold SIGTERM until continued.
    this.resume();
    const child = this.child!;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills it with `signal` and starts it again, waiting for its health unless told not to. */
  async restart(signal: NodeJS.Signals = 'SIGKILL', options: { waitHealthy?: boolean } = {}): Promise<void> {
    await this.kill(signal);
    await this.start(options);
  }

  /** Stops it and closes its log file: nothing of it is left open. */
  async dispose(): Promise<void> {
    await this.stop();
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
    this.log = undefined;
  }

  /** Synchronous last resort for an exiting parent: SIGKILL, no waiting. */
  killNow(): void {
    if (this.running) this.child!.kill('SIGKILL');
  }
}

/**
 * Starts the four apps the way the network needs them: the registry first (it lays out the streams
 * and the registry bucket the others wait for), then the others together; each waits for its
 * `/health`. `portOf` gives each app its port. On a failure the started ones are stopped.
 */
export async function startApps(
  env: NodeJS.ProcessEnv,
  portOf: (app: AppName) => number,
  output: (app: AppName) => AppOutput = () => 'stderr',
): Promise<Record<AppName, AppProcess>> {
  const apps = Object.fromEntries(
    APP_NAMES.map((app) => [app, new AppProcess({ app, env, port: portOf(app), output: output(app) })]),
  ) as Record<AppName, AppProcess>;
  try {
    await apps.registry.start();
    await Promise.all(APP_NAMES.filter((a) => a !== 'registry').map((a) => apps[a].start()));
    return apps;
  } catch (error) {
    await stopApps(Object.values(apps));
    throw error;
  }
}

/** Stops every process (SIGTERM, then SIGKILL after the grace) and closes their logs. */
export async function stopApps(processes: Iterable<AppProcess>): Promise<void> {
  await Promise.all([...processes].map((p) => p.dispose()));
}

/** Ports for the four apps: the gateway on `gatewayPort`, the others just above it (as `npm start` does). */
export function portsFrom(gatewayPort: number): (app: AppName) => number {
  return (app) => (app === 'gateway' ? gatewayPort : gatewayPort + 1 + APP_NAMES.indexOf(app));
}
