import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { TcpProxy } from './tcp-proxy';

/** An echo server: what a client sends comes back. */
async function echoServer(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, sockets };
}

/** A client of the proxy that collects what comes back and how the connection ended. */
async function client(port: number) {
  const socket = createConnection({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const received: Buffer[] = [];
  let ending: string | undefined;
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', (error: NodeJS.ErrnoException) => (ending = error.code));
  socket.on('close', () => (ending ??= 'closed'));
  return {
    socket,
    text: () => Buffer.concat(received).toString(),
    bytes: () => received.reduce((n, c) => n + c.length, 0),
    ending: () => ending,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

describe(TcpProxy.name, () => {
  let echo: Awaited<ReturnType<typeof echoServer>>;
  let proxy: TcpProxy;
  let port: number;
  const clients: Socket[] = [];

  beforeEach(async () => {
    echo = await echoServer();
    proxy = new TcpProxy('127.0.0.1', echo.port);
    port = await proxy.start();
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await proxy.stop();
    for (const s of echo.sockets) s.destroy();
    await new Promise((r) => echo.server.close(r));
  });

  async function connected() {
    const c = await client(port);
    clients.push(c.socket);
    return c;
  }

  it('forwards both ways when normal', async () => {
    const c = await connected();
    c.socket.write('hello');
    await until(() => c.text() === 'hello');
  });

  it('delays each chunk by the latency, each way', async () => {
    proxy.setFault({ kind: 'latency', ms: 150 });
    const c = await connected();
    const started = Date.now();
    c.socket.write('ping');
    await until(() => c.text() === 'ping');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('holds everything during a blackhole, never dialling the target, and lets it through in order afterwards', async () => {
    const before = await connected();
    proxy.setFault({ kind: 'blackhole' });
    const during = await connected();
    before.socket.write('one');
    during.socket.write('two');
    await sleep(300);
    expect(before.text()).toBe('');
    expect(during.text()).toBe('');
    // The target saw only the connection made before the blackhole.
    expect(echo.sockets.size).toBe(1);
    before.socket.write('-three');
    proxy.setFault({ kind: 'normal' });
    await until(() => before.text() === 'one-three' && during.text() === 'two');
    expect(echo.sockets.size).toBe(2);
  });

  it('resets open connections at once, and new ones after some bytes', async () => {
    const open = await connected();
    open.socket.write('x');
    await until(() => open.text() === 'x');
    proxy.setFault({ kind: 'reset', afterBytes: 1000 });
    await until(() => open.ending() !== undefined);
    expect(open.ending()).toBe('ECONNRESET');
    const fresh = await connected();
    fresh.socket.write(Buffer.alloc(400, 'a'));
    await until(() => fresh.bytes() === 400);
    expect(fresh.ending()).toBeUndefined();
    // 400 out and 400 back made 800 bytes; 400 more each way pass 1000, so it breaks mid-stream.
    fresh.socket.write(Buffer.alloc(400, 'b'));
    await until(() => fresh.ending() !== undefined);
    expect(fresh.ending()).toBe('ECONNRESET');
    proxy.setFault({ kind: 'normal' });
    const after = await connected();
    after.socket.write(Buffer.alloc(5000, 'c'));
    await until(() => after.bytes() === 5000);
  });

  it('throttles each direction to its rate', async () => {
    proxy.setFault({ kind: 'throttle', bytesPerSecond: 20_000 });
    const c = await connected();
    const started = Date.now();
    c.socket.write(Buffer.alloc(10_000, 'z'));
    await until(() => c.bytes() === 10_000);
    // 10 kB at 20 kB/s is half a second at least (each way overlaps the other).
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it('still refuses connections while paused and takes them again once resumed', async () => {
    await proxy.pause();
    await expect(client(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.resume();
    const c = await connected();
    c.socket.write('back');
    await until(() => c.text() === 'back');
  });
});
