/**
 * `npm run nats:secure -- --dir <dir> --port <port> [--namespace iren]`: a NATS server with
 * decentralised authentication for this machine. Makes, once, the operator, the system and IREN
 * accounts and their keys in <dir>, and the service users for the namespace from the channel
 * catalogue (all reused afterwards; a user whose permissions changed with the code is issued anew
 * under its key, and its earlier JWTs revoked), writes <dir>/auth.conf and <dir>/nats.conf, starts
 * `nats-server -c <dir>/nats.conf`, prints the NATS_URL and NATS_CREDS_DIR the apps need, and runs
 * until stopped (Ctrl-C or SIGTERM stop the server too).
 *
 *   --generate-only                 write the material and configuration, print, exit (for scripts
 *                                   that start the server themselves, and for docker compose)
 *   --site KZ --site-nodes A,B      also issue the leaf-connection users of a national site
 *                                   (sites/kz/, for deploy/nats/leaf-kz.conf)
 */
import { parseArgs } from 'node:util';
import {
  type BusMaterial,
  CREDS_FILES,
  ensureBusMaterial,
  findNatsServer,
  startNatsServer,
  writeSiteMaterial,
} from '@iren/messaging';

/** Where the CLI writes; a test passes its own. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
  /** Where the server's own log goes: this terminal (default), or nowhere but memory. */
  serverLog?: 'inherit' | 'pipe';
}

const USAGE =
  'usage: nats-secure --dir <dir> [--port 4222] [--namespace iren] [--generate-only] [--site KZ --site-nodes KZ-PCU-AKTAU,...]';

interface Options {
  dir: string;
  port: number;
  namespace: string;
  generateOnly: boolean;
  site?: { country: string; nodes: string[] };
}

class UsageError extends Error {}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      port: { type: 'string', default: '4222' },
      namespace: { type: 'string', default: 'iren' },
      'generate-only': { type: 'boolean', default: false },
      site: { type: 'string' },
      'site-nodes': { type: 'string' },
    },
  });
  if (!values.dir) throw new UsageError('--dir is required');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--port "${values.port}" is not a port`);
  if ((values.site === undefined) !== (values['site-nodes'] === undefined)) {
    throw new UsageError('--site and --site-nodes go together');
  }
  return {
    dir: values.dir,
    port,
    namespace: values.namespace!,
    generateOnly: values['generate-only']!,
    ...(values.site && {
      site: { country: values.site.toUpperCase(), nodes: values['site-nodes']!.split(',').map((n) => n.trim()) },
    }),
  };
}

function describe(material: BusMaterial, io: CliOutput): void {
  const { layout } = material;
  io.out(`NATS material in ${layout.dir} (keys made once, in ${layout.keys}; keep them secret)`);
  io.out(`  NATS_URL=${material.url}`);
  io.out(`  NATS_CREDS_DIR=${material.credsDir}`);
  io.out(`  server configuration: ${layout.natsConf} (trust part, for other configurations: ${layout.authConf})`);
  io.out(
    `  operators' credentials (nats CLI, tests; keep them off the service hosts): ${material.credsDir}/${CREDS_FILES.ops}`,
  );
}

/** Runs the command; a server it starts runs until `stop` is aborted (SIGINT or SIGTERM from the shell). */
export async function main(
  argv: string[],
  io: CliOutput = { out: console.log, err: console.error },
  stop: AbortSignal = new AbortController().signal,
): Promise<number> {
  let opts: Options;
  try {
    opts = options(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const material = await ensureBusMaterial(opts);
  describe(material, io);
  if (opts.site) {
    const dir = await writeSiteMaterial(opts.dir, { ...opts.site, namespace: opts.namespace });
    io.out(`  site ${opts.site.country} (${opts.site.nodes.join(', ')}): ${dir}`);
  }
  if (opts.generateOnly) return 0;
  return serve(material, opts.port, io, stop);
}

/** Runs the server in the foreground until it exits or is told to stop. */
async function serve(material: BusMaterial, port: number, io: CliOutput, stop: AbortSignal): Promise<number> {
  const binary = findNatsServer();
  if (!binary) {
    io.err('nats-server is not installed (neither on PATH nor /usr/sbin): install Debian’s nats-server package');
    return 1;
  }
  const server = await startNatsServer({
    binary,
    config: material.layout.natsConf,
    port,
    stderr: io.serverLog ?? 'inherit',
  });
  io.out(`nats-server (${binary}) is running on 127.0.0.1:${port}; Ctrl-C stops it.`);
  const stopServer = () => void server.stop();
  if (stop.aborted) stopServer();
  stop.addEventListener('abort', stopServer, { once: true });
  const code = await server.exited;
  io.out(stop.aborted ? 'nats-server stopped' : `nats-server exited by itself (${code})`);
  // nats-server exits 1 when it is told to stop; only an unasked exit is a failure.
  return stop.aborted ? 0 : code || 1;
}

if (require.main === module) {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  main(process.argv.slice(2), undefined, stop.signal).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`nats-secure: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
