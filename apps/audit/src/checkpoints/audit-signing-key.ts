import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { keyIdOf } from '@iren/ledger';
import type { CheckpointsRepository } from './checkpoints.repository';

/** The audit service's Ed25519 checkpoint signing key, with its id and public half. */
export interface AuditSigningKey {
  privateKey: KeyObject;
  keyId: string;
  /** SPKI PEM, what `GET /audit/public-key` hands out. */
  publicKeyPem: string;
}

export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');

function fromPrivateKey(privateKey: KeyObject): AuditSigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/**
 * The key from `IREN_AUDIT_SIGNING_KEY` when configured (production: from a secret). Otherwise the
 * key stored in the audit schema, generated on the first start; a copy of the database then holds
 * the private key, which is acceptable for development and tests only.
 */
export async function loadAuditSigningKey(
  configuredPem: string | undefined,
  repository: CheckpointsRepository,
): Promise<AuditSigningKey> {
  if (configuredPem !== undefined) return fromPrivateKey(createPrivateKey(configuredPem));
  const stored = await repository.storedKeyPem();
  if (stored !== null) return fromPrivateKey(createPrivateKey(stored));
  const generated = fromPrivateKey(generateKeyPairSync('ed25519').privateKey);
  await repository.storeKey(generated.keyId, generated.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  // Read back: when two instances start together, both sign with the key stored first.
  return fromPrivateKey(createPrivateKey((await repository.storedKeyPem()) as string));
}
