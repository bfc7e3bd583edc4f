import { createServer } from 'node:net';

/** Ports this process handed out: a harness chooses several before the first is listened on. */
const handedOut = new Set<number>();

/**
 * A loopback port nothing listens on right now, and never one this process handed out before: a
 * network's servers and apps are given their ports in turn and start later, so a port chosen for
 * one and not yet taken would otherwise be free to choose again for another.
 */
export async function sparePort(): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}
