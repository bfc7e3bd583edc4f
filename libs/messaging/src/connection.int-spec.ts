import { connect } from '@nats-io/transport-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type NatsServerProcess, startNatsServer } from './bus-auth/nats-server-process';
import { NATS_SERVER, sparePort, withNatsServer } from '@iren/messaging/testing';
import { connectNats, drainNats } from './connection';

withNatsServer(describe, connectNats.name)(`${connectNats.name} with a user and password in NATS_URL`, () => {
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
