import { connect } from '@nats-io/transport-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { findNatsServer, type NatsServerProcess, startNatsServer } from './bus-auth/nats-server-process';
import { sparePort } from '@iren/messaging/testing';
import { connectNats, drainNats } from './connection';

const NATS_SERVER = findNatsServer();
if (!NATS_SERVER) console.warn('skipped: nats-server is not installed (neither on PATH nor /usr/sbin)');

(NATS_SERVER ? describe : describe.skip)(`${connectNats.name} with a user and password in NATS_URL`, () => {
  let dir: string;
  let port: number;
  let server: NatsServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iren-nats-userpass-'));
    port = await sparePort();
    const config = join(dir, 'nats.conf');
    writeFileSync(config, `listen: 127.0.0.1:${port}\nauthorization { user: gateway, password: "p@ss:word" }\n`);
    server = await startNatsServer({ binary: NATS_SERVER!, config, port });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with them (percent-decoded), where a connection without them is refused', async () => {
    await expect(connect({ servers: `127.0.0.1:${port}`, reconnect: false })).rejects.toThrow(/Authorization/);
    const url = `nats://gateway:${encodeURIComponent('p@ss:word')}@127.0.0.1:${port}`;
    const nc = await connectNats(url, 'userpass-test', pino({ level: 'silent' }));
    expect(nc.info?.auth_required).toBe(true);
    await drainNats(nc);
  });
});
