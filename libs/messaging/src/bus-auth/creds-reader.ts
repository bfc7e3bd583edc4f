import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@iren/platform';

/** A file of the creds directory, read at start: a missing or unreadable one stops the app, naming it. */
export function readFromCredsDir(credsDir: string, name: string): string {
  const file = join(credsDir, name);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError('NATS_CREDS_DIR', `cannot read ${file} (${reason})`);
  }
}
