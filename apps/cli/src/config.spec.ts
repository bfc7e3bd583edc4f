import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPath, readConfig, resolveConnection, writeConfig } from './config';
import { MissingTokenError, UsageError } from './exit-codes';

describe('CLI configuration', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iren-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lives under XDG_CONFIG_HOME, else ~/.config; a relative XDG_CONFIG_HOME is ignored as the spec says', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/etc/xdg-user' })).toBe('/etc/xdg-user/iren/config.json');
    expect(configPath({ HOME: '/home/officer' })).toBe('/home/officer/.config/iren/config.json');
    expect(configPath({ XDG_CONFIG_HOME: 'relative', HOME: '/home/o' })).toBe('/home/o/.config/iren/config.json');
  });

  it('stores settings readable by the owner only, in a directory of the owner only', () => {
    const path = configPath({ XDG_CONFIG_HOME: dir });
    writeConfig(path, 'url', 'https://iren.example.org');
    writeConfig(path, 'token', 'irn_secret');
    expect(readConfig(path)).toEqual({ url: 'https://iren.example.org', token: 'irn_secret' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'iren')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ url: 'https://iren.example.org', token: 'irn_secret' });
  });

  it('reads no file as empty, and refuses a file that is not a JSON object, naming it', () => {
    const path = join(dir, 'config.json');
    expect(readConfig(path)).toEqual({});
    writeFileSync(path, '{not json');
    expect(() => readConfig(path)).toThrow(
      new UsageError(`${path} is not JSON; fix it or remove it and run iren config set again`),
    );
    writeFileSync(path, '[]');
    expect(() => readConfig(path)).toThrow(/should hold a JSON object/);
  });

  it('takes flags over the environment over the file', () => {
    const stored = { url: 'https://file', token: 'file-token', node: 'KZ-PCU-AKTAU' };
    const env = { IREN_URL: 'https://env', IREN_TOKEN: 'env-token' };
    expect(resolveConnection({}, {}, stored)).toEqual(stored);
    expect(resolveConnection({}, env, stored)).toEqual({
      url: 'https://env',
      token: 'env-token',
      node: 'KZ-PCU-AKTAU',
    });
    expect(resolveConnection({ token: 'flag-token', node: 'GE-PCU-POTI' }, env, stored)).toEqual({
      url: 'https://env',
      token: 'flag-token',
      node: 'GE-PCU-POTI',
    });
  });

  it('says what is missing: the URL is a usage error, the token an authentication one', () => {
    expect(() => resolveConnection({}, {}, { token: 't' })).toThrow(UsageError);
    expect(() => resolveConnection({}, { IREN_TOKEN: '' }, { url: 'https://x' })).toThrow(MissingTokenError);
  });
});
