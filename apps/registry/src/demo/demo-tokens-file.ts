import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

/** The demo officers' tokens as the seed writes them: node id → bearer token. */
export type DemoTokens = Record<string, string>;

/**
 * Writes the demo officers' tokens to `file`, readable and writable by its owner only (0600), in
 * its directory made owner-only when missing. A new file replaces the old whole (rename), so no
 * reader ever sees half of it and an older file's looser mode never carries over.
 */
export function writeDemoTokens(file: string, tokens: DemoTokens): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  // The process's umask may have taken bits off at creation; the mode is exactly this.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function readDemoTokens(file: string): DemoTokens {
  return JSON.parse(readFileSync(file, 'utf8')) as DemoTokens;
}

/** When `file` was last written (its change time and inode), or undefined when there is none. */
export function demoTokensStamp(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return `${stat.ino}:${stat.ctimeMs}`;
  } catch {
    return undefined;
  }
}
