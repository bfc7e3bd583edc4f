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
    const args = ['--dir', dir, '--port', '14999', '--generate-only', '--site', 'KZ', '--site-nodes', 'KZ-PCU-AKTAU'];
    expect(await main(args, io)).toBe(0);
    expect(lines).toContain('  NATS_URL=nats://127.0.0.1:14999');
    expect(lines).toContain(`  NATS_CREDS_DIR=${join(dir, 'creds')}`);
    expect(existsSync(join(dir, 'sites', 'kz', 'leaf.creds'))).toBe(true);
  });

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
