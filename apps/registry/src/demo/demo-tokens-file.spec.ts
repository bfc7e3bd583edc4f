import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoTokensStamp, readDemoTokens, writeDemoTokens } from './demo-tokens-file';

describe(writeDemoTokens.name, () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iren-demo-tokens-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the tokens for their owner only, in a directory it makes owner-only', () => {
    const file = join(dir, 'state', 'demo-tokens.json');
    writeDemoTokens(file, { 'KZ-PCU-AKTAU': 'irn_a' });
    expect(readDemoTokens(file)).toEqual({ 'KZ-PCU-AKTAU': 'irn_a' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
  });

  it('replaces an older file whole, its looser mode with it, leaving nothing beside it', () => {
    const file = join(dir, 'demo-tokens.json');
    writeFileSync(file, '{"KZ-PCU-AKTAU":"irn_old"}');
    chmodSync(file, 0o644);
    const before = demoTokensStamp(file);
    writeDemoTokens(file, { 'KZ-PCU-AKTAU': 'irn_new' });
    expect(readDemoTokens(file)).toEqual({ 'KZ-PCU-AKTAU': 'irn_new' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['demo-tokens.json']);
    expect(demoTokensStamp(file)).not.toBe(before);
  });

  it('stamps a file by when it was written, not when it was read, and no file as undefined', () => {
    const file = join(dir, 'demo-tokens.json');
    expect(demoTokensStamp(file)).toBeUndefined();
    writeDemoTokens(file, {});
    const written = demoTokensStamp(file);
    expect(written).toEqual(expect.any(String));
    readDemoTokens(file);
    expect(demoTokensStamp(file)).toBe(written);
  });
});
