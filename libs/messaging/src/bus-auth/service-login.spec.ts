import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNatsUrl } from './nats-url';
import { busConnectionOptions } from './service-login';

describe(parseNatsUrl.name, () => {
  it('takes the user and password out of the URL, decoded, and keeps host and port', () => {
    expect(parseNatsUrl('nats://gateway:p%40ss@nats.example.org:4222')).toEqual({
      servers: ['nats.example.org:4222'],
      user: 'gateway',
      pass: 'p@ss',
    });
  });

  it('reads several servers, keeps tls:// and has no credentials when none are given', () => {
    expect(parseNatsUrl('nats://a:4222, tls://b:4443')).toEqual({ servers: ['a:4222', 'tls://b:4443'] });
  });
});

describe(busConnectionOptions.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iren-creds-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replies to the service’s own prefix, and logs in with the URL’s user without a creds directory', () => {
    const options = busConnectionOptions({ url: 'nats://u:p@127.0.0.1:4222', service: 'router', namespace: 't1' });
    expect(options).toEqual({ servers: ['127.0.0.1:4222'], user: 'u', pass: 'p', inboxPrefix: '_INBOX.t1.router' });
  });

  it('stops with a message naming NATS_CREDS_DIR and the file when the creds file is missing', () => {
    expect(() =>
      busConnectionOptions({ url: 'nats://127.0.0.1:4222', service: 'audit', namespace: 'iren', credsDir: dir }),
    ).toThrow(`NATS_CREDS_DIR: cannot read ${join(dir, 'audit.creds')} (ENOENT)`);
  });

  it('stops when the file is unreadable or is not a credentials file', () => {
    const file = join(dir, 'gateway.creds');
    writeFileSync(file, 'not creds');
    const login = { url: 'nats://127.0.0.1:4222', service: 'gateway' as const, namespace: 'iren', credsDir: dir };
    expect(() => busConnectionOptions(login)).toThrow(`NATS_CREDS_DIR: ${file} is not a NATS credentials file`);
    chmodSync(file, 0);
    if (process.getuid?.() !== 0)
      expect(() => busConnectionOptions(login)).toThrow(/NATS_CREDS_DIR: cannot read .*EACCES/);
  });
});
