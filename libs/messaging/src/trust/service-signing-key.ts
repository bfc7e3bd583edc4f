import { createPublicKey } from 'node:crypto';
import { newSigningKeyPair, privateKeyOf, type ServiceName, type SigningKey, signingKeyId } from '@iren/contracts';
import type { BusKeysRepository } from './bus-keys.repository';

/** A service's own signing key, with its public part as the registry publishes it. */
export interface ServiceSigningKey extends SigningKey {
  service: ServiceName;
  publicKeyPem: string;
  createdAt: Date;
}

/**
 * The service's signing key from its own schema, made on its first start. Instances of one service
 * share their schema and so their key. As with the nodes' keys kept by the gateway, a copy of the
 * database holds the private part; production keeps such keys in an HSM or a key service.
 */
export async function loadServiceSigningKey(
  store: BusKeysRepository,
  service: ServiceName,
): Promise<ServiceSigningKey> {
  let stored = await store.find('self');
  if (!stored?.privateKey) {
    const { publicKeyPem, privateKeyPem } = newSigningKeyPair();
    const keyId = signingKeyId(service, publicKeyPem);
    stored = await store.storeOnce('self', { keyId, publicKey: publicKeyPem, privateKey: privateKeyPem });
  }
  const privateKey = privateKeyOf(stored.privateKey!);
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { service, keyId: stored.keyId, privateKey, publicKeyPem, createdAt: stored.createdAt ?? new Date() };
}
