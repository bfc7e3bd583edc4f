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
 *   --site KZ                       also issue the leaf-connection users of a national site
 *                                   (sites/kz/, for deploy/nats/leaf-kz.conf)
 *   --cluster 3 [--route-port 6222] also a hub JetStream cluster of 3 servers on loopback, same operator
 *                                   and accounts: hub-1.conf..hub-3.conf, clients on --port and the
 *                                   next ports, routes on --route-port and the next; runs all three
 */
import { parseArgs } from 'node:util';
import {
  type BusMaterial,
  CREDS_FILES,
  ensureBusMaterial,
  findNatsServer,
  type HubClusterPorts,
  type NatsServerProcess,
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
  'usage: nats-secure --dir <dir> [--port 4222] [--namespace iren] [--generate-only] [--site KZ] [--cluster 3 [--route-port 6222]]';

interface Options {
  dir: string;
  port: number;
  namespace: string;
  generateOnly: boolean;
  site?: { country: string };
  cluster?: HubClusterPorts;
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
      cluster: { type: 'string' },
      'route-port': { type: 'string', default: '6222' },
    },
  });
  if (!values.dir) throw new UsageError('--dir is required');
  const size = values.cluster === undefined ? 1 : Number(values.cluster);
  if (values.cluster !== undefined && (!Number.isInteger(size) || size < 3 || size > 9)) {
    throw new UsageError(`--cluster "${values.cluster}" must be a number of servers from 3 to 9`);
  }
  const port = portOption('--port', values.port!, size);
  const routePort = portOption('--route-port', values['route-port']!, size);
  return {
    dir: values.dir,
    port,
    namespace: values.namespace!,
    generateOnly: values['generate-only']!,
    ...(values.site && { site: { country: values.site.toUpperCase() } }),
    ...(values.cluster !== undefined && {
      cluster: { clientPorts: consecutive(port, size), routePorts: consecutive(routePort, size) },
    }),
  };
}

/** A port with room for `count` consecutive ports from it. */
function portOption(name: string, value: string, count: number): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port + count - 1 > 65535) {
    throw new UsageError(`${name} "${value}" is not a port${count > 1 ? ` with ${count - 1} more after it` : ''}`);
  }
  return port;
}

function consecutive(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

function describe(material: BusMaterial, io: CliOutput): void {
  const { layout } = material;
  io.out(`NATS material in ${layout.dir} (keys made once, in ${layout.keys}; keep them secret)`);
  io.out(`  NATS_URL=${material.url}`);
  io.out(`  NATS_CREDS_DIR=${material.credsDir}`);
  io.out(`  server configuration: ${layout.natsConf} (trust part, for other configurations: ${layout.authConf})`);
  for (const server of material.hubServers) io.out(`  hub cluster server ${server.name}: ${server.conf}`);
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
  // The registry's user lays out the hub's stream of each national site.
  const material = await ensureBusMaterial({ ...opts, sites: opts.site ? [opts.site.country] : [] });
  describe(material, io);
  if (opts.site) {
    const dir = await writeSiteMaterial(opts.dir, { ...opts.site, namespace: opts.namespace });
    io.out(`  site ${opts.site.country}: ${dir}`);
  }
  if (opts.generateOnly) return 0;
  const servers = opts.cluster ? material.hubServers : [{ conf: material.layout.natsConf, port: opts.port }];
  return serve(servers, io, stop);
}

/** Runs the servers in the foreground until one exits or they are told to stop. */
async function serve(servers: { conf: string; port: number }[], io: CliOutput, stop: AbortSignal): Promise<number> {
  const binary = findNatsServer();
  if (!binary) {
    io.err('nats-server is not installed (neither on PATH nor /usr/sbin): install Debian’s nats-server package');
    return 1;
  }
  const running: NatsServerProcess[] = [];
  const stopServers = () => void Promise.all(running.map((server) => server.stop()));
  stop.addEventListener('abort', stopServers, { once: true });
  try {
    for (const { conf, port } of servers) {
      running.push(await startNatsServer({ binary, config: conf, port, stderr: io.serverLog ?? 'inherit' }));
    }
  } catch (error) {
    stopServers();
    throw error;
  }
  const ports = servers.map((server) => `127.0.0.1:${server.port}`).join(', ');
  io.out(`nats-server (${binary}) is running on ${ports}; Ctrl-C stops it.`);
  if (stop.aborted) stopServers();
  const code = await Promise.race(running.map((server) => server.exited));
  if (!stop.aborted) stopServers();
  await Promise.all(running.map((server) => server.exited));
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
