import {
  newSigningKeyPair,
  type NodeKeysRecord,
  privateKeyOf,
  type ServiceKeysRecord,
  type ServiceName,
  signEnvelope,
  type Envelope,
  type KeyDirectory,
  signingKeyId,
  signRegistryEntry,
  type SignedRegistryEntry,
} from '@iren/contracts';
import type { RegistryKey } from '../registry-mirror';
import { BusSigner } from '../trust/bus-signer';
import type { ServiceSigningKey } from '../trust/service-signing-key';

/** A fresh service key, as the service holds it and as the registry publishes it. */
export function testServiceKey(service: ServiceName): { key: ServiceSigningKey; record: ServiceKeysRecord } {
  const { publicKeyPem, privateKeyPem } = newSigningKeyPair();
  const keyId = signingKeyId(service, publicKeyPem);
  const createdAt = new Date('2026-01-01T00:00:00.000Z');
  const key = { service, keyId, privateKey: privateKeyOf(privateKeyPem), publicKeyPem, createdAt };
  const record: ServiceKeysRecord = {
    service,
    keys: [{ keyId, algorithm: 'Ed25519', publicKey: publicKeyPem, registeredAt: createdAt.toISOString() }],
  };
  return { key, record };
}

/** A signer for `service` with a fresh key. */
export function testSigner(service: ServiceName): BusSigner {
  return new BusSigner(testServiceKey(service).key);
}

/** A fresh gateway-held key for a node, and the record the registry publishes of it. */
export function testNodeKey(node: string) {
  const { publicKeyPem, privateKeyPem } = newSigningKeyPair();
  const keyId = signingKeyId(node, publicKeyPem);
  const record: NodeKeysRecord = {
    nodeId: node,
    keys: [
      {
        keyId,
        algorithm: 'Ed25519',
        publicKey: publicKeyPem,
        status: 'ACTIVE',
        holder: 'gateway',
        createdAt: '2026-01-01T00:00:00.000Z',
        retiredAt: null,
      },
    ],
  };
  const sign = <E extends Envelope<unknown>>(envelope: E): E =>
    signEnvelope(envelope, { keyId, privateKey: privateKeyOf(privateKeyPem) });
  return { keyId, record, sign };
}

/**
 * A registry's key and the bucket values it signs, as `RegistryMirror` reads them: `sign(key,
 * record)` the value for a record under a key (record undefined: a signed tombstone).
 */
export function testRegistry(): {
  registryKey: RegistryKey;
  sign(key: string, record: unknown): SignedRegistryEntry;
} {
  const { key } = testServiceKey('registry');
  return {
    registryKey: { keyId: key.keyId, publicKey: key.publicKeyPem },
    sign: (name, record) => signRegistryEntry(key, name, record === undefined ? null : record),
  };
}

/** A key directory holding the given nodes' and services' keys, as a consumer's mirror would. */
export function testKeyDirectory(
  nodes: NodeKeysRecord[],
  services: ServiceKeysRecord[],
): KeyDirectory & { catchUp(): Promise<boolean> } {
  return {
    keysOf: (node) => nodes.find((n) => n.nodeId === node),
    serviceKeys: (service) => services.find((s) => s.service === service),
    catchUp: async () => true,
  };
}
