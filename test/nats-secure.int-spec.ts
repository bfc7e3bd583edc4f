import { jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../scripts/nats-secure';
import { sparePort, withNatsServer } from '@iren/messaging/testing';

describe('npm run nats:secure', () => {
  let dir: string;
  let lines: string[];
  const io = {
    out: (line: string) => lines.push(line),
    err: (line: string) => lines.push(line),
    serverLog: 'pipe' as const,
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iren-nats-secure-'));
    lines = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to run without --dir, printing its usage', async () => {
    expect(await main(['--port', '4222'], io)).toBe(2);
    expect(lines.join('\n')).toMatch(/--dir is required\nusage: nats-secure --dir/);
  });

  it("prints what the apps need, and writes a national site's folder with --site", async () => {
    const args = ['--dir', dir, '--port', '14999', '--generate-only', '--site', 'KZ'];
    expect(await main(args, io)).toBe(0);
    expect(lines).toContain('  NATS_URL=nats://127.0.0.1:14999');
    expect(lines).toContain(`  NATS_CREDS_DIR=${join(dir, 'creds')}`);
    expect(existsSync(join(dir, 'sites', 'kz', 'leaf.creds'))).toBe(true);
  });

  it('refuses a cluster of fewer than 3 servers, naming --cluster', async () => {
    expect(await main(['--dir', dir, '--cluster', '2', '--generate-only'], io)).toBe(2);
    expect(lines.join('\n')).toMatch(/--cluster "2" must be a number of servers from 3 to 9/);
  });

  withNatsServer(it, 'the nats:secure cluster test')(
    'with --cluster 3, runs three servers that form one JetStream cluster in the hub domain, on the same accounts',
    async () => {
      const port = await sparePort();
      const routePort = await sparePort();
      const stop = new AbortController();
      const args = ['--dir', dir, '--port', String(port), '--route-port', String(routePort), '--cluster', '3'];
      const running = main(args, io, stop.signal);
      const deadline = Date.now() + 20_000;
      while (!lines.some((line) => line.includes('is running')) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const urls = [port, port + 1, port + 2].map((p) => `nats://127.0.0.1:${p}`).join(',');
      expect(lines).toContain(`  NATS_URL=${urls}`);
      expect(readFileSync(join(dir, 'hub-2.conf'), 'utf8')).toContain('server_name: "hub-2"');
      const ops = await connect({
        servers: `127.0.0.1:${port + 2}`,
        authenticator: credsAuthenticator(readFileSync(join(dir, 'creds', 'ops.creds'))),
      });
      try {
        // The meta leader is elected a moment after the servers meet: until then the JetStream API
        // does not answer, so the manager skips its check and the first stream is retried.
        const jsm = await jetstreamManager(ops, { checkAPI: false });
        let info;
        while (!info && Date.now() < deadline + 10_000) {
          info = await jsm.streams.add({ name: 'R3', subjects: ['r3.>'], num_replicas: 3 }).catch(() => undefined);
          if (!info) await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(info?.cluster?.name).toBe('iren-hub');
        expect([info?.cluster?.leader, ...(info?.cluster?.replicas ?? []).map((r) => r.name)].sort()).toEqual([
          'hub-1',
          'hub-2',
          'hub-3',
        ]);
        expect((await jsm.getAccountInfo()).domain).toBe('hub');
      } finally {
        await ops.close();
      }
      stop.abort();
      expect(await running).toBe(0);
      expect(lines).toContain('nats-server stopped');
    },
    45_000,
  );

  withNatsServer(it, 'the nats:secure server test')(
    'runs the server until stopped: strangers refused, the operators’ user let in',
    async () => {
      const port = await sparePort();
      const stop = new AbortController();
      const running = main(['--dir', dir, '--port', String(port)], io, stop.signal);
      const deadline = Date.now() + 15_000;
      while (!lines.some((line) => line.includes('is running')) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const servers = `127.0.0.1:${port}`;
      await expect(connect({ servers, reconnect: false })).rejects.toThrow(/Authorization Violation/);
      const ops = await connect({
        servers,
        authenticator: credsAuthenticator(readFileSync(join(dir, 'creds', 'ops.creds'))),
      });
      await ops.close();
      stop.abort();
      expect(await running).toBe(0);
      expect(lines).toContain('nats-server stopped');
    },
    20_000,
  );
});
