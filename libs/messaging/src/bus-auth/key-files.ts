import { createAccount, createOperator, createUser, type KeyPair } from '@nats-io/nkeys';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { nativeKey, nativeKeyFromSeed } from './native-key';

/** How each kind of key is made: operators and their signing keys, accounts and theirs, the services' users. */
export const KEY_KINDS = { operator: createOperator, account: createAccount, user: createUser } as const;

/**
 * The key in `file`, made and saved on first use. A key is never replaced: the operator's and
 * accounts' public keys are what every server and credential trusts, so a new one would orphan them.
 */
export function loadOrCreateKey(file: string, create: () => KeyPair): KeyPair {
  if (existsSync(file)) return readKey(file);
  const key = create();
  writeSecret(file, new TextDecoder().decode(key.getSeed()) + '\n');
  return nativeKey(key);
}

export function readKey(file: string): KeyPair {
  return nativeKeyFromSeed(readFileSync(file, 'utf8'));
}

/** Writes a secret readable by its owner only, all at once (a reader never sees half a file). */
export function writeSecret(file: string, content: string): void {
  writeFileAtomically(file, content, 0o600);
}

export function writeFileAtomically(file: string, content: string, mode = 0o644): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, file);
}
