import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createConnection } from 'node:net';
import { delimiter, join } from 'node:path';

/** `nats-server` on PATH, else Debian's `/usr/sbin/nats-server` (not on a user's PATH); undefined when neither. */
export function findNatsServer(path = process.env.PATH ?? ''): string | undefined {
  const candidates = [
    ...path
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'nats-server')),
    '/usr/sbin/nats-server',
  ];
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface NatsServerProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the server has exited. */
  exited: Promise<number | null>;
  /** What the server wrote to stderr so far (its log, unless it logs to a file). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `nats-server -c <config>` and resolves once it greets clients on `port` (its INFO line);
 * rejects with its output if it exits first or does not answer within `timeoutMs`.
 */
export async function startNatsServer(options: {
  binary: string;
  config: string;
  port: number;
  timeoutMs?: number;
  /** `pipe` (default) keeps the log for `output()`; `inherit` shows it on this process's stderr. */
  stderr?: 'pipe' | 'inherit';
  /** The server's environment (its configuration's `$VARIABLES`); this process's by default. */
  env?: NodeJS.ProcessEnv;
}): Promise<NatsServerProcess> {
  const child = spawn(options.binary, ['-c', options.config], {
    stdio: ['ignore', 'ignore', options.stderr ?? 'pipe'],
    env: options.env ?? process.env,
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server: NatsServerProcess = {
    child,
    exited,
    output: () => output,
    stop: async (graceMs = 5000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nats-server exited (${child.exitCode}):\n${output}`);
    if (await greets(options.port)) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`nats-server did not answer on port ${options.port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when a NATS server on the loopback `port` sends its INFO line. */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('INFO')));
    socket.once('error', () => done(false));
  });
}
